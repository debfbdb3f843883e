import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayProblems } from '../../contracts/api/gateway-problems';
import { problemContentType } from '../../contracts/api/problem';
import { platformLimits } from '../../contracts/platform/limits';
import type { RawAnswer } from '../support/raw-http';
import { rawExchange } from '../support/raw-http';
import type { TwinFixture } from '../support/twin-fixture';
import { call, startTestTwin } from '../support/twin-fixture';

let fixture: TwinFixture;
let port: number;
beforeAll(async () => {
  fixture = await startTestTwin();
  port = Number(new URL(fixture.twin.gatewayUrl).port);
});
afterAll(() => fixture.stop());

const callerId = 'caller-trace-1';

/** A problem of the gateway itself: RFC 9457, status in the body, the gateway's id, never the caller's. */
function expectGatewayProblem(answer: RawAnswer | undefined, status: number, type: string) {
  expect(answer, 'an answer').toBeDefined();
  expect(answer!.status, answer!.body).toBe(status);
  expect(answer!.headers['content-type']).toBe(problemContentType);
  const body = JSON.parse(answer!.body);
  expect(body).toMatchObject({ status, type, title: expect.any(String), detail: expect.any(String) });
  expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(answer!.headers['x-amzn-requestid']).toBe(body.requestId);
  expect(answer!.headers['x-request-id']).toBeUndefined();
}

async function one(request: Buffer | string): Promise<RawAnswer | undefined> {
  const answers = await rawExchange(port, request);
  expect(answers).toHaveLength(1);
  return answers[0];
}

describe("requests Node's HTTP parser refuses get a problem document and the connection is closed", () => {
  it.each([
    ['a NUL in a header value', Buffer.from(`GET /v1/health HTTP/1.1\r\nHost: t\r\nX-Request-Id: ${callerId}\r\nX-Note: a\0b\r\n\r\n`, 'latin1')],
    ['a bare CR in a header value', `GET /v1/health HTTP/1.1\r\nHost: t\r\nX-Note: a\rb\r\n\r\n`],
    ['a raw non-ASCII byte in the path', Buffer.concat([Buffer.from('GET /v1/dossiers/'), Buffer.from('hồ-sơ', 'utf8'), Buffer.from(' HTTP/1.1\r\nHost: t\r\n\r\n')])],
    ['a TAB in the path', 'GET /v1/dossiers/a\tb HTTP/1.1\r\nHost: t\r\n\r\n'],
    ['a lower-case method', 'get /v1/health HTTP/1.1\r\nHost: t\r\n\r\n'],
    ['two different Content-Length headers', 'POST /v1/payments HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
    ['an HTTP/1.1 request without Host', 'GET /v1/health HTTP/1.1\r\nConnection: close\r\n\r\n'],
  ])('%s → 400', async (_case, request) => {
    // Act
    const answer = await one(request);

    // Assess
    expectGatewayProblem(answer, 400, gatewayProblems.malformedRequest.type);
  });

  it('a malformed chunk in the body of a routed request → 400 for that request', async () => {
    // Act
    const answer = await one('POST /v1/portal/callbacks HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n');

    // Assess
    expectGatewayProblem(answer, 400, gatewayProblems.malformedRequest.type);
    expect(answer!.headers.connection).toBe('close');
  });

  it('a malformed request pipelined behind a good one → the good one is answered, then a 400', async () => {
    // Act
    const answers = await rawExchange(port, 'GET /v1/health HTTP/1.1\r\nHost: t\r\n\r\nget /v1/health HTTP/1.1\r\nHost: t\r\n\r\n');

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([200, 400]);
    expectGatewayProblem(answers[1], 400, gatewayProblems.malformedRequest.type);
  });
});

describe("API Gateway's URL and header limits, held exactly", () => {
  const { apiGatewayUrlChars: urlLimit, apiGatewayHeaderBytes: headerLimit } = platformLimits;
  /** `GET ` + target: the target is what the URL limit counts. */
  const get = (target: string, headers = '') => `GET ${target} HTTP/1.1\r\nHost: t\r\n${headers}\r\n`;
  const pathOfLength = (length: number) => `/v1/health?pad=${'a'.repeat(length - '/v1/health?pad='.length)}`;
  /** One header line (`X-Pad: …\r\n`) that brings the header block (with `Host: t\r\n`) to `total` bytes. */
  const padHeader = (total: number) => `X-Pad: ${'a'.repeat(total - 'Host: t\r\n'.length - 'X-Pad: \r\n'.length)}\r\n`;

  it('a URL of exactly the limit is served', async () => {
    // Act
    const answer = await one(`${get(pathOfLength(urlLimit)).replace('Host: t\r\n', 'Host: t\r\nConnection: close\r\n')}`);

    // Assess
    expect(answer?.status).toBe(200);
  });

  it.each([
    ['one character over the limit', urlLimit + 1],
    ["beyond what Node's parser reads at all", 3 * urlLimit],
  ])('a URL %s → 414', async (_case, length) => {
    // Act
    const answer = await one(get(pathOfLength(length), 'Connection: close\r\n'));

    // Assess
    expectGatewayProblem(answer, 414, gatewayProblems.uriTooLong.type);
  });

  it('headers of exactly the limit are served', async () => {
    // Act
    const answer = await one(get('/v1/health', padHeader(headerLimit).replace('X-Pad', 'Connection: close\r\nX-Pad').replace(/a{19}\r\n$/, '\r\n')));

    // Assess
    expect(answer?.status).toBe(200);
  });

  it.each([
    ['one byte over the limit', headerLimit + 1],
    ["beyond what Node's parser reads at all", 3 * headerLimit],
  ])('headers %s → 431', async (_case, total) => {
    // Act
    const answer = await one(get('/v1/health', `Connection: close\r\n${padHeader(total - 'Connection: close\r\n'.length)}`));

    // Assess
    expectGatewayProblem(answer, 431, gatewayProblems.headersTooLarge.type);
  });
});

describe('requests Node would answer itself are answered as the gateway does', () => {
  it('CONNECT reaches no route → 404 problem', async () => {
    // Act
    const answer = await one('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');

    // Assess
    expectGatewayProblem(answer, 404, gatewayProblems.routeNotFound.type);
  });

  it('an Expect header other than 100-continue is passed on, not answered 417', async () => {
    // Act
    const answer = await one('GET /v1/health HTTP/1.1\r\nHost: t\r\nExpect: something-else\r\nConnection: close\r\n\r\n');

    // Assess
    expect(answer?.status).toBe(200);
    expect(answer?.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('still answers /v1/health 200 afterwards', async () => {
    // Act
    const health = await call(fixture.twin.gatewayUrl, 'GET', '/v1/health');

    // Assess
    expect(health.status).toBe(200);
  });
});

it('listens on a free port', () => {
  expect(port).toBeGreaterThan(0);
  expect((fixture.twin as unknown as { gatewayUrl: string }).gatewayUrl).toContain(String(port as AddressInfo['port']));
});
