import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import type { Route } from '../../../contracts/api/routes';
import type { ApiKeyRecord } from './api-keys';

/**
 * Builds the IAM policy for a key: Allow on exactly the routes whose scopes the key holds.
 * API Gateway caches the policy per Authorization header and reuses it for every route, so the
 * policy must describe all routes — allowing only the route being called would leak (or deny)
 * across routes while the cache lives.
 */
export function policyForKey(record: ApiKeyRecord, methodArn: string, routes: readonly Route[]): APIGatewayAuthorizerResult {
  const granted = new Set<string>(record.scopes);
  const resources = routes
    .filter((route) => route.auth.kind === 'apiKey' && route.auth.scopes.every((scope) => granted.has(scope)))
    .map((route) => routeArn(methodArn, route));
  return {
    principalId: record.keyId,
    policyDocument: {
      Version: '2012-10-17',
      Statement:
        resources.length > 0
          ? [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: resources }]
          : [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: [apiPrefix(methodArn) + '*'] }],
    },
    // Context values must be strings, numbers or booleans; handlers read the client from here.
    context: { clientName: record.name, keyId: record.keyId, scopes: record.scopes.join(' ') },
  };
}

/** `arn:aws:execute-api:region:account:apiId/stage/METHOD/path` → `…:apiId/stage/`. */
function apiPrefix(methodArn: string): string {
  const [arnWithApiId = '', stage = ''] = methodArn.split('/');
  return `${arnWithApiId}/${stage}/`;
}

function routeArn(methodArn: string, route: Route): string {
  // A path parameter matches one segment; IAM's `*` matches any run, which is the closest form.
  return apiPrefix(methodArn) + route.method + route.path.replace(/\{[^}]+\}/g, '*');
}
