import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDossier } from '../../infra/local/sample-dossier';
import type { TwinFixture } from '../support/twin-fixture';
import { call, startTestTwin } from '../support/twin-fixture';

/*
 * The twin caches authorizer results as API Gateway does for the stack's REQUEST authorizer
 * (identity source: the Authorization header; TTL 300 s), so the bench's throughput is not bought
 * with a shortcut AWS would not take. The other twin tests turn the cache off (TTL 0).
 */

describe("the twin's authorizer cache, as API Gateway's (identity source: Authorization, TTL 300 s)", () => {
  let fixture: TwinFixture;
  let url: string;
  let authorizerCalls = 0;

  beforeAll(async () => {
    fixture = await startTestTwin({ authorizerCacheSeconds: 300 });
    url = fixture.twin.gatewayUrl;
    const runtime = fixture.twin.runtime;
    const invoke = runtime.invoke.bind(runtime);
    runtime.invoke = (async (functionKey, event) => {
      if (functionKey === 'authorizer') authorizerCalls++;
      return invoke(functionKey, event);
    }) as typeof runtime.invoke;
  });
  afterAll(() => fixture?.stop());

  it('asks the authorizer once per Authorization header and reuses its policy for every route', async () => {
    const reader = await fixture.keyWith('dossiers:read');
    const before = authorizerCalls;
    expect((await call(url, 'GET', '/v1/dossiers/NO-SUCH-1', { key: reader })).status).toBe(404);
    expect((await call(url, 'GET', '/v1/dossiers/NO-SUCH-2', { key: reader })).status).toBe(404);
    // The cached policy still decides per route: this key may not write.
    expect((await call(url, 'PUT', '/v1/dossiers/NO-SUCH-3', { key: reader, body: sampleDossier() })).status).toBe(403);
    expect(authorizerCalls - before).toBe(1);
  });

  it('keeps accepting a revoked key until its cached policy expires, as AWS does', async () => {
    const { revokeApiKey } = await import('../../functions/adapters/api-key-store');
    const { hashApiKey } = await import('../../functions/core/access/api-keys');
    const reader = await fixture.keyWith('dossiers:read');
    expect((await call(url, 'GET', '/v1/dossiers/NO-SUCH-4', { key: reader })).status).toBe(404);
    await revokeApiKey(hashApiKey(reader), new Date().toISOString());
    expect((await call(url, 'GET', '/v1/dossiers/NO-SUCH-4', { key: reader })).status).toBe(404);
  });

  it('caches no refusal: an unknown key is put to the authorizer every time, a missing header never', async () => {
    const unknown = 'lt_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const before = authorizerCalls;
    for (let i = 0; i < 2; i++) expect((await call(url, 'GET', '/v1/dossiers/NO-SUCH-5', { key: unknown })).status).toBe(401);
    expect(authorizerCalls - before).toBe(2);
    const missing = await call(url, 'GET', '/v1/dossiers/NO-SUCH-5');
    expect(missing.status).toBe(401);
    expect(missing.body.type).toBe('urn:lienthong:problem:unauthenticated');
    expect(authorizerCalls - before).toBe(2);
  });
});
