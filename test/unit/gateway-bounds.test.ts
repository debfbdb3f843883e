import type { Context } from 'aws-lambda';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayProblems } from '../../contracts/api/gateway-problems';
import { problemContentType } from '../../contracts/api/problem';
import { platformLimits } from '../../contracts/platform/limits';
import { invokeOverWire } from '../../infra/local/lambda-wire';
import { closeServer, listen } from '../../infra/local/net';
import type { FunctionInvoker } from '../../infra/local/rest-api';
import { createRestApiServer } from '../../infra/local/rest-api';
import type { FunctionKey } from '../../infra/topology/functions';
import { call } from '../support/twin-fixture';

/**
 * The emulated gateway in front of stand-in functions that answer what real ones should never
 * answer: the gateway must still answer as API Gateway does. The functions cross the same Lambda
 * wire the twin's runtime uses (infra/local/lambda-wire.ts).
 */
type Answer = (event: { queryStringParameters: Record<string, string> | null }) => Promise<unknown>;
let healthAnswer: Answer;
let authorizerAnswer: Answer = async () => ({});

const invoker: FunctionInvoker = {
  invoke: <T>(key: FunctionKey, event: unknown) =>
    invokeOverWire<T>(key === 'authorizer' ? (e) => authorizerAnswer(e) : (e) => healthAnswer(e), event, {} as Context),
};

let server: Server;
let url: string;
beforeAll(async () => {
  server = createRestApiServer(invoker, 'ap-southeast-1', { authorizerCacheSeconds: 0 });
  await listen(server, 0);
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => closeServer(server));

const limit = platformLimits.lambdaResponseBytes;
const envelope = JSON.stringify({ statusCode: 200, body: '' }).length;

async function expectInternalProblem(path: string, options: Parameters<typeof call>[3] = {}) {
  const response = await call(url, 'GET', path, options);
  expect(response.status).toBe(500);
  expect(response.headers.get('content-type')).toBe(problemContentType);
  expect(response.body).toEqual({ ...gatewayProblems.internal, requestId: response.headers.get('x-amzn-requestid') });
  expect(response.text.length).toBeLessThan(1024);
}

describe("Lambda's response limit, as the gateway meets it", () => {
  it('passes on a response of exactly 6 MB', async () => {
    // Prepare
    healthAnswer = async () => ({ statusCode: 200, body: 'x'.repeat(limit - envelope) });

    // Act
    const response = await call(url, 'GET', '/v1/health');

    // Assess
    expect(response.status).toBe(200);
    expect(response.text).toHaveLength(limit - envelope);
  });

  it('answers a response one byte over as API Gateway does: the internal problem, small', async () => {
    // Prepare
    healthAnswer = async () => ({ statusCode: 200, body: 'x'.repeat(limit - envelope + 1) });

    // Act & Assess
    await expectInternalProblem('/v1/health');
  });

  it('answers a 34 MiB error document the same way (issue 9, class 6)', async () => {
    // Prepare
    healthAnswer = async () => ({ statusCode: 422, headers: { 'content-type': problemContentType }, body: JSON.stringify({ errors: 'e'.repeat(34 * 1024 * 1024) }) });

    // Act & Assess
    await expectInternalProblem('/v1/health');
  });
});

describe('malformed proxy results and function errors', () => {
  it.each([
    ['no status code', { body: 'x' }],
    ['a status code out of range', { statusCode: 99, body: 'x' }],
    ['a body that is not a string', { statusCode: 200, body: { a: 1 } }],
    ['a header value with a line break', { statusCode: 200, headers: { 'x-a': 'a\r\nb' }, body: '' }],
    ['a header name that is not a token', { statusCode: 200, headers: { 'x a': 'b' }, body: '' }],
    ['multi-value headers that are not lists', { statusCode: 200, multiValueHeaders: { 'x-a': 'b' }, body: '' }],
    ['no object at all', 'a string'],
  ])('%s → the internal problem', async (_case, result) => {
    // Prepare
    healthAnswer = async () => result;

    // Act & Assess
    await expectInternalProblem('/v1/health');
  });

  it('a function that throws → the internal problem', async () => {
    // Prepare
    healthAnswer = async () => {
      throw new Error('boom');
    };

    // Act & Assess
    await expectInternalProblem('/v1/health');
  });

  it('an authorizer that returns no policy → the internal problem', async () => {
    // Prepare
    authorizerAnswer = async () => ({ principalId: 'x' });

    // Act & Assess
    await expectInternalProblem('/v1/dossiers/H29-B-1', { headers: { authorization: 'Bearer lt_anything' } });
  });

  it("keeps a function's headers, merging multi-value ones over single ones, and frames the answer itself", async () => {
    // Prepare
    healthAnswer = async () => ({
      statusCode: 201,
      headers: { 'x-one': '1', 'x-both': 'single', 'content-length': '999999' },
      multiValueHeaders: { 'x-both': ['m1', 'm2'] },
      body: 'ok',
    });

    // Act
    const response = await call(url, 'GET', '/v1/health');

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.get('x-one')).toBe('1');
    expect(response.headers.get('x-both')).toBe('m1, m2');
    expect(response.headers.get('content-length')).toBe('2');
    expect(response.text).toBe('ok');
  });
});
