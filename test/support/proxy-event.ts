import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

/** A REST API (v1) proxy event as API Gateway sends it, for handler-level tests. */
export function proxyEventFor(options: {
  method: string;
  resource: string;
  path: string;
  pathParameters?: Record<string, string>;
  body?: string;
  headers?: Record<string, string>;
}): APIGatewayProxyEvent {
  return {
    resource: options.resource,
    path: options.path,
    httpMethod: options.method,
    headers: { 'Content-Type': 'application/json', ...options.headers },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: options.pathParameters ?? null,
    stageVariables: null,
    requestContext: { requestId: 'req-from-gateway', authorizer: { clientName: 'test' } } as unknown as APIGatewayProxyEvent['requestContext'],
    body: options.body ?? null,
    isBase64Encoded: false,
  };
}

export const lambdaContext = { awsRequestId: 'lambda-req', functionName: 'test', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
