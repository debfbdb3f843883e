import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { GatewayError } from '../core/errors';
import { loggableError } from '../observability/loggable-error';
import { logger } from '../observability/logger';
import { emitMetric } from '../observability/metrics';
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
        logOutcome(error, event);
        return problemResponse(error, requestId, event.path);
      } finally {
        logger.removeKeys(['requestId']);
      }
    });
}

function logOutcome(error: unknown, event: APIGatewayProxyEvent): void {
  if (error instanceof GatewayError && error.status < 500) {
    logger.debug('request rejected', { status: error.status, type: error.type, route: event.resource });
    return;
  }
  // Counted by route (a fixed set of API Gateway resources): the identity failure-rate alarm reads its route's.
  emitMetric('requestsFailed', { route: event.resource });
  logger.error('request failed', { route: event.resource, error: loggableError(error) });
}
