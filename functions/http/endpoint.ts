import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { GatewayError } from '../core/errors';
import { loggableError } from '../observability/loggable-error';
import { logger } from '../observability/logger';
import { readJsonBody } from './json-body';
import { requestIdOf } from './request-id';
import type { JsonResponse } from './response';
import { problemResponse, serialise } from './response';

export interface HttpRequest {
  readonly event: APIGatewayProxyEvent;
  readonly context: Context;
  readonly requestId: string;
  /** The parsed JSON body when the endpoint declares `jsonBody`; otherwise undefined. */
  readonly body: unknown;
}

export interface EndpointOptions {
  readonly jsonBody?: boolean;
  /**
   * Told of each request answered 5xx (a failure of the gateway or a dependency, never the
   * caller's), with its API Gateway resource. A function whose alarms count these passes a
   * metric here; the others do not pay for the metrics library in their bundle.
   */
  readonly onServerError?: (route: string) => void;
}

/**
 * The one middy stack every HTTP function uses: lower-cased headers, a request id on every
 * response and log line, JSON body reading, and RFC 9457 problem documents for every error.
 */
export function httpEndpoint(options: EndpointOptions, handle: (request: HttpRequest) => Promise<JsonResponse>) {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(httpHeaderNormalizer())
    .handler(async (event, context) => {
      const requestId = requestIdOf(event);
      logger.appendKeys({ requestId });
      try {
        const body = options.jsonBody ? readJsonBody(event) : undefined;
        return serialise(await handle({ event, context, requestId, body }), requestId);
      } catch (error) {
        if (logOutcome(error, event) === 'failed') options.onServerError?.(event.resource);
        return problemResponse(error, requestId, event.path);
      } finally {
        logger.removeKeys(['requestId']);
      }
    });
}

function logOutcome(error: unknown, event: APIGatewayProxyEvent): 'rejected' | 'failed' {
  if (error instanceof GatewayError && error.status < 500) {
    logger.debug('request rejected', { status: error.status, type: error.type, route: event.resource });
    return 'rejected';
  }
  logger.error('request failed', { route: event.resource, error: loggableError(error) });
  return 'failed';
}
