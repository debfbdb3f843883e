import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { parkedCityEventIds, partnerHealth, pendingDossierCodes, queueDepth, waitForDrain } from '../support/drain';
import { inspectPortalDossier, setPortalFaults } from '../support/portal-sim';
import type { TwinFixture } from '../support/twin-fixture';
import { call, eventually, startTestTwin } from '../support/twin-fixture';

/**
 * Partner outages on the twin (DESIGN.md §6): while a partner is down its work is parked instead
 * of retried, one probe per interval tests it, and on recovery the parked work is released and
 * drained at the shared pace. The city keeps its production retry schedule (5 s, 30 s, 2 min …):
 * a drain that waited it out would not finish within these tests' deadlines.
 */
let fixture: TwinFixture;
let gateway: string;
let portal: string;
let city: string;
let reader: string;

beforeAll(async () => {
  fixture = await startTestTwin({
    functionEnvironment: {
      PARTNER_DOWN_AFTER_FAILURES: '3',
      PARTNER_HEALTH_CACHE_MS: '200',
      PORTAL_PACE_MAX_PER_SECOND: '8',
      PORTAL_SYNC_BACKOFF_BASE_SECONDS: '5',
    },
  });
  ({ gatewayUrl: gateway } = fixture.twin);
  portal = fixture.twin.simulators.portal!;
  city = fixture.twin.simulators.city!;
  reader = await fixture.keyWith('deliveries:read');
});
afterAll(() => fixture.stop());

interface Traffic {
  calls: number;
  served: number;
  down: number;
  throttled: number;
}
const traffic = async (sim: string) => (await (await fetch(`${sim}/_inspect/traffic`)).json()) as Traffic;
const setCityFaults = async (knobs: Record<string, unknown>) => {
  expect((await fetch(`${city}/_faults`, { method: 'POST', body: JSON.stringify(knobs) })).status).toBe(200);
};
const portalAction = async (action: string, body: Record<string, unknown>) =>
  (await (await fetch(`${portal}/_actions/${action}`, { method: 'POST', body: JSON.stringify(body) })).json()) as { webhookId: string; status: number };
const delivery = async (eventId: string) => (await call(gateway, 'GET', `/v1/deliveries/${eventId}`, { key: reader })).body;
const cityDeliveries = async () =>
  ((await (await fetch(`${city}/_inspect/deliveries`)).json()) as { deliveries: { id: string; timesReceived: number }[] }).deliveries;

describe('a city outage, then recovery', () => {
  it('parks every event, probes once per interval, and delivers each event once after the city returns', { timeout: 120_000 }, async () => {
    // Prepare: the city goes down, twelve events arrive.
    await setCityFaults({ down: true });
    const sent: { webhookId: string; status: number }[] = [];
    for (let i = 0; i < 12; i++) sent.push(await portalAction('rate', { dossierCode: `H29-RC-${i}`, score: 3 }));
    expect(sent.every((s) => s.status === 202)).toBe(true);

    // The outage is discovered once and everything is parked: no message keeps retrying.
    await eventually(async () => expect((await partnerHealth('city')).state).toBe('down'), 20_000);
    await eventually(async () => {
      expect(await parkedCityEventIds()).toHaveLength(sent.length);
      expect(await queueDepth(fixture.twin, 'cityDelivery')).toBe(0);
    }, 20_000);
    const atParked = { traffic: await traffic(city), probes: (await partnerHealth('city')).probes ?? 0 };
    // A couple of probe intervals pass: the city sees only the probes.
    await eventually(async () => expect((await partnerHealth('city')).probes ?? 0).toBeGreaterThanOrEqual(atParked.probes + 2), 20_000);
    const beforeRecovery = { traffic: await traffic(city), probes: (await partnerHealth('city')).probes ?? 0 };
    expect(beforeRecovery.traffic.calls - atParked.traffic.calls).toBeLessThanOrEqual(beforeRecovery.probes - atParked.probes);

    // Act: the city comes back.
    await setCityFaults({ down: false });

    // Assess: a probe finds it up, the parked work is released and drained.
    await waitForDrain(fixture.twin, 'cityDelivery', async () => (await parkedCityEventIds()).length === 0 && (await partnerHealth('city')).state === 'up');
    const health = await partnerHealth('city');
    expect(health).toMatchObject({ state: 'up', releasePending: false });
    expect(health.released).toBeGreaterThanOrEqual(sent.length - 1);
    for (const { webhookId } of sent) {
      const view = await eventually(async () => {
        const current = await delivery(webhookId);
        expect(current.status).toBe('delivered');
        return current;
      });
      // Delivered after the recovery, never after waiting out its retry schedule.
      const last = view.attempts.at(-1);
      expect(Date.parse(last.at)).toBeGreaterThanOrEqual(Date.parse(health.upSince!) - 1000);
      expect(view.attempts.filter((a: { outcome: string }) => a.outcome === 'retryable').length).toBeLessThanOrEqual(1 + (health.probes ?? 0));
    }
    const received = (await cityDeliveries()).filter((d) => sent.some((s) => s.webhookId === d.id));
    expect(received).toHaveLength(sent.length);
    expect(received.every((d) => d.timesReceived === 1)).toBe(true);
    expect(await queueDepth(fixture.twin, 'cityDelivery', 'deadLetter')).toBe(0);
  });
});

describe('a portal outage, then recovery into 429s', () => {
  it('loses nothing, and the shared pace halves on 429', { timeout: 120_000 }, async () => {
    // Prepare: the portal goes down, then dossiers are written.
    await setPortalFaults(portal, { down: true });
    const codes = Array.from({ length: 10 }, (_, i) => `H29-RP-${i}`);
    for (const code of codes) {
      expect((await call(gateway, 'PUT', `/v1/dossiers/${code}`, { key: fixture.twin.apiKey, body: sampleDossier({ version: 2, summary: `bản ${code}` }) })).status).toBe(202);
    }
    await eventually(async () => expect((await partnerHealth('portal')).state).toBe('down'), 20_000);
    await eventually(async () => expect(await queueDepth(fixture.twin, 'portalSync')).toBe(0), 20_000);
    const paceBefore = (await partnerHealth('portal')).pacePerSecond;

    // Act: the portal returns with a quota below the gateway's pace, and a burst of 429s.
    await setPortalFaults(portal, { down: false, rateLimitPerSecond: 2, throttle: { calls: 3, retryAfterSeconds: 1 } });

    // Assess: every dossier reaches the portal at its latest version; the pace was halved.
    await waitForDrain(fixture.twin, 'portalSync', async () => (await pendingDossierCodes()).length === 0, 60_000);
    for (const code of codes) expect((await inspectPortalDossier(portal, code))?.dossier.TrichYeuHoSo).toBe(`bản ${code}`);
    const health = await partnerHealth('portal');
    expect(paceBefore ?? 8).toBe(8);
    expect(health.paceCuts ?? 0).toBeGreaterThanOrEqual(1);
    // The pace grows back by a tenth of its ceiling every 10 s, so by the end of a slow drain it may be
    // whole again: the recorded cut, not the current value, is the evidence that it halved.
    expect(health.pacePerSecond).toBeLessThanOrEqual(8);
    expect((await traffic(portal)).throttled).toBeGreaterThanOrEqual(3);
    expect(await queueDepth(fixture.twin, 'portalSync', 'deadLetter')).toBe(0);
    await setPortalFaults(portal, { rateLimitPerSecond: 0 });
  });
});

describe('the partner-recovery watchdog', () => {
  it('restarts a lost probe tick; the probe finds nothing parked and the partner up', { timeout: 60_000 }, async () => {
    // Prepare: the city marked down long ago, its probe tick lost (none was ever sent).
    const { declareDown } = await import('../../functions/adapters/partners/partner-health-store');
    const longAgo = new Date(Date.now() - 10 * 60_000);
    expect(await declareDown('city', longAgo.toISOString(), new Date(longAgo.getTime() + 1000).toISOString())).toBe(true);

    // Act
    const actions = await fixture.twin.runSchedule('partnerRecovery');

    // Assess
    expect(actions).toEqual({ portal: 'none', city: 'probe-restarted' });
    await eventually(async () => expect((await partnerHealth('city')).state).toBe('up'), 20_000);
    expect(await fixture.twin.runSchedule('partnerRecovery')).toEqual({ portal: 'none', city: 'none' });
  });
});
