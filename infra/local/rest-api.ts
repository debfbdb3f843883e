import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { gatewayProblems } from '../../contracts/api/gateway-problems';
import { gatewayRequestIdHeader } from '../../contracts/api/request-id';
import type { Route } from '../../contracts/api/routes';
import { compilePath, routes } from '../../contracts/api/routes';
import { platformLimits } from '../../contracts/platform/limits';
import { headerValue } from '../../functions/http/headers';
import type { FunctionKey } from '../topology/functions';
import type { GatewayAnswer } from './gateway-answers';
import { parserRefusal, sendGatewayAnswer, writeGatewayAnswer } from './gateway-answers';
import { isInvokeAllowed } from './iam-policy';
import type { LambdaRuntime } from './lambda-runtime';
import { proxyAnswer } from './proxy-answer';
import type { IncomingCall } from './rest-api-events';
import { authorizerEvent, incomingCall, localApi, methodArn, newRequestId, proxyEvent } from './rest-api-events';

const compiledRoutes = routes.map((route) => ({ route: route as Route, match: compilePath(route.path) }));

/** API Gateway's default (and the stack's) authorizer result TTL: 5 minutes. */
export const defaultAuthorizerCacheSeconds = 300;

/**
 * Node's parser refuses a request whose request line and headers together exceed this many bytes
 * (`maxHeaderSize`, 16 KiB by default). It is set just above API Gateway's URL and header limits
 * combined, so every request within them is parsed and then held to each limit exactly in
 * `serve`; whatever the parser refuses is over one of them anyway.
 */
export const parserHeaderCap = platformLimits.apiGatewayUrlChars + platformLimits.apiGatewayHeaderBytes + 1024;

/** All the gateway needs of the Lambda runtime. */
export type FunctionInvoker = Pick<LambdaRuntime, 'invoke'>;

export interface RestApiOptions {
  /**
   * How long an authorizer's policy is reused for the same Authorization header, as API Gateway's
   * `resultsCacheTtl` (the stack sets 300 s). 0 turns the cache off, so a revoked key is refused
   * on its very next request (tests need that).
   */
  readonly authorizerCacheSeconds?: number;
  /** Serves paths outside the API (the operators' console); answers false to pass the request on. */
  readonly serveOther?: (request: IncomingMessage, response: ServerResponse) => boolean;
}

interface Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly requestId: string;
}

/**
 * Plays API Gateway's REST API in front of the handlers: its URL and header limits, routing from
 * the route table, the REQUEST authorizer (with its result cache) and its policy, the proxy event,
 * Lambda's response limit, and the gateway responses as problems. Whatever arrives, the answer is
 * the function's own or a problem document with the gateway's request id: requests Node's HTTP
 * parser refuses included (`clientError`).
 */
export function createRestApiServer(runtime: FunctionInvoker, region: string, options: RestApiOptions = {}): Server {
  const authorizerCache = new AuthorizerCache((options.authorizerCacheSeconds ?? defaultAuthorizerCacheSeconds) * 1000);
  /** The exchange in progress on each connection, so a parser error is answered in turn. */
  const exchanges = new WeakMap<Duplex, Exchange>();

  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    if (options.serveOther?.(request, response)) return;
    const exchange: Exchange = { request, response, requestId: newRequestId() };
    exchanges.set(request.socket, exchange);
    response.once('close', () => {
      if (exchanges.get(request.socket) === exchange) exchanges.delete(request.socket);
    });
    serve(runtime, region, authorizerCache, exchange).catch((error: unknown) => {
      console.error('[twin] the API emulator failed on a request', error);
      if (!response.headersSent) sendGatewayAnswer(response, { problem: gatewayProblems.internal }, exchange.requestId);
      else response.destroy();
    });
  };

  // `requireHostHeader: false`: Node would answer a missing Host with a bare 400; `serve` answers it as a problem.
  const server = createServer({ maxHeaderSize: parserHeaderCap, requireHostHeader: false }, onRequest);
  // Node answers an `Expect` other than 100-continue with a bare 417; API Gateway passes the header on.
  server.on('checkExpectation', onRequest);
  // CONNECT never reaches a route: no route has that method.
  server.on('connect', (request: IncomingMessage, socket: Duplex) => {
    const routing = routeOf(request.method ?? 'CONNECT', pathOf(request.url ?? ''));
    writeGatewayAnswer(socket, 'problem' in routing ? routing : { problem: gatewayProblems.internal }, newRequestId());
  });
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    if (error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const answer = parserRefusal(error);
    const current = exchanges.get(socket);
    if (!current) {
      writeGatewayAnswer(socket, answer, newRequestId());
    } else if (!current.request.complete && !current.response.headersSent) {
      // The body of the request being served is malformed (a bad chunk): that request gets the answer.
      sendGatewayAnswer(current.response, answer, current.requestId, true);
    } else {
      // A pipelined request behind the one in flight is malformed: it is answered in turn.
      current.response.once('close', () => writeGatewayAnswer(socket, answer, newRequestId()));
    }
  });
  return server;
}

/**
 * API Gateway's REQUEST authorizer cache: the identity source (the Authorization header, as the
 * stack configures it) is the key, the policy the authorizer returned is the value, kept for the
 * TTL and evaluated against each request's own method ARN. Only policies are cached (an Allow or
 * a Deny); an Unauthorized answer or an authorizer failure is not, so a key created a moment
 * later works at once. Entries are not refreshed on use: a revoked key is refused at the latest
 * one TTL after its policy was cached, exactly as in AWS.
 */
class AuthorizerCache {
  /** Bounds memory against callers sending ever-new headers that do authorize. */
  private static readonly maxEntries = 10_000;
  private readonly entries = new Map<string, { readonly policy: APIGatewayAuthorizerResult; readonly expiresAt: number }>();

  constructor(private readonly ttlMs: number) {}

  get(identity: string): APIGatewayAuthorizerResult | undefined {
    if (this.ttlMs <= 0) return undefined;
    const entry = this.entries.get(identity);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry.policy;
    this.entries.delete(identity);
    return undefined;
  }

  set(identity: string, policy: APIGatewayAuthorizerResult): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= AuthorizerCache.maxEntries) {
      // Map iteration is insertion order: the oldest entry goes first.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(identity, { policy, expiresAt: Date.now() + this.ttlMs });
  }
}

async function serve(runtime: FunctionInvoker, region: string, authorizerCache: AuthorizerCache, exchange: Exchange): Promise<void> {
  const { request, response, requestId } = exchange;
  const answer = (gatewayAnswer: GatewayAnswer) => sendGatewayAnswer(response, gatewayAnswer, requestId);

  const target = request.url ?? '/';
  if (target.length > platformLimits.apiGatewayUrlChars) return answer({ problem: gatewayProblems.uriTooLong });
  if (headerBytes(request.rawHeaders) > platformLimits.apiGatewayHeaderBytes) return answer({ problem: gatewayProblems.headersTooLarge });
  // RFC 9112 §3.2: an HTTP/1.1 request without Host is refused. Node's header map has no prototype.
  if (request.httpVersion === '1.1' && request.headers.host === undefined) {
    return answer({ problem: { ...gatewayProblems.malformedRequest, detail: 'An HTTP/1.1 request must carry a Host header.' } });
  }

  const body = await readBody(request);
  if (body === 'aborted') return;
  if (body === 'too-large') return answer({ problem: gatewayProblems.payloadTooLarge });

  const call = incomingCall({
    method: request.method ?? 'GET',
    target,
    rawHeaders: request.rawHeaders,
    body,
    sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
  });
  const routing = routeOf(call.method, call.path);
  if ('problem' in routing) return answer(routing);
  const { route, parameters } = routing;

  let authorizerContext: Record<string, unknown> | null = null;
  if (route.auth.kind === 'apiKey') {
    const authorized = await authorize(runtime, region, authorizerCache, call, route, parameters, requestId);
    if ('problem' in authorized) return answer(authorized);
    authorizerContext = authorized.context;
  }

  let result: unknown;
  try {
    result = await runtime.invoke(route.function as FunctionKey, proxyEvent(call, route, parameters, requestId, authorizerContext));
  } catch (error) {
    // A function error or a response over Lambda's limit: API Gateway's 502, which the stack's
    // DEFAULT_5XX gateway response renders as the internal problem.
    console.error(`[twin] ${route.function} failed; the gateway answers 500`, (error as Error).message);
    return answer({ problem: gatewayProblems.internal });
  }
  const proxied = proxyAnswer(result);
  if (!proxied) {
    console.error(`[twin] ${route.function} returned a malformed proxy result; the gateway answers 500`);
    return answer({ problem: gatewayProblems.internal });
  }
  for (const [name, value] of proxied.headers) response.setHeader(name, value);
  response.setHeader(gatewayRequestIdHeader, requestId);
  // API Gateway frames its answers with Content-Length, never chunked.
  response.setHeader('content-length', proxied.body.length);
  response.writeHead(proxied.statusCode);
  response.end(proxied.body);
}

/** The route a method and path reach, or the gateway's 404 (no such path) or 405 (not this method). */
function routeOf(method: string, path: string): { readonly route: Route; readonly parameters: Record<string, string> } | GatewayAnswer {
  const onPath = compiledRoutes.flatMap(({ route, match }) => {
    const parameters = match(path);
    return parameters ? [{ route, parameters }] : [];
  });
  if (onPath.length === 0) return { problem: gatewayProblems.routeNotFound };
  const matched = onPath.find(({ route }) => route.method === method);
  if (matched) return matched;
  const allow = [...new Set(onPath.map(({ route }) => route.method))].sort().join(', ');
  return { problem: gatewayProblems.methodNotAllowed, instance: `/${localApi.stage}${path}`, headers: { allow } };
}

async function authorize(
  runtime: FunctionInvoker,
  region: string,
  authorizerCache: AuthorizerCache,
  call: IncomingCall,
  route: Route,
  parameters: Record<string, string>,
  requestId: string,
): Promise<{ readonly context: Record<string, unknown> } | GatewayAnswer> {
  const unauthenticated: GatewayAnswer = { problem: gatewayProblems.unauthenticated, headers: { 'www-authenticate': 'Bearer' } };
  // The identity source: with it missing or empty, API Gateway answers 401 without calling the authorizer.
  const identity = headerValue(call.headers, 'authorization');
  if (!identity) return unauthenticated;
  let policy = authorizerCache.get(identity);
  if (!policy) {
    let returned: APIGatewayAuthorizerResult;
    try {
      returned = await runtime.invoke<APIGatewayAuthorizerResult>('authorizer', authorizerEvent(call, route, parameters, region, requestId));
    } catch (error) {
      if ((error as Error).message === 'Unauthorized') return unauthenticated;
      console.error('[twin] authorizer failed', (error as Error).message);
      return { problem: gatewayProblems.authorizerFailure };
    }
    if (!Array.isArray(returned?.policyDocument?.Statement)) {
      // AUTHORIZER_CONFIGURATION_ERROR in AWS, which the stack renders as the internal problem.
      console.error('[twin] the authorizer returned no policy document');
      return { problem: gatewayProblems.internal };
    }
    policy = returned;
    authorizerCache.set(identity, policy);
  }
  if (!isInvokeAllowed(policy.policyDocument, methodArn(region, call.method, call.path))) return { problem: gatewayProblems.forbidden };
  return { context: { principalId: policy.principalId, ...policy.context } };
}

/** The request target's path: what precedes the query. */
function pathOf(target: string): string {
  const queryAt = target.indexOf('?');
  return queryAt < 0 ? target : target.slice(0, queryAt);
}

/**
 * The size API Gateway's header limit counts: every name, value, `: ` and CRLF. Node decodes
 * header bytes as latin1, so a string's length is its size in bytes.
 */
function headerBytes(rawHeaders: readonly string[]): number {
  let bytes = 0;
  for (const part of rawHeaders) bytes += part.length + 2;
  return bytes;
}

function readBody(request: IncomingMessage): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= platformLimits.apiGatewayRequestBytes) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > platformLimits.apiGatewayRequestBytes ? 'too-large' : Buffer.concat(chunks)));
    // The client went away or the parser refused the body (answered by the clientError handler).
    request.on('error', () => resolve('aborted'));
    request.on('aborted', () => resolve('aborted'));
  });
}
