import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayProblems } from '../../contracts/api/gateway-problems';
import { problemContentType } from '../../contracts/api/problem';
import type { Route } from '../../contracts/api/routes';
import { routes } from '../../contracts/api/routes';
import { scopes } from '../../contracts/api/scopes';
import { platformLimits } from '../../contracts/platform/limits';
import type { CallResult, TwinFixture } from '../support/twin-fixture';
import { call, startTestTwin } from '../support/twin-fixture';

let fixture: TwinFixture;
let everything: string;
let readerOnly: string;
beforeAll(async () => {
  fixture = await startTestTwin();
  everything = await fixture.keyWith(...scopes);
  readerOnly = await fixture.keyWith('dossiers:read');
});
afterAll(() => fixture.stop());

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Names of Object.prototype members, and the spellings a careless map builder trips on. */
const prototypeNames = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', '__defineGetter__'];

/** A concrete URL for a route: path parameters filled with plausible values. */
function pathOf(route: Route): string {
  return route.path.replace('{code}', 'H29-EDGE-1').replace('{paymentId}', 'pay-edge-1').replace('{eventId}', 'evt-edge-1');
}

/** Whatever the route answers, it is not a 5xx; an error is a problem document (or the provider's format) with a request id. */
function expectHonestAnswer(response: CallResult, what: string) {
  expect(response.status, `${what}: ${response.text.slice(0, 300)}`).toBeLessThan(500);
  expect(response.headers.get('x-amzn-requestid'), what).toMatch(uuid);
  if (response.headers.get('content-type') === problemContentType) {
    expect(response.body.status, what).toBe(response.status);
    expect(response.body.requestId, what).toBe(response.headers.get('x-request-id') ?? response.headers.get('x-amzn-requestid'));
  }
}

describe('query keys and headers named like Object.prototype members, on every route', () => {
  const allRoutes = routes as readonly Route[];

  it.each(allRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))('%s answers them without a 5xx, with and without a key', async (_name, route) => {
    for (const name of prototypeNames) {
      const query = `?${encodeURIComponent(name)}=1&${encodeURIComponent(name)}=2`;
      for (const key of [undefined, everything]) {
        // Act
        const response = await call(fixture.twin.gatewayUrl, route.method, `${pathOf(route)}${query}`, {
          key,
          headers: { [name]: 'x', 'content-type': 'application/json' },
          ...(route.method === 'GET' ? {} : { rawBody: '{}' }),
        });

        // Assess
        expectHonestAnswer(response, `${route.method} ${pathOf(route)}${query} header ${name} ${key ? 'with' : 'without'} key`);
      }
    }
  });

  it('reaches the function with such names: GET /v1/health?constructor=1 is 200', async () => {
    // Act
    const response = await call(fixture.twin.gatewayUrl, 'GET', '/v1/health?constructor=1&__proto__=2&toString=3&valueOf=4&hasOwnProperty=5', {
      headers: Object.fromEntries([
        ['constructor', 'a'],
        ['__proto__', 'b'],
        ['hasOwnProperty', 'c'],
      ]),
    });

    // Assess
    expect(response.status).toBe(200);
  });
});

describe('the request-id rule on the twin', () => {
  const longest = 'a1._:-'.repeat(21) + 'ab';

  it.each([
    ['a UUID-like token', 'city-trace-42'],
    ['128 characters of the allowed set', longest],
  ])("a function's answer echoes the caller's x-request-id when it is %s", async (_case, given) => {
    // Act
    const ok = await call(fixture.twin.gatewayUrl, 'GET', '/v1/health', { headers: { 'x-request-id': given } });
    const problem = await call(fixture.twin.gatewayUrl, 'GET', '/v1/dossiers/H29-EDGE-NONE', { key: everything, headers: { 'x-request-id': given } });

    // Assess
    expect(longest).toHaveLength(128);
    expect(ok.headers.get('x-request-id')).toBe(given);
    expect(problem.status).toBe(404);
    expect(problem.headers.get('x-request-id')).toBe(given);
    expect(problem.body.requestId).toBe(given);
    expect(problem.headers.get('x-amzn-requestid')).toMatch(uuid);
  });

  it.each([
    ['129 characters', `${longest}x`],
    ['a space', 'city trace'],
    ['a slash', 'a/b'],
    ['a repeated header', ['a', 'b']],
  ])("a function's answer uses the gateway's id when the caller's is %s", async (_case, given) => {
    // Prepare: fetch joins a repeated header with ", ", as a proxy would.
    const value = Array.isArray(given) ? given.join(', ') : given;

    // Act
    const response = await call(fixture.twin.gatewayUrl, 'GET', '/v1/dossiers/H29-EDGE-NONE', { key: everything, headers: { 'x-request-id': value } });

    // Assess
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toMatch(uuid);
    expect(response.headers.get('x-request-id')).toBe(response.headers.get('x-amzn-requestid'));
    expect(response.body.requestId).toBe(response.headers.get('x-amzn-requestid'));
  });

  it.each([
    ['401 without a key', 'GET', '/v1/dossiers/H29-EDGE-1', {}, gatewayProblems.unauthenticated],
    ['401 with an unknown key', 'GET', '/v1/dossiers/H29-EDGE-1', { authorization: 'Bearer lt_nope' }, gatewayProblems.unauthenticated],
    ['403 without the scope', 'PUT', '/v1/dossiers/H29-EDGE-1', { authorization: 'reader' }, gatewayProblems.forbidden],
    ['404 for no route', 'GET', '/v1/nowhere', {}, gatewayProblems.routeNotFound],
    ['405 for the wrong method', 'DELETE', '/v1/health', {}, gatewayProblems.methodNotAllowed],
  ] as const)("the gateway's own %s names only the gateway's id", async (_case, method, path, headers, problem) => {
    // Prepare
    const authorization = (headers as { authorization?: string }).authorization;
    const key = authorization === 'reader' ? readerOnly : undefined;
    const extra: Record<string, string> = authorization && authorization !== 'reader' ? { authorization } : {};

    // Act
    const response = await call(fixture.twin.gatewayUrl, method, path, { key, headers: { 'x-request-id': 'caller-7', ...extra } });

    // Assess
    expect(response.status).toBe(problem.status);
    expect(response.headers.get('content-type')).toBe(problemContentType);
    expect(response.body).toMatchObject({ type: problem.type, title: problem.title, status: problem.status });
    expect(response.headers.get('x-request-id')).toBeNull();
    expect(response.headers.get('x-amzn-requestid')).toMatch(uuid);
    expect(response.body.requestId).toBe(response.headers.get('x-amzn-requestid'));
  });

  it("the gateway's 413 for a body over 10 MB names only the gateway's id", async () => {
    // Act
    const response = await call(fixture.twin.gatewayUrl, 'PUT', '/v1/dossiers/H29-EDGE-1', {
      key: everything,
      rawBody: Buffer.alloc(platformLimits.apiGatewayRequestBytes + 1, 0x20),
      headers: { 'x-request-id': 'caller-8', 'content-type': 'application/json' },
    });

    // Assess
    expect(response.status).toBe(413);
    expect(response.body.type).toBe(gatewayProblems.payloadTooLarge.type);
    expect(response.headers.get('x-request-id')).toBeNull();
    expect(response.body.requestId).toBe(response.headers.get('x-amzn-requestid'));
  });

  it('the 401 names the Bearer scheme, as the stack does', async () => {
    // Act
    const response = await call(fixture.twin.gatewayUrl, 'GET', '/v1/dossiers/H29-EDGE-1');

    // Assess
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('the 405 lists the allowed methods and names its instance under the stage, as the stack does', async () => {
    // Act
    const response = await call(fixture.twin.gatewayUrl, 'POST', '/v1/dossiers/H29-EDGE-1', { rawBody: '{}' });

    // Assess
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, PUT');
    expect(response.body.instance).toBe('/prod/v1/dossiers/H29-EDGE-1');
  });
});
