import type { APIGatewayProxyEvent, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { Route } from '../../contracts/api/routes';
import { headerValue } from '../../functions/http/headers';

/** Fixed identifiers of the emulated REST API; they only shape ARNs and request contexts. */
export const localApi = { accountId: '000000000000', apiId: 'local', stage: 'prod' } as const;

/**
 * A request as API Gateway (REST, v1 proxy) hands it on: the path as sent, and the header and
 * query maps it builds. Every map is built from entries (`Object.fromEntries`), never by
 * assignment into `{}`, so any name, `__proto__` and `constructor` included, is an own property
 * holding the caller's value.
 */
export interface IncomingCall {
  readonly method: string;
  readonly path: string;
  /** Header names as the caller spelt them; a repeated header keeps its last value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly multiValueHeaders: Readonly<Record<string, string[]>>;
  /** null when the URL has no query, as in API Gateway; a repeated key keeps its last value. */
  readonly queryStringParameters: Readonly<Record<string, string>> | null;
  readonly multiValueQueryStringParameters: Readonly<Record<string, string[]>> | null;
  readonly body: Buffer;
  readonly sourceIp: string;
}

export interface RawRequest {
  readonly method: string;
  /** The request target exactly as sent: path, then `?` and the query. */
  readonly target: string;
  /** Name, value, name, value… in the order received (Node's `rawHeaders`). */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
}

export function incomingCall(request: RawRequest): IncomingCall {
  const queryAt = request.target.indexOf('?');
  const path = queryAt < 0 ? request.target : request.target.slice(0, queryAt);
  const query = queryAt < 0 ? '' : request.target.slice(queryAt + 1);
  const headers = headerMaps(request.rawHeaders);
  const parameters = queryMaps(query);
  return {
    method: request.method,
    path,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryStringParameters: parameters?.single ?? null,
    multiValueQueryStringParameters: parameters?.multi ?? null,
    body: request.body,
    sourceIp: request.sourceIp,
  };
}

/**
 * Header names are case-insensitive (RFC 9110 §5.1): spellings of one name are one header, kept
 * under the spelling that came first, its values in the order received.
 */
function headerMaps(rawHeaders: readonly string[]) {
  const byName = new Map<string, { readonly name: string; readonly values: string[] }>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    const key = name.toLowerCase();
    const entry = byName.get(key);
    if (entry) entry.values.push(value);
    else byName.set(key, { name, values: [value] });
  }
  const entries = [...byName.values()];
  return {
    single: Object.fromEntries(entries.map(({ name, values }) => [name, values[values.length - 1]!])),
    multi: Object.fromEntries(entries.map(({ name, values }) => [name, values])),
  };
}

/** Query names are case-sensitive; values are percent-decoded. */
function queryMaps(query: string) {
  const byName = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(query)) {
    const values = byName.get(name);
    if (values) values.push(value);
    else byName.set(name, [value]);
  }
  if (byName.size === 0) return undefined;
  return {
    single: Object.fromEntries([...byName].map(([name, values]) => [name, values[values.length - 1]!])),
    multi: Object.fromEntries(byName),
  };
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
    domainName: headerValue(call.headers, 'host') ?? 'localhost',
    identity: { sourceIp: call.sourceIp, userAgent: headerValue(call.headers, 'user-agent') ?? null },
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
  return {
    type: 'REQUEST',
    methodArn: methodArn(region, call.method, call.path),
    resource: route.path,
    path: call.path,
    httpMethod: call.method,
    headers: { ...call.headers },
    multiValueHeaders: { ...call.multiValueHeaders },
    pathParameters,
    queryStringParameters: call.queryStringParameters && { ...call.queryStringParameters },
    multiValueQueryStringParameters: call.multiValueQueryStringParameters && { ...call.multiValueQueryStringParameters },
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
  return {
    resource: route.path,
    path: call.path,
    httpMethod: call.method,
    headers: { ...call.headers },
    multiValueHeaders: { ...call.multiValueHeaders },
    queryStringParameters: call.queryStringParameters && { ...call.queryStringParameters },
    multiValueQueryStringParameters: call.multiValueQueryStringParameters && { ...call.multiValueQueryStringParameters },
    pathParameters: Object.keys(pathParameters).length ? pathParameters : null,
    stageVariables: null,
    requestContext: { ...requestContextFor(call, route, requestId), authorizer } as unknown as APIGatewayProxyEvent['requestContext'],
    body: call.body.length ? call.body.toString('utf8') : null,
    isBase64Encoded: false,
  };
}

export const newRequestId = () => randomUUID();
