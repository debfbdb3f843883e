import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionDefinitions } from '../../infra/topology/functions';
import type { TwinFixture } from '../support/twin-fixture';
import { call, drained, eventually, startTestTwin } from '../support/twin-fixture';

/**
 * A city outage with a backlog big enough for the city-delivery worker to run several batches at
 * once (maxConcurrency 5, batch size 10), each reporting failed records. When one module instance
 * served every batch (one Powertools BatchProcessor), concurrent batches overwrote each other's
 * failure lists and failed records were deleted as done: most events stayed undelivered with the
 * queue and DLQ empty. On Lambda-like containers every failed record comes back.
 */
const events = 40;
let fixture: TwinFixture;
let portal: string;
let city: string;
let reader: string;

beforeAll(async () => {
  // Thirty retries 3 s apart: the outage below is over well before the schedule runs out, and on a
  // loaded machine the retries leave room for the events not yet attempted (SQS promises no order).
  // Parking is switched off (partner-recovery.test.ts covers it): this test is about the event-source
  // mapping handing every failed record back, so every event must keep meeting the outage.
  fixture = await startTestTwin({ functionEnvironment: { CITY_DELIVERY_RETRY_SCHEDULE: Array(30).fill('3').join(','), PARTNER_DOWN_AFTER_FAILURES: '1000' } });
  portal = fixture.twin.simulators.portal!;
  city = fixture.twin.simulators.city!;
  reader = await fixture.keyWith('deliveries:read');
});
afterAll(() => fixture.stop());

const setCityFaults = async (knobs: Record<string, unknown>) =>
  expect((await fetch(`${city}/_faults`, { method: 'POST', body: JSON.stringify(knobs) })).status).toBe(200);
const rate = async (dossierCode: string) =>
  (await (await fetch(`${portal}/_actions/rate`, { method: 'POST', body: JSON.stringify({ dossierCode, score: 3 }) })).json()) as { webhookId: string; status: number };
const deliveryView = async (eventId: string) => (await call(fixture.twin.gatewayUrl, 'GET', `/v1/deliveries/${eventId}`, { key: reader })).body;
const cityReceived = async () =>
  ((await (await fetch(`${city}/_inspect/deliveries`)).json()) as { deliveries: { id: string; timesReceived: number }[] }).deliveries;

describe('a city outage on the twin', () => {
  it('delivers every held event once after the city recovers, and leaves nothing queued', async () => {
    const worker = functionDefinitions.cityDelivery.queueTrigger!;
    expect(events).toBeGreaterThan(worker.batchSize * 2); // enough for concurrent batches

    await setCityFaults({ down: true });
    const ids: string[] = [];
    for (let i = 0; i < events; i += 10) {
      const sent = await Promise.all(Array.from({ length: Math.min(10, events - i) }, (_, j) => rate(`H29-OUT-${i + j}`)));
      expect(sent.map((s) => s.status)).toEqual(sent.map(() => 202));
      ids.push(...sent.map((s) => s.webhookId));
    }

    // Every event met the outage at least once before the city comes back.
    await eventually(async () => {
      const views = await Promise.all(ids.map(deliveryView));
      const unattempted = views.filter((v) => !(v.attempts?.length >= 1)).length;
      expect(unattempted).toBe(0);
    }, 120_000, 500);
    expect(await cityReceived()).toEqual([]);
    // The worker scaled out: the backlog was spread over several containers.
    expect(fixture.twin.runtime.stats().cityDelivery?.peakContainers).toBeGreaterThan(1);

    await setCityFaults({ down: false });
    await eventually(async () => expect((await cityReceived()).filter((d) => ids.includes(d.id))).toHaveLength(events), 120_000, 500);
    await drained(fixture.twin, 'cityDelivery', 'cityDelivery');

    const received = (await cityReceived()).filter((d) => ids.includes(d.id));
    expect(received.every((d) => d.timesReceived === 1)).toBe(true);
    const views = await Promise.all(ids.map(deliveryView));
    expect(views.map((v) => v.status)).toEqual(ids.map(() => 'delivered'));
    // No container ran more than one batch at a time, and none exceeded the mapping's limit.
    expect(fixture.twin.runtime.stats().cityDelivery?.peakContainers).toBeLessThanOrEqual(worker.maxConcurrency);
  }, 300_000);
});
