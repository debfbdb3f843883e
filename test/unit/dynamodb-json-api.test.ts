import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { retryDelayMs, retryKindOf } from '../../functions/adapters/aws/aws-standard-retry';
import { callDynamoDb, DynamoDbCallError } from '../../functions/adapters/aws/dynamodb-json-api';
import { signRequest } from '../../functions/adapters/aws/sigv4';
import { handler as authorizer } from '../../functions/authorizer/handler';
import { hashApiKey } from '../../functions/core/access/api-keys';
import { ConfigurationError } from '../../functions/core/errors';
import { closeServer, listen } from '../../infra/local/net';

/*
 * The authorizer's SDK-free DynamoDB call against a real HTTP server on a free port, which plays
 * DynamoDB: it answers from a script per request and keeps what it received.
 */

interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}
type Reply = (response: ServerResponse) => void;

const received: Received[] = [];
let script: Reply[] = [];
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    received.push({ method: request.method!, path: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
    const reply = script.shift() ?? answer(500, { __type: 'com.amazon.coral.service#InternalFailure', message: 'no scripted answer' });
    reply(response);
  });
});

const answer =
  (status: number, body: unknown, contentType = 'application/x-amz-json-1.0'): Reply =>
  (response) => {
    response.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': 'test' });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
const awsError = (status: number, type: string, message = 'scripted') => answer(status, { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message });

let endpoint: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  await listen(server, 0);
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => closeServer(server));
afterEach(() => {
  received.length = 0;
  script = [];
  process.env = { ...savedEnv };
});

function pointAtServer(extra: Record<string, string> = {}): void {
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_SDK_UA_APP_ID;
  Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_REGION: 'ap-southeast-1', AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', ...extra });
}

describe('callDynamoDb', () => {
  it('POSTs the operation as a signed JSON-protocol request and resolves to the JSON answer', async () => {
    pointAtServer({ AWS_SESSION_TOKEN: 'session-token', AWS_SDK_UA_APP_ID: 'authorizer' });
    script = [answer(200, { Item: { pk: { S: 'KEY#a' } } })];

    const output = await callDynamoDb('GetItem', { TableName: 't', Key: { pk: { S: 'KEY#a' } } });

    expect(output).toEqual({ Item: { pk: { S: 'KEY#a' } } });
    const [request] = received;
    expect(request).toMatchObject({ method: 'POST', path: '/' });
    expect(JSON.parse(request!.body)).toEqual({ TableName: 't', Key: { pk: { S: 'KEY#a' } } });
    expect(request!.headers).toMatchObject({
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.GetItem',
      'x-amz-security-token': 'session-token',
    });
    // The round-trip counter of the twin reads the caller from here.
    expect(request!.headers['user-agent']).toMatch(/(^|\s)app\/authorizer$/);
    // The signature covers what arrived: re-signing the received request at its instant gives the same header.
    const datetime = String(request!.headers['x-amz-date']);
    const at = new Date(`${datetime.slice(0, 4)}-${datetime.slice(4, 6)}-${datetime.slice(6, 8)}T${datetime.slice(9, 11)}:${datetime.slice(11, 13)}:${datetime.slice(13, 15)}Z`);
    const names = /SignedHeaders=([^,]+)/.exec(String(request!.headers.authorization))![1]!.split(';');
    expect(names).toEqual(['content-length', 'content-type', 'host', 'x-amz-date', 'x-amz-security-token', 'x-amz-target']);
    const given = Object.fromEntries(['content-length', 'content-type', 'host', 'x-amz-target'].map((name) => [name, String(request!.headers[name])]));
    const again = signRequest({ method: 'POST', path: '/', headers: given, body: request!.body }, { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret', sessionToken: 'session-token' }, 'ap-southeast-1', 'dynamodb', at);
    expect(request!.headers.authorization).toBe(again.authorization);
  });

  it('retries throttling and 5xx answers, as the SDK standard mode does, and returns the answer that came', async () => {
    pointAtServer();
    script = [awsError(400, 'ProvisionedThroughputExceededException'), answer(503, '<html>busy</html>', 'text/html'), answer(200, {})];

    await expect(callDynamoDb('GetItem', { TableName: 't', Key: {} })).resolves.toEqual({});
    expect(received).toHaveLength(3);
    // Each attempt is signed afresh.
    expect(received.every((r) => typeof r.headers.authorization === 'string')).toBe(true);
  });

  it('gives up after 3 attempts with the last error, code and status kept', async () => {
    pointAtServer();
    script = [awsError(500, 'InternalServerError'), awsError(500, 'InternalServerError'), awsError(500, 'InternalServerError', 'still failing')];

    const error = await callDynamoDb('GetItem', { TableName: 't', Key: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DynamoDbCallError);
    expect(error).toMatchObject({ name: 'DynamoDbCallError', code: 'InternalServerError', status: 500, attempts: 3 });
    expect((error as Error).message).toContain('still failing');
    expect(received).toHaveLength(3);
  });

  it('does not retry what a retry cannot fix (a missing table, a validation error)', async () => {
    pointAtServer();
    script = [awsError(400, 'ResourceNotFoundException', 'Requested resource not found')];
    await expect(callDynamoDb('GetItem', { TableName: 'gone', Key: {} })).rejects.toMatchObject({ code: 'ResourceNotFoundException', status: 400, attempts: 1 });
    script = [awsError(400, 'ValidationException')];
    await expect(callDynamoDb('GetItem', { TableName: 't', Key: {} })).rejects.toMatchObject({ code: 'ValidationException', attempts: 1 });
    expect(received).toHaveLength(2);
  });

  it('retries a refused connection and then fails with the transport code', async () => {
    const closed = createServer();
    await listen(closed, 0);
    const port = (closed.address() as AddressInfo).port;
    await closeServer(closed);
    pointAtServer({ AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}` });

    await expect(callDynamoDb('GetItem', { TableName: 't', Key: {} })).rejects.toMatchObject({ name: 'DynamoDbCallError', code: 'ECONNREFUSED', status: undefined, attempts: 3 });
  });

  it('refuses to send without credentials or region', async () => {
    pointAtServer();
    delete process.env.AWS_SECRET_ACCESS_KEY;
    await expect(callDynamoDb('GetItem', {})).rejects.toBeInstanceOf(ConfigurationError);
    expect(received).toHaveLength(0);
  });
});

describe('the authorizer on this client', () => {
  const key = `lt_0123456789ab_${'k'.repeat(43)}`;
  const event = {
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:ap-southeast-1:000000000000:api/prod/GET/v1/dossiers/A',
    headers: { Authorization: `Bearer ${key}` },
  } as never;

  it('reads the key record with one GetItem and answers its policy', async () => {
    pointAtServer({ CLIENTS_TABLE: 'lienthong-clients' });
    const record = { keyHash: hashApiKey(key), keyId: 'k1', name: 'city', scopes: ['dossiers:read'], status: 'active', createdAt: '2026-11-01T00:00:00.000Z' };
    script = [
      answer(200, {
        Item: {
          pk: { S: `KEY#${record.keyHash}` },
          keyHash: { S: record.keyHash },
          keyId: { S: 'k1' },
          name: { S: 'city' },
          scopes: { L: [{ S: 'dossiers:read' }] },
          status: { S: 'active' },
          createdAt: { S: record.createdAt },
        },
      }),
    ];

    const policy = await authorizer(event);

    expect(policy).toMatchObject({ principalId: 'k1', context: { clientName: 'city', keyId: 'k1', scopes: 'dossiers:read' } });
    expect(policy.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
    expect(JSON.parse(received[0]!.body)).toEqual({ TableName: 'lienthong-clients', Key: { pk: { S: `KEY#${record.keyHash}` } } });
  });

  it('answers Unauthorized (401) for a key DynamoDB does not hold', async () => {
    pointAtServer({ CLIENTS_TABLE: 'lienthong-clients' });
    script = [answer(200, {})];
    await expect(authorizer(event)).rejects.toThrow(/^Unauthorized$/);
  });

  it('fails with the storage error, not Unauthorized, when DynamoDB cannot answer (API Gateway: 500)', async () => {
    pointAtServer({ CLIENTS_TABLE: 'lienthong-clients' });
    script = [awsError(400, 'ThrottlingException'), awsError(400, 'ThrottlingException'), awsError(400, 'ThrottlingException')];
    const error = (await authorizer(event).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ name: 'DynamoDbCallError', code: 'ThrottlingException', attempts: 3 });
    expect(error.message).not.toBe('Unauthorized');
  });
});

describe('the standard retry policy', () => {
  it('classifies as the SDK does', () => {
    expect(retryKindOf('ProvisionedThroughputExceededException', 400)).toBe('throttling');
    expect(retryKindOf('RequestLimitExceeded', 400)).toBe('throttling');
    expect(retryKindOf('HTTP429', 429)).toBe('throttling');
    expect(retryKindOf('InternalServerError', 500)).toBe('transient');
    expect(retryKindOf('HTTP503', 503)).toBe('transient');
    expect(retryKindOf('ECONNRESET', undefined)).toBe('transient');
    expect(retryKindOf('ConditionalCheckFailedException', 400)).toBe('final');
    expect(retryKindOf('ENOTFOUND', undefined)).toBe('final');
  });

  it('waits a full-jitter exponential delay from 100 ms (500 ms when throttled), at most 20 s', () => {
    expect(retryDelayMs('transient', 0, () => 0.5)).toBe(50);
    expect(retryDelayMs('transient', 1, () => 0.5)).toBe(100);
    expect(retryDelayMs('throttling', 1, () => 0.999)).toBe(999);
    expect(retryDelayMs('throttling', 10, () => 0.999)).toBe(20_000);
    expect(retryDelayMs('transient', 3, () => 0)).toBe(0);
  });
});
