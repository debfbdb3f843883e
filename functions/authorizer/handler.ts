import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { routes } from '../../contracts/api/routes';
import { findApiKey } from '../adapters/api-key-lookup';
import { authorizeRequest } from '../core/access/authorize-request';

/**
 * REQUEST authorizer. Throwing `Unauthorized` is API Gateway's contract for 401; a Deny policy
 * becomes 403. Both are rewritten to problem documents by the gateway responses.
 *
 * The one handler without middy: it uses no middleware, so middy would only wrap the call, and
 * its 3 kB are what the SDK-free DynamoDB read (adapters/aws/dynamodb-json-api.ts) needed to keep
 * this bundle within its 40 kB (bench). Its early timeout would change nothing here: an
 * authorizer that throws or times out is a 500 from API Gateway either way.
 */
export const handler = (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => authorizeRequest(event, { findApiKey, routes });
