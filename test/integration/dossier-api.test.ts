import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDossier } from '../../infra/local/sample-dossier';
import type { TwinFixture } from '../support/twin-fixture';
import { call, eventually, startTestTwin } from '../support/twin-fixture';

let fixture: TwinFixture;
let url: string;
let writer: string;
let reader: string;

beforeAll(async () => {
  fixture = await startTestTwin();
  url = fixture.twin.gatewayUrl;
  writer = await fixture.keyWith('dossiers:write', 'dossiers:read');
  reader = await fixture.keyWith('dossiers:read');
});
afterAll(() => fixture.stop());

describe('PUT then GET a dossier through the twin', () => {
  it('stores the snapshot (202), returns it with its sync state, and carries the nudge through the queue', async () => {
    const put = await call(url, 'PUT', '/v1/dossiers/H29-INT-1', { key: writer, body: sampleDossier() });
    expect(put.status).toBe(202);
    expect(put.body).toMatchObject({ dossierCode: 'H29-INT-1', version: 1, outcome: 'stored', sync: { portal: { state: 'pending' } } });

    const get = await call(url, 'GET', '/v1/dossiers/H29-INT-1', { key: reader });
    expect(get.status).toBe(200);
    expect(get.body.snapshot.applicant.name).toBe('Nguyễn Thị Minh Khai');
    expect(get.body.sync.portal).toMatchObject({ state: 'pending', ackVersion: null });

    // The nudge travelled through local-aws-sqs to the portal-sync worker, which acknowledged it.
    const synced = await eventually(async () => {
      const view = await call(url, 'GET', '/v1/dossiers/H29-INT-1', { key: reader });
      expect(view.body.sync.portal.state).toBe('synced');
      return view.body;
    });
    expect(synced.sync.portal).toMatchObject({ ackVersion: 1, attempts: 1, lastError: null });
  });

  it('replaces with a higher version, accepts an identical resend, and refuses older or altered versions with 409', async () => {
    const code = '/v1/dossiers/H29-INT-2';
    expect((await call(url, 'PUT', code, { key: writer, body: sampleDossier({ version: 1 }) })).status).toBe(202);
    expect((await call(url, 'PUT', code, { key: writer, body: sampleDossier({ version: 3, status: 'processing' }) })).status).toBe(202);

    const resend = await call(url, 'PUT', code, { key: writer, body: sampleDossier({ version: 3, status: 'processing' }) });
    expect(resend.status).toBe(202);
    expect(resend.body.outcome).toBe('unchanged');

    const older = await call(url, 'PUT', code, { key: writer, body: sampleDossier({ version: 2 }) });
    expect(older.status).toBe(409);
    expect(older.body).toMatchObject({ type: 'urn:lienthong:problem:version-conflict', storedVersion: 3 });

    const altered = await call(url, 'PUT', code, { key: writer, body: sampleDossier({ version: 3, status: 'done' }) });
    expect(altered.status).toBe(409);
    expect(altered.body.storedVersion).toBe(3);

    expect((await call(url, 'GET', code, { key: reader })).body.snapshot.status).toBe('processing');
  });

  it('answers 404 as a problem for an unknown dossier', async () => {
    const get = await call(url, 'GET', '/v1/dossiers/NO-SUCH-1', { key: reader });
    expect(get.status).toBe(404);
    expect(get.headers.get('content-type')).toBe('application/problem+json');
    expect(get.body.type).toBe('urn:lienthong:problem:not-found');
  });
});

describe('authentication and scopes', () => {
  it('answers 401 without a key, with an unknown key and with a revoked one', async () => {
    const { revokeApiKey } = await import('../../functions/adapters/api-key-store');
    const { hashApiKey } = await import('../../functions/core/access/api-keys');
    const revoked = await fixture.keyWith('dossiers:read');
    await revokeApiKey(hashApiKey(revoked), new Date().toISOString());

    for (const key of [undefined, 'lt_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', revoked]) {
      const response = await call(url, 'GET', '/v1/dossiers/H29-INT-1', { key });
      expect(response.status).toBe(401);
      expect(response.body.type).toBe('urn:lienthong:problem:unauthenticated');
    }
  });

  it('answers 403 when the key lacks the route scope: a read-only key cannot PUT', async () => {
    const response = await call(url, 'PUT', '/v1/dossiers/H29-INT-3', { key: reader, body: sampleDossier() });
    expect(response.status).toBe(403);
    expect(response.body.type).toBe('urn:lienthong:problem:forbidden');
    expect((await call(url, 'GET', '/v1/dossiers/H29-INT-3', { key: reader })).status).toBe(404);
  });
});

describe('errors are problem documents with a request id', () => {
  it('answers an unknown route with 404 and a wrong method with 405 and Allow', async () => {
    const unknown = await call(url, 'GET', '/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe('urn:lienthong:problem:route-not-found');

    const wrongMethod = await call(url, 'DELETE', '/v1/dossiers/H29-INT-1', { key: writer });
    expect(wrongMethod.status).toBe(405);
    // Sorted, as the stack's 405 answer lists them (infra/constructs/method-not-allowed.ts).
    expect(wrongMethod.headers.get('allow')).toBe('GET, PUT');
  });

  it('answers malformed JSON with 400, another media type with 415, an oversize body with 413', async () => {
    const path = '/v1/dossiers/H29-INT-4';
    const malformed = await call(url, 'PUT', path, { key: writer, rawBody: '{"version": 1,', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.type).toBe('urn:lienthong:problem:malformed-json');

    const xml = await call(url, 'PUT', path, { key: writer, rawBody: '<HoSo/>', headers: { 'content-type': 'application/xml' } });
    expect(xml.status).toBe(415);

    const big = await call(url, 'PUT', path, {
      key: writer,
      body: sampleDossier({ summary: 'ễ'.repeat(100_000) }),
    });
    expect(big.status).toBe(413);
    expect(big.body.limitBytes).toBe(256 * 1024);
  });

  it('lists every failing field with its JSON Pointer', async () => {
    const body = { ...sampleDossier(), version: 0, channel: 'fax', surprise: true };
    const response = await call(url, 'PUT', '/v1/dossiers/H29-INT-5', { key: writer, body });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ location: 'body', path: '/version' }),
        expect.objectContaining({ location: 'body', path: '/channel' }),
        expect.objectContaining({ location: 'body', path: '/surprise' }),
      ]),
    );
  });

  it('rejects a malformed dossier code in the path with 422 naming the path parameter', async () => {
    const response = await call(url, 'PUT', '/v1/dossiers/%20bad%20code', { key: writer, body: sampleDossier() });
    expect(response.status).toBe(422);
    expect(response.body.errors[0]).toMatchObject({ location: 'path', path: '/code' });
  });

  it("echoes x-request-id on a function's answers; the gateway's own answers name the gateway's id", async () => {
    const ok = await call(url, 'GET', '/v1/dossiers/H29-INT-1', { key: reader, headers: { 'x-request-id': 'city-trace-42' } });
    expect(ok.headers.get('x-request-id')).toBe('city-trace-42');
    expect(ok.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const gatewayError = await call(url, 'GET', '/v1/dossiers/H29-INT-1', { headers: { 'x-request-id': 'city-trace-43' } });
    expect(gatewayError.status).toBe(401);
    expect(gatewayError.headers.get('x-request-id')).toBeNull();
    expect(gatewayError.body.requestId).toBe(gatewayError.headers.get('x-amzn-requestid'));
  });
});
