import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import type { Route } from '../../../contracts/api/routes';
import { logger } from '../../observability/logger';
import type { ApiKeyRecord } from './api-keys';
import { bearerToken, hashApiKey, looksLikeApiKey } from './api-keys';
import { policyForKey } from './authorization';

export interface AuthorizerPorts {
  readonly findApiKey: (keyHash: string) => Promise<ApiKeyRecord | undefined>;
  readonly routes: readonly Route[];
}

/** The message API Gateway maps to 401; any other error would become a 500. */
export const unauthorized = 'Unauthorized';

export async function authorizeRequest(
  event: APIGatewayRequestAuthorizerEvent,
  ports: AuthorizerPorts,
): Promise<APIGatewayAuthorizerResult> {
  const token = bearerToken(headerValue(event.headers, 'authorization'));
  if (!token || !looksLikeApiKey(token)) throw new Error(unauthorized);
  const record = await ports.findApiKey(hashApiKey(token));
  if (!record || record.status !== 'active') {
    logger.info('api key refused', { keyFound: record !== undefined, status: record?.status });
    throw new Error(unauthorized);
  }
  return policyForKey(record, event.methodArn, ports.routes);
}

function headerValue(headers: Record<string, string | undefined> | null, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}
