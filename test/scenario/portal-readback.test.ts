import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleDossier } from '../../infra/local/sample-dossier';
import type { PortalView } from '../support/portal-sim';
import { inspectPortalDossier, setPortalFaults } from '../support/portal-sim';
import type { TwinFixture } from '../support/twin-fixture';
import { call, eventually, quickPortalTimings, startTestTwin } from '../support/twin-fixture';

/**
 * Attempts whose outcome the gateway cannot know (DESIGN.md §6), on the twin with the portal
 * simulator's ambiguity knobs: a lost answer is followed by a read-back that sends only what the
 * portal lacks; a request the portal applies late is caught by the verifier, which reopens the
 * sync. Every wait is on an explicit signal (an acknowledgement, the queue drained), never a sleep.
 */
let fixture: TwinFixture;
let url: string;
let portal: string;
let key: string;
let sqs: SQSClient;

beforeAll(async () => {
  fixture = await startTestTwin({
    functionEnvironment: quickPortalTimings,
  });
  url = fixture.twin.gatewayUrl;
  portal = fixture.twin.simulators.portal!;
  key = fixture.twin.apiKey;
  sqs = new SQSClient({ endpoint: fixture.twin.sqsEndpoint });
});
afterAll(async () => {
  sqs.destroy();
  await fixture.stop();
});
beforeEach(() => setPortalFaults(portal, { lookupHistory: true, loseAnswers: { calls: 0 }, applyLate: { calls: 0 } }));

const steps = [
  ...(sampleDossier().history ?? []),
  { id: 'step-2', actor: { name: 'Phạm Thị Hoa' }, at: '2026-11-22T09:00:00+07:00', action: 'Chuyển phòng Tư pháp', status: 'processing' as const },
];
const put = (code: string, overrides: Parameters<typeof sampleDossier>[0]) =>
  call(url, 'PUT', `/v1/dossiers/${code}`, { key, body: sampleDossier({ history: steps, status: 'processing', ...overrides }) });
const view = async (code: string) => (await call(url, 'GET', `/v1/dossiers/${code}`, { key })).body;

/**
 * Drained: the portal-sync queue holds nothing (visible or in flight) and each dossier is synced at
 * `version`. While waiting, the sweeper runs as its schedule would (every few seconds here rather
 * than minutes): it is how the gateway heals a lost nudge, and the twin's pollers can still lose one.
 */
async function drained(codes: readonly string[], version: number, timeoutMs = 60_000): Promise<void> {
  let lastSweep = Date.now();
  await eventually(
    async () => {
      if (Date.now() - lastSweep > 3000) {
        lastSweep = Date.now();
        await fixture.twin.runSchedule('portalSweeper');
      }
      for (const code of codes) {
        const current = await view(code);
        expect(current.sync.portal).toMatchObject({ state: 'synced', ackVersion: version });
      }
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: fixture.twin.queueUrls.portalSync.main,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      expect(Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible)).toBe(0);
    },
    timeoutMs,
    200,
  );
}

/** Each step the city recorded is held by the portal exactly once. */
function expectEveryStepOnce(atPortal: PortalView | undefined): void {
  const held = (atPortal?.history ?? []).map((s) => `${s.ThoiDiemXuLy}|${s.NoiDungXuLy}`);
  expect(held).toHaveLength(steps.length);
  expect(new Set(held).size).toBe(steps.length);
}

const callsOf = (atPortal: PortalView | undefined, service: string) => atPortal?.calls.filter((c) => c.service === service) ?? [];

describe('read-back after a lost answer', () => {
  it('does not send a step twice when the answer to CapNhatTienDoHoSoMC is lost (10 of 10 dossiers)', async () => {
    const codes = Array.from({ length: 10 }, (_, i) => `H29-RB-STEP-${i}`);
    await setPortalFaults(portal, { loseAnswers: { calls: 10, services: ['CapNhatTienDoHoSoMC'], dossiers: codes } });
    for (const code of codes) expect((await put(code, {})).status).toBe(202);
    await drained(codes, 1);

    for (const code of codes) {
      const atPortal = await inspectPortalDossier(portal, code);
      // The first step call was applied and its answer lost; the read-back found the steps held.
      expect(callsOf(atPortal, 'CapNhatTienDoHoSoMC').filter((c) => c.delivery === 'answer-lost')).toHaveLength(1);
      expect(callsOf(atPortal, 'TraCuuHoSo').length).toBeGreaterThanOrEqual(1);
      expectEveryStepOnce(atPortal);
      expect(atPortal?.received).toHaveLength(1);
    }
  }, 120_000);

  it('does not send the dossier again when the answer to DongBoHoSoMC is lost but the portal applied it', async () => {
    const code = 'H29-RB-DOSSIER';
    expect((await put(code, { version: 1, summary: 'phiên bản 1' })).status).toBe(202);
    await drained([code], 1);
    await setPortalFaults(portal, { loseAnswers: { calls: 1, services: ['DongBoHoSoMC'], dossiers: [code] } });
    expect((await put(code, { version: 2, summary: 'phiên bản 2' })).status).toBe(202);
    await drained([code], 2);

    const atPortal = await inspectPortalDossier(portal, code);
    expect(atPortal?.dossier.TrichYeuHoSo).toBe('phiên bản 2');
    // v1 once, v2 once (the applied call whose answer was lost): the read-back saw v2 held.
    expect(atPortal?.received.map((d) => d.TrichYeuHoSo)).toEqual(['phiên bản 1', 'phiên bản 2']);
    expectEveryStepOnce(atPortal);
  });

  it('works when TraCuuHoSo does not return the history: the dossier is compared, steps stay once', async () => {
    const code = 'H29-RB-NOHIST';
    await setPortalFaults(portal, { lookupHistory: false, loseAnswers: { calls: 1, services: ['DongBoHoSoMC'], dossiers: [code] } });
    expect((await put(code, {})).status).toBe(202);
    await drained([code], 1);
    const atPortal = await inspectPortalDossier(portal, code);
    expect(atPortal?.received).toHaveLength(1);
    expectEveryStepOnce(atPortal);
  });
});

describe('the verifier', () => {
  it('catches a DongBoHoSoMC applied late over a newer version, reopens the sync and repairs the portal', async () => {
    const code = 'H29-RB-LATE';
    expect((await put(code, { version: 1, summary: 'phiên bản 1' })).status).toBe(202);
    await drained([code], 1);

    // v2's push is held by the portal: the gateway times out, the outcome unknown.
    await setPortalFaults(portal, { applyLate: { calls: 1, services: ['DongBoHoSoMC'], dossiers: [code] } });
    expect((await put(code, { version: 2, summary: 'phiên bản 2' })).status).toBe(202);
    await eventually(async () => expect((await view(code)).sync.portal.lastError?.code).toBe('portal-timeout'), 30_000);
    // v3 follows; the read-back finds v1 at the portal and sends v3.
    expect((await put(code, { version: 3, summary: 'phiên bản 3' })).status).toBe(202);
    await drained([code], 3);

    // Now the portal applies the old v2 request: it holds v2 while the gateway says v3.
    const released = (await (await fetch(`${portal}/_actions/apply-late`, { method: 'POST' })).json()) as { applied: number };
    expect(released.applied).toBe(1);
    expect((await inspectPortalDossier(portal, code))?.dossier.TrichYeuHoSo).toBe('phiên bản 2');
    expect((await view(code)).sync.portal).toMatchObject({ state: 'synced', ackVersion: 3 });

    const report = (await fixture.twin.runSchedule('portalVerifier')) as { reopened: number; diverged: number };
    expect(report).toMatchObject({ reopened: 1, diverged: 1 });
    const reopened = await view(code);
    expect(reopened.sync.portal.verification).toMatchObject({ outcome: 'diverged', ackVersion: 3, divergence: { portalHasDossier: true, missingSteps: 0 } });
    expect(reopened.sync.portal.verification.divergence.fields).toContain('TrichYeuHoSo');

    // The worker repairs the portal; the next verification matches.
    await eventually(async () => expect((await inspectPortalDossier(portal, code))?.dossier.TrichYeuHoSo).toBe('phiên bản 3'), 30_000);
    await drained([code], 3);
    const again = (await fixture.twin.runSchedule('portalVerifier')) as { matched: number; diverged: number };
    expect(again).toMatchObject({ matched: 1, diverged: 0 });
    const final = await view(code);
    expect(final.sync.portal).toMatchObject({ state: 'synced', ackVersion: 3, verification: { outcome: 'match', divergence: null } });
    expectEveryStepOnce(await inspectPortalDossier(portal, code));

    // Verified and past its settle window: off the list, so a third run checks nothing.
    expect(await fixture.twin.runSchedule('portalVerifier')).toMatchObject({ checked: 0 });
  });

  it('does not duplicate steps when the portal applies a step call late, within the grace', async () => {
    const code = 'H29-RB-LATESTEP';
    await setPortalFaults(portal, { applyLate: { calls: 1, services: ['CapNhatTienDoHoSoMC'], dossiers: [code] } });
    expect((await put(code, {})).status).toBe(202);
    // The step call timed out; the read-back finds the steps missing and waits instead of resending.
    await eventually(async () => expect((await view(code)).sync.portal.lastError?.code).toBe('portal-steps-in-doubt'), 30_000);
    expect((await inspectPortalDossier(portal, code))?.history).toHaveLength(0);
    // The portal applies it late; the next attempt finds the steps held.
    expect(((await (await fetch(`${portal}/_actions/apply-late`, { method: 'POST' })).json()) as { applied: number }).applied).toBe(1);
    await drained([code], 1);
    const atPortal = await inspectPortalDossier(portal, code);
    expectEveryStepOnce(atPortal);
    expect(callsOf(atPortal, 'CapNhatTienDoHoSoMC').map((c) => c.delivery)).toEqual(['applied-late']);
  });

  it('reports steps a call applied after the grace duplicated, which no resync can take back', async () => {
    const code = 'H29-RB-LOSTSTEP';
    // The step call is held: at the read-back the portal lacks the steps, so they are sent.
    await setPortalFaults(portal, { applyLate: { calls: 1, services: ['CapNhatTienDoHoSoMC'], dossiers: [code] } });
    expect((await put(code, {})).status).toBe(202);
    await drained([code], 1);
    // Then the held call lands too: every step twice.
    expectEveryStepOnce(await inspectPortalDossier(portal, code));
    await fetch(`${portal}/_actions/apply-late`, { method: 'POST' });
    expect((await inspectPortalDossier(portal, code))?.history).toHaveLength(steps.length * 2);

    // The verifier sees the duplicates (the portal has no call to remove a step): reported, not reopened.
    const report = (await fixture.twin.runSchedule('portalVerifier')) as { diverged: number; reopened: number };
    expect(report).toMatchObject({ diverged: 1, reopened: 0 });
    expect((await view(code)).sync.portal.verification).toMatchObject({ outcome: 'diverged', divergence: { duplicatedSteps: steps.length, fields: [] } });
  });
});
