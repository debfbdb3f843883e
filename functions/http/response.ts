import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Problem } from '../../contracts/api/problem';
import { problemContentType, problemTypes } from '../../contracts/api/problem-types';
import { GatewayError, ValidationError } from '../core/errors';
import { boundedProblemJson } from './problem-document';

/** What an HTTP handler returns; the middleware serialises it and adds the common headers. */
export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): JsonResponse {
  return { status, body, headers };
}

/** A text answer (CSV export): the body is sent as is, with the given content type. */
export function textResponse(status: number, body: string, contentType: string, headers?: Record<string, string>): JsonResponse {
  return { status, body, headers: { ...headers, 'content-type': contentType } };
}

export function serialise(response: JsonResponse, requestId: string): APIGatewayProxyResult {
  if (response.status === 204) return { statusCode: 204, headers: { ...response.headers, 'x-request-id': requestId }, body: '' };
  if (typeof response.body === 'string' && response.headers?.['content-type']?.startsWith('text/')) {
    return { statusCode: response.status, headers: { ...response.headers, 'x-request-id': requestId }, body: response.body };
  }
  return {
    statusCode: response.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...response.headers, 'x-request-id': requestId },
    body: JSON.stringify(response.body),
  };
}

/** Turns any error into an RFC 9457 document, bounded in size; unknown errors become an opaque 500. */
export function problemResponse(error: unknown, requestId: string, instance: string): APIGatewayProxyResult {
  const problem: Problem =
    error instanceof GatewayError
      ? {
          type: error.type,
          title: error.title,
          status: error.status,
          detail: error.message || undefined,
          instance,
          requestId,
          ...error.extensions,
        }
      : {
          type: problemTypes.internal,
          title: 'Internal error',
          status: 500,
          detail: 'The gateway failed unexpectedly; the request id identifies it in the logs.',
          instance,
          requestId,
        };
  return {
    statusCode: problem.status,
    headers: {
      'content-type': problemContentType,
      ...(error instanceof GatewayError ? error.headers : {}),
      'x-request-id': requestId,
    },
    body: boundedProblemJson(problem, error instanceof ValidationError ? error.fieldErrors : []),
  };
}
