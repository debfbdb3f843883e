import middy from '@middy/core';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { routes } from '../../contracts/api/routes';
import { findApiKey } from '../adapters/api-key-store';
import { authorizeRequest } from '../core/access/authorize-request';

/**
 * REQUEST authorizer. Throwing `Unauthorized` is API Gateway's contract for 401; a Deny policy
 * becomes 403. Both are rewritten to problem documents by the gateway responses.
 */
export const handler = middy<APIGatewayRequestAuthorizerEvent, APIGatewayAuthorizerResult>().handler((event) =>
  authorizeRequest(event, { findApiKey, routes }),
);
