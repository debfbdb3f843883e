import type { APIGatewayProxyEvent, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Route } from '../../contracts/api/routes';

/** Fixed identifiers of the emulated REST API; they only shape ARNs and request contexts. */
export const localApi = { accountId: '000000000000', apiId: 'local', stage: 'prod' } as const;

export interface IncomingCall {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
  readonly sourceIp: string;
}

function singleValueHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const single: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) single[name] = Array.isArray(value) ? value.join(',') : value;
  return single;
}

function multiValueHeaders(headers: IncomingMessage['headers']): Record<string, string[]> {
  const multi: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) multi[name] = Array.isArray(value) ? value : [value];
  return multi;
}

function queryParameters(query: URLSearchParams) {
  if ([...query.keys()].length === 0) return { single: null, multi: null };
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of query) {
    single[name] = value; // API Gateway keeps the last value in the single-value map.
    (multi[name] ??= []).push(value);
  }
  return { single, multi };
}

export function methodArn(region: string, method: string, path: string): string {
  return `arn:aws:execute-api:${region}:${localApi.accountId}:${localApi.apiId}/${localApi.stage}/${method}${path}`;
}

export function requestContextFor(call: IncomingCall, route: Route, requestId: string) {
  return {
    accountId: localApi.accountId,
    apiId: localApi.apiId,
    stage: localApi.stage,
    requestId,
    extendedRequestId: requestId,
    resourceId: route.operationId,
    resourcePath: route.path,
    httpMethod: call.method,
    path: `/${localApi.stage}${call.path}`,
    protocol: 'HTTP/1.1',
    requestTimeEpoch: Date.now(),
    domainName: call.headers.host ?? 'localhost',
    identity: { sourceIp: call.sourceIp, userAgent: call.headers['user-agent'] ?? null },
  };
}

/** The event API Gateway sends a REQUEST authorizer. */
export function authorizerEvent(
  call: IncomingCall,
  route: Route,
  pathParameters: Record<string, string>,
  region: string,
  requestId: string,
): APIGatewayRequestAuthorizerEvent {
  const query = queryParameters(call.query);
  return {
    type: 'REQUEST',
    methodArn: methodArn(region, call.method, call.path),
    resource: route.path,
    path: call.path,
    httpMethod: call.method,
    headers: singleValueHeaders(call.headers),
    multiValueHeaders: multiValueHeaders(call.headers),
    pathParameters,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    stageVariables: null,
    requestContext: requestContextFor(call, route, requestId) as unknown as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}

/**
 * The REST API (v1) Lambda proxy event. Without binary media types configured, API Gateway
 * passes the body as UTF-8 text, so the twin does the same.
 */
export function proxyEvent(
  call: IncomingCall,
  route: Route,
  pathParameters: Record<string, string>,
  requestId: string,
  authorizer: Record<string, unknown> | null,
): APIGatewayProxyEvent {
  const query = queryParameters(call.query);
  return {
    resource: route.path,
    path: call.path,
    httpMethod: call.method,
    headers: singleValueHeaders(call.headers),
    multiValueHeaders: multiValueHeaders(call.headers),
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: Object.keys(pathParameters).length ? pathParameters : null,
    stageVariables: null,
    requestContext: { ...requestContextFor(call, route, requestId), authorizer } as unknown as APIGatewayProxyEvent['requestContext'],
    body: call.body.length ? call.body.toString('utf8') : null,
    isBase64Encoded: false,
  };
}

export const newRequestId = () => randomUUID();
