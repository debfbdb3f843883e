import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDossier } from '../../infra/local/sample-dossier';
import type { TwinFixture } from '../support/twin-fixture';
import { call, drained, eventually, queueDepth, startTestTwin } from '../support/twin-fixture';

let fixture: TwinFixture;

beforeAll(async () => {
  fixture = await startTestTwin();
});
afterAll(async () => {
  await fixture?.twin.setEventSourceMappings(true);
  await fixture?.stop();
});

describe('disabling the event-source mappings (the twin bench measures the API this way)', () => {
  it('keeps messages waiting in their queue while disabled, and the worker drains them once enabled', async () => {
    const { twin } = fixture;
    await twin.setEventSourceMappings(false);
    const syncsBefore = twin.runtime.stats().portalSync?.invocations ?? 0;

    const put = await call(twin.gatewayUrl, 'PUT', '/v1/dossiers/H29-ESM-1', { key: twin.apiKey, body: sampleDossier() });
    expect(put.status).toBe(202);
    await eventually(async () => expect((await queueDepth(twin, 'portalSync')).waiting).toBe(1), 10_000, 100);

    // A negative can only be watched for a while: longer than a poller's long poll (1 s) plus the
    // batching window (1 s), so an enabled poller would have received the message by then.
    const watchUntil = Date.now() + 2_500;
    while (Date.now() < watchUntil) {
      const depth = await queueDepth(twin, 'portalSync');
      expect({ ...depth, batches: twin.batchesInFlight('portalSync') }).toEqual({ waiting: 1, inFlight: 0, deadLettered: 0, batches: 0 });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(twin.runtime.stats().portalSync?.invocations ?? 0).toBe(syncsBefore);

    await twin.setEventSourceMappings(true);
    await drained(twin, 'portalSync', 'portalSync');
    expect(twin.runtime.stats().portalSync?.invocations ?? 0).toBeGreaterThan(syncsBefore);
  });
});
