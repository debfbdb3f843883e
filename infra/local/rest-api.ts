import type { APIGatewayAuthorizerResult, APIGatewayProxyResult } from 'aws-lambda';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { GatewayProblem } from '../../contracts/api/gateway-problems';
import { gatewayProblems } from '../../contracts/api/gateway-problems';
import { problemContentType } from '../../contracts/api/problem';
import type { Route } from '../../contracts/api/routes';
import { compilePath, routes } from '../../contracts/api/routes';
import type { FunctionKey } from '../topology/functions';
import { isInvokeAllowed } from './iam-policy';
import type { LambdaRuntime } from './lambda-runtime';
import type { IncomingCall } from './rest-api-events';
import { authorizerEvent, methodArn, newRequestId, proxyEvent } from './rest-api-events';

/** API Gateway's own payload limit for REST APIs. */
const apiGatewayMaxBodyBytes = 10 * 1024 * 1024;

const compiledRoutes = routes.map((route) => ({ route: route as Route, match: compilePath(route.path) }));

/** API Gateway's default (and the stack's) authorizer result TTL: 5 minutes. */
export const defaultAuthorizerCacheSeconds = 300;

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

/**
 * Plays API Gateway's REST API in front of the handlers: routing from the route table, the
 * REQUEST authorizer (with its result cache) and its policy, the proxy event, and the gateway
 * responses as problems.
 */
export function createRestApiServer(runtime: LambdaRuntime, region: string, options: RestApiOptions = {}): Server {
  const authorizerCache = new AuthorizerCache((options.authorizerCacheSeconds ?? defaultAuthorizerCacheSeconds) * 1000);
  return createServer((request, response) => {
    if (options.serveOther?.(request, response)) return;
    serve(runtime, region, authorizerCache, request, response).catch((error: unknown) => {
      console.error('[twin] request failed inside the API emulator', error);
      if (!response.headersSent) sendProblem(response, { ...gatewayProblems.authorizerFailure, title: 'Gateway emulator failure' }, newRequestId());
    });
  });
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

async function serve(
  runtime: LambdaRuntime,
  region: string,
  authorizerCache: AuthorizerCache,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const requestId = newRequestId();
  const url = new URL(request.url ?? '/', 'http://localhost');
  const body = await readBody(request);
  if (body === 'too-large') return sendProblem(response, gatewayProblems.payloadTooLarge, requestId, url.pathname);

  const call: IncomingCall = {
    method: (request.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers: request.headers,
    body,
    sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
  };

  const onPath = compiledRoutes.flatMap(({ route, match }) => {
    const parameters = match(call.path);
    return parameters ? [{ route, parameters }] : [];
  });
  if (onPath.length === 0) return sendProblem(response, gatewayProblems.routeNotFound, requestId, call.path);
  const matched = onPath.find(({ route }) => route.method === call.method);
  if (!matched) {
    const allow = [...new Set(onPath.map(({ route }) => route.method))].join(', ');
    return sendProblem(response, gatewayProblems.methodNotAllowed, requestId, call.path, { allow });
  }

  const { route, parameters } = matched;
  let authorizerContext: Record<string, unknown> | null = null;
  if (route.auth.kind === 'apiKey') {
    // The identity source: with it missing or empty, API Gateway answers 401 without calling the authorizer.
    const identity = call.headers.authorization;
    if (!identity) return sendProblem(response, gatewayProblems.unauthenticated, requestId, call.path);
    let policy = authorizerCache.get(identity);
    if (!policy) {
      try {
        policy = await runtime.invoke<APIGatewayAuthorizerResult>('authorizer', authorizerEvent(call, route, parameters, region, requestId));
      } catch (error) {
        if ((error as Error).message === 'Unauthorized') return sendProblem(response, gatewayProblems.unauthenticated, requestId, call.path);
        console.error('[twin] authorizer failed', error);
        return sendProblem(response, gatewayProblems.authorizerFailure, requestId, call.path);
      }
      authorizerCache.set(identity, policy);
    }
    if (!isInvokeAllowed(policy.policyDocument, methodArn(region, call.method, call.path))) {
      return sendProblem(response, gatewayProblems.forbidden, requestId, call.path);
    }
    authorizerContext = { principalId: policy.principalId, ...policy.context };
  }

  const result = await runtime.invoke<APIGatewayProxyResult>(
    route.function as FunctionKey,
    proxyEvent(call, route, parameters, requestId, authorizerContext),
  );
  sendProxyResult(response, result);
}

function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > apiGatewayMaxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function sendProxyResult(response: ServerResponse, result: APIGatewayProxyResult): void {
  for (const [name, value] of Object.entries(result.headers ?? {})) response.setHeader(name, String(value));
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) response.setHeader(name, values.map(String));
  response.statusCode = result.statusCode;
  response.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}

function sendProblem(
  response: ServerResponse,
  problem: GatewayProblem | (Omit<GatewayProblem, 'title'> & { title: string }),
  requestId: string,
  instance?: string,
  extraHeaders: Record<string, string> = {},
): void {
  response.writeHead(problem.status, { 'content-type': problemContentType, 'x-request-id': requestId, ...extraHeaders });
  response.end(JSON.stringify({ ...problem, instance, requestId }));
}
