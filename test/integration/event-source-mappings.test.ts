import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { functionDefinitions } from '../../infra/topology/functions';
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

    await eventually(async () => expect((await queueDepth(twin, 'insight')).waiting).toBe(1), 10_000, 100);
    const syncReceives = twin.receivesCompleted('portalSync');

    // The negative, judged against a control rather than a clock: the insight mapping alone is
    // enabled again. Once it has taken its message and then come back empty from two long polls
    // per poller, an enabled portal-sync mapping would have had the same chances to take its own.
    await twin.setEventSourceMappings(true, ['insightWorker']);
    await drained(twin, 'insight', 'insightWorker');
    const controlReceives = twin.receivesCompleted('insightWorker');
    const controlPollers = functionDefinitions.insightWorker.queueTrigger!.maxConcurrency;
    await eventually(async () => expect(twin.receivesCompleted('insightWorker')).toBeGreaterThanOrEqual(controlReceives + 2 * controlPollers), 30_000, 50);

    expect(twin.receivesCompleted('portalSync')).toBe(syncReceives);
    const depth = await queueDepth(twin, 'portalSync');
    expect({ ...depth, batches: twin.batchesInFlight('portalSync') }).toEqual({ waiting: 1, inFlight: 0, deadLettered: 0, batches: 0 });
    expect(twin.runtime.stats().portalSync?.invocations ?? 0).toBe(syncsBefore);

    await twin.setEventSourceMappings(true);
    await drained(twin, 'portalSync', 'portalSync');
    expect(twin.runtime.stats().portalSync?.invocations ?? 0).toBeGreaterThan(syncsBefore);
  });
});
