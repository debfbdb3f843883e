import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amzDate, signRequest } from '../../functions/adapters/aws/sigv4';
import { closeServer, listen } from '../../infra/local/net';

/*
 * The hand-written SigV4 signer must sign exactly as AWS does. The reference is the AWS SDK
 * itself: a real DynamoDBClient sends a GetItem to a loopback server, which keeps the request as
 * it arrived; signing the same method, path, headers, body and instant with sigv4.ts must give
 * the very Authorization header the SDK sent.
 */

interface Captured {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

let captured: Captured[] = [];
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    captured.push({ method: request.method!, path: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    response.end('{}');
  });
});
let endpoint: string;

beforeAll(async () => {
  await listen(server, 0);
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => closeServer(server));

/** What the SDK sent, signed again by sigv4.ts from the headers the SDK listed as signed. */
async function resignedBySdkAndUs(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, region: string, key: string) {
  captured = [];
  const client = new DynamoDBClient({ endpoint, region, credentials, maxAttempts: 1 });
  await client.send(new GetItemCommand({ TableName: 'lienthong-clients', Key: { pk: { S: key } } }));
  client.destroy();
  const sent = captured[0]!;
  const authorization = String(sent.headers.authorization);
  const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(';');
  const datetime = String(sent.headers['x-amz-date']);
  const at = new Date(`${datetime.slice(0, 4)}-${datetime.slice(4, 6)}-${datetime.slice(6, 8)}T${datetime.slice(9, 11)}:${datetime.slice(11, 13)}:${datetime.slice(13, 15)}Z`);
  // sigv4.ts adds x-amz-date and the session token itself; every other signed header is passed in.
  const given = Object.fromEntries(signedNames.filter((name) => name !== 'x-amz-date' && name !== 'x-amz-security-token').map((name) => [name, String(sent.headers[name])]));
  const ours = signRequest({ method: sent.method, path: sent.path, headers: given, body: sent.body }, credentials, region, 'dynamodb', at);
  return { sdk: authorization, ours: ours.authorization, signedNames, oursSigned: /SignedHeaders=([^,]+)/.exec(ours.authorization!)![1] };
}

describe('signRequest (SigV4)', () => {
  it('signs a DynamoDB JSON request exactly as the AWS SDK does', async () => {
    const { sdk, ours, signedNames, oursSigned } = await resignedBySdkAndUs({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }, 'ap-southeast-1', 'KEY#abc');
    expect(signedNames).toContain('x-amz-target');
    expect(oursSigned).toBe(signedNames.join(';'));
    expect(ours).toBe(sdk);
  });

  it('signs the session token of temporary credentials (as Lambda has) as the SDK does', async () => {
    const { sdk, ours, signedNames } = await resignedBySdkAndUs(
      { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret/with+chars', sessionToken: 'IQoJb3JpZ2luX2VjE//token==' },
      'us-east-1',
      'KEY#Việt Nam ✓',
    );
    expect(signedNames).toContain('x-amz-security-token');
    expect(ours).toBe(sdk);
  });

  it('changes the signature with the body, the instant and the secret', () => {
    const request = { method: 'POST', path: '/', headers: { host: 'dynamodb.ap-southeast-1.amazonaws.com' }, body: '{}' };
    const credentials = { accessKeyId: 'AKID', secretAccessKey: 'one' };
    const at = new Date('2026-11-30T10:00:00.000Z');
    const base = signRequest(request, credentials, 'ap-southeast-1', 'dynamodb', at).authorization;
    expect(signRequest({ ...request, body: '{ }' }, credentials, 'ap-southeast-1', 'dynamodb', at).authorization).not.toBe(base);
    expect(signRequest(request, credentials, 'ap-southeast-1', 'dynamodb', new Date('2026-11-30T10:00:01.000Z')).authorization).not.toBe(base);
    expect(signRequest(request, { ...credentials, secretAccessKey: 'two' }, 'ap-southeast-1', 'dynamodb', at).authorization).not.toBe(base);
    expect(base).toMatch(/^AWS4-HMAC-SHA256 Credential=AKID\/20261130\/ap-southeast-1\/dynamodb\/aws4_request, SignedHeaders=host;x-amz-date, Signature=[0-9a-f]{64}$/);
    expect(amzDate(at)).toBe('20261130T100000Z');
  });
});
