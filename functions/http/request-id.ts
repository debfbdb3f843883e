import type { APIGatewayProxyEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { echoableRequestId, requestIdHeader } from '../../contracts/api/request-id';
import { headerValue } from './headers';

/** The rule of contracts/api/request-id.ts: the caller's id when it is safe, otherwise API Gateway's. */
export function requestIdOf(event: Pick<APIGatewayProxyEvent, 'headers' | 'requestContext'>): string {
  return echoableRequestId(headerValue(event.headers, requestIdHeader)) ?? event.requestContext?.requestId ?? randomUUID();
}
