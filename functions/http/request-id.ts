import type { APIGatewayProxyEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

/** A caller's own x-request-id is echoed when it is a sane token; otherwise API Gateway's is used. */
export function requestIdOf(event: Pick<APIGatewayProxyEvent, 'headers' | 'requestContext'>): string {
  const given = event.headers?.['x-request-id'];
  if (given && /^[A-Za-z0-9._:-]{1,128}$/.test(given)) return given;
  return event.requestContext?.requestId ?? randomUUID();
}
