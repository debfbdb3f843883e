import { describe, expect, it, vi } from 'vitest';
import { DossierSnapshotInput } from '../../contracts/api/dossier';
import { defaultPortalStatusMap } from '../../contracts/portal/status-mapping';
import type { DossierPartition, PortalSyncRecord } from '../../functions/core/dossier/dossier-records';
import type { PortalHeldDossier } from '../../contracts/portal/dossier';
import { PartnerOutcomeUnknownError, PartnerRejectedError, PartnerRetryableError } from '../../functions/core/partners/partner-errors';
import { toPortalDossier } from '../../functions/translate/portal-dossier';
import { toPortalStep } from '../../functions/translate/portal-steps';
import type { LeaseResult, PortalSyncPorts } from '../../functions/core/portal/portal-sync';
import { syncDossierToPortal } from '../../functions/core/portal/portal-sync';
import { DeadLetterError, RetryLaterError } from '../../functions/core/partners/worker-outcomes';
import { sampleDossier } from '../../infra/local/sample-dossier';

const now = new Date('2026-11-22T03:00:00Z');
const steps = Array.from({ length: 12 }, (_, i) => ({ id: `s${i}`, actor: { name: 'Cán bộ' }, at: '2026-11-22T08:00:00+07:00', action: `b${i}`, status: 'processing' as const }));

function partition(version: number, sync?: Partial<PortalSyncRecord>): DossierPartition {
  const snapshot = { ...DossierSnapshotInput.parse(sampleDossier({ version, history: steps })), dossierCode: 'H29-1' };
  return {
    state: { dossierCode: 'H29-1', version, contentHash: 'h', snapshot, storedAt: now.toISOString() },
    portalSync: sync ? { attempts: 0, ...sync } : undefined,
  };
}

function ports(reads: DossierPartition[], overrides: Partial<PortalSyncPorts> = {}) {
  // The first read answers readDossier; the lease answers the sync record of the next (what DynamoDB holds by then).
  const queue = [...reads];
  const next = () => (queue.length > 1 ? queue.shift()! : queue[0]!);
  return {
    readDossier: vi.fn(async () => next()),
    acquirePortalLease: vi.fn(async (): Promise<LeaseResult> => ({ acquired: true, before: next().portalSync })),
    releasePortalLease: vi.fn(async () => undefined),
    recordPortalHasDossier: vi.fn(async () => undefined),
    recordStepsSent: vi.fn(async () => undefined),
    recordFailure: vi.fn(async () => undefined),
    recordAcknowledged: vi.fn(async () => true),
    clearPortalPending: vi.fn(async () => undefined),
    pushDossier: vi.fn(async () => undefined),
    pushSteps: vi.fn(async () => undefined),
    lookupDossier: vi.fn(async (): Promise<PortalHeldDossier | undefined> => undefined),
    recordOutcomeUnknown: vi.fn(async () => undefined),
    forgetStepsSent: vi.fn(async () => undefined),
    verification: { share: 0, delaySeconds: 60 },
    readBackGraceSeconds: 30,
    statusMap: defaultPortalStatusMap,
    backoff: { baseSeconds: 5, maxSeconds: 43_200 },
    now: () => now,
    random: () => 0.5,
    ...overrides,
  } satisfies PortalSyncPorts;
}

const nudge = { dossierCode: 'H29-1', version: 1 };

describe('syncDossierToPortal', () => {
  it('pushes the latest snapshot as new, then its steps in chunks of ten, then acknowledges it', async () => {
    const p = ports([partition(3)]);
    const outcome = await syncDossierToPortal(nudge, 'm1', p);
    expect(outcome).toEqual({ kind: 'synced', version: 3, revision: 0, stepsSent: 12, dossierSent: true, syncLagMs: 0 });
    expect(p.pushDossier).toHaveBeenCalledWith(expect.objectContaining({ MaHoSo: 'H29-1' }), false, { messageId: 'm1', dossierCode: 'H29-1' });
    expect(vi.mocked(p.pushSteps).mock.calls.map(([s]) => s.length)).toEqual([10, 2]);
    // Steps of all but the last chunk are written (with the portal holding the dossier) before the next call;
    // the last chunk's, and the lease's release, ride on the acknowledgement.
    expect(p.recordStepsSent).toHaveBeenCalledExactlyOnceWith('H29-1', steps.slice(0, 10).map((s) => s.id), true);
    expect(p.recordAcknowledged).toHaveBeenCalledWith('H29-1', 3, 0, now.toISOString(), undefined, {
      stepIds: ['s10', 's11'],
      portalHasDossier: false,
      leaseOwner: expect.stringMatching(/^m1:/),
    });
    expect(p.recordPortalHasDossier).not.toHaveBeenCalled();
    expect(p.releasePortalLease).not.toHaveBeenCalled();
  });

  it('records the facts alone, then acknowledges without the lease, when the lease was lost meanwhile', async () => {
    const p = ports([partition(3)], { recordAcknowledged: vi.fn(async (...args: unknown[]) => args.length < 6) });
    await syncDossierToPortal(nudge, 'm1', p);
    expect(vi.mocked(p.recordStepsSent).mock.calls).toEqual([
      ['H29-1', steps.slice(0, 10).map((s) => s.id), true],
      ['H29-1', ['s10', 's11'], undefined],
    ]);
    expect(vi.mocked(p.recordAcknowledged).mock.calls.map((c) => c.length)).toEqual([6, 5]);
    expect(p.releasePortalLease).toHaveBeenCalledWith('H29-1', expect.stringMatching(/^m1:/), undefined);
  });

  it('records that the portal holds the dossier before recording a failed step call', async () => {
    const p = ports([partition(3)], { pushSteps: vi.fn(async () => Promise.reject(new PartnerRetryableError('portal-http-503', 'down'))) });
    await expect(syncDossierToPortal(nudge, 'm1', p)).rejects.toBeInstanceOf(RetryLaterError);
    expect(p.recordPortalHasDossier).toHaveBeenCalledWith('H29-1');
    expect(vi.mocked(p.recordPortalHasDossier).mock.invocationCallOrder[0]).toBeLessThan(vi.mocked(p.recordFailure).mock.invocationCallOrder[0]!);
    expect(p.recordAcknowledged).not.toHaveBeenCalled();
  });

  it('updates (isUpdating) a dossier the portal holds and sends only unsent steps', async () => {
    const p = ports([partition(4, { ackVersion: 3, portalHasDossier: true, sentStepIds: new Set(steps.slice(0, 11).map((s) => s.id)) })]);
    await syncDossierToPortal(nudge, 'm1', p);
    expect(vi.mocked(p.pushDossier).mock.calls[0]?.[1]).toBe(true);
    expect(vi.mocked(p.pushSteps).mock.calls.map(([s]) => s.map((x) => x.NoiDungXuLy))).toEqual([['b11']]);
  });

  it('measures the sync lag from the version stored to its acknowledgement, only when the version is new to the portal', async () => {
    // Prepare: stored 90 s before the acknowledgement; then the same version again with a payment overlay.
    const stored = partition(4, { ackVersion: 3, portalHasDossier: true });
    const late = { ...stored, state: { ...stored.state!, storedAt: new Date(now.getTime() - 90_000).toISOString() } };
    const overlayOnly = { ...partition(4, { ackVersion: 4, ackRevision: 0, portalHasDossier: true }), overlay: { revision: 1, payments: {} } };

    // Act
    const first = await syncDossierToPortal(nudge, 'm1', ports([late]));
    const second = await syncDossierToPortal(nudge, 'm2', ports([overlayOnly]));

    // Assess: an overlay change says nothing about how fast the city's version travelled.
    expect(first).toMatchObject({ kind: 'synced', version: 4, syncLagMs: 90_000 });
    expect(second).toMatchObject({ kind: 'synced', version: 4, revision: 1 });
    expect(second).not.toHaveProperty('syncLagMs');
  });

  it('coalesces a nudge the portal already has, without the lease or a call', async () => {
    const p = ports([partition(3, { ackVersion: 3 })]);
    expect(await syncDossierToPortal(nudge, 'm1', p)).toEqual({ kind: 'coalesced', ackVersion: 3 });
    expect(p.acquirePortalLease).not.toHaveBeenCalled();
    expect(p.pushDossier).not.toHaveBeenCalled();
  });

  it('coalesces what another worker acknowledged between the first look and the lease, and takes the attempt back', async () => {
    const p = ports([partition(3), partition(3, { ackVersion: 3, lastAttemptAt: '2026-11-22T02:59:00.000Z' })]);
    expect((await syncDossierToPortal(nudge, 'm1', p)).kind).toBe('coalesced');
    expect(p.readDossier).toHaveBeenCalledTimes(1);
    expect(p.pushDossier).not.toHaveBeenCalled();
    expect(p.releasePortalLease).toHaveBeenCalledWith('H29-1', expect.stringMatching(/^m1:/), { lastAttemptAt: '2026-11-22T02:59:00.000Z' });
  });

  it('waits behind a backoff another worker scheduled after the first look, and takes the attempt back', async () => {
    const p = ports([partition(3), partition(3, { nextAttemptAt: new Date(now.getTime() + 60_000).toISOString() })]);
    await expect(syncDossierToPortal(nudge, 'm1', p)).rejects.toMatchObject({ reasonCode: 'deferred-behind-backoff' });
    expect(p.pushDossier).not.toHaveBeenCalled();
    expect(p.releasePortalLease).toHaveBeenCalledWith('H29-1', expect.stringMatching(/^m1:/), { lastAttemptAt: undefined });
  });

  it('retries shortly when another worker holds the dossier', async () => {
    const p = ports([partition(3)], { acquirePortalLease: vi.fn(async (): Promise<LeaseResult> => ({ acquired: false })) });
    await expect(syncDossierToPortal(nudge, 'm1', p)).rejects.toMatchObject({ reasonCode: 'dossier-busy', delaySeconds: 3 });
  });

  it('waits behind a scheduled retry instead of calling a partner that is known to be failing', async () => {
    const p = ports([partition(3, { nextAttemptAt: new Date(now.getTime() + 60_000).toISOString() })]);
    const error = await syncDossierToPortal(nudge, 'm1', p).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).delaySeconds).toBe(62);
    expect(p.pushDossier).not.toHaveBeenCalled();
  });

  it('records a retryable failure with its backoff and asks for a delayed retry', async () => {
    const p = ports([partition(3, { failureStreak: 2 })], { pushDossier: vi.fn(async () => Promise.reject(new PartnerRetryableError('portal-http-503', 'down'))) });
    const error = await syncDossierToPortal(nudge, 'm1', p).catch((e: unknown) => e);
    expect(error).toMatchObject({ reasonCode: 'portal-http-503', delaySeconds: 20 });
    expect(p.recordFailure).toHaveBeenCalledWith(
      'H29-1',
      expect.objectContaining({ code: 'portal-http-503', permanent: false, version: 3 }),
      3,
      new Date(now.getTime() + 20_000).toISOString(),
    );
    expect(p.releasePortalLease).toHaveBeenCalledWith('H29-1', expect.stringMatching(/^m1:/), undefined);
  });

  it('records a permanent rejection and dead-letters the nudge', async () => {
    const p = ports([partition(3)], { pushDossier: vi.fn(async () => Promise.reject(new PartnerRejectedError('portal-rejected-2', 'bad'))) });
    const error = await syncDossierToPortal(nudge, 'm1', p).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadLetterError);
    expect(p.recordFailure).toHaveBeenCalledWith('H29-1', expect.objectContaining({ permanent: true }), 1, undefined);
    expect(p.recordAcknowledged).not.toHaveBeenCalled();
  });

  it('dead-letters a nudge for a dossier that was never stored', async () => {
    const p = ports([{}]);
    await expect(syncDossierToPortal(nudge, 'm1', p)).rejects.toBeInstanceOf(DeadLetterError);
  });
});

/** What the portal holds after receiving `version` and the first `stepCount` steps. */
function portalHolding(version: number, stepCount: number, withHistory = true): PortalHeldDossier {
  const { snapshot } = partition(version).state!;
  const dossier = toPortalDossier(snapshot, defaultPortalStatusMap);
  const history = snapshot.history.slice(0, stepCount).map((s) => toPortalStep('H29-1', s, defaultPortalStatusMap));
  return { ...dossier, ...(withHistory ? { QuaTrinhXuLy: history } : {}) } as PortalHeldDossier;
}

describe('read-back after an attempt with an unknown outcome', () => {
  it('marks the attempt, with the steps whose call was in flight', async () => {
    const p = ports([partition(3, { portalHasDossier: true, ackVersion: 2, sentStepIds: new Set(['s0', 's1']) })], {
      pushSteps: vi.fn(async () => Promise.reject(new PartnerOutcomeUnknownError('portal-timeout', 'no answer'))),
    });
    await expect(syncDossierToPortal(nudge, 'm1', p)).rejects.toMatchObject({ reasonCode: 'portal-timeout' });
    expect(p.recordOutcomeUnknown).toHaveBeenCalledWith('H29-1', now.toISOString(), steps.slice(2, 12).map((s) => s.id));
  });

  it('does not mark anew when only the read-back lost its answer (TraCuuHoSo changes nothing)', async () => {
    const p = ports([partition(3, { portalHasDossier: true, readBackNeeded: true, ambiguousStepIds: new Set(['s0']) })], {
      lookupDossier: vi.fn(async () => Promise.reject(new PartnerOutcomeUnknownError('portal-timeout', 'no answer'))),
    });
    await expect(syncDossierToPortal(nudge, 'm1', p)).rejects.toMatchObject({ reasonCode: 'portal-timeout' });
    expect(p.recordOutcomeUnknown).not.toHaveBeenCalled();
    expect(p.pushDossier).not.toHaveBeenCalled();
  });

  it('does not mark an attempt that certainly failed (an answer came back)', async () => {
    const p = ports([partition(3)], { pushDossier: vi.fn(async () => Promise.reject(new PartnerRetryableError('portal-http-503', 'down'))) });
    await expect(syncDossierToPortal(nudge, 'm1', p)).rejects.toBeInstanceOf(RetryLaterError);
    expect(p.recordOutcomeUnknown).not.toHaveBeenCalled();
  });

  it('asks the portal first, skips the dossier it already holds and sends only the steps it lacks', async () => {
    // The lost answer was to the first step call: the portal applied it (s0–s9), and v3.
    const p = ports([partition(3, { ackVersion: 2, portalHasDossier: true, readBackNeeded: true, ambiguousStepIds: new Set(steps.slice(0, 10).map((s) => s.id)) })], {
      lookupDossier: vi.fn(async () => portalHolding(3, 10)),
    });
    const outcome = await syncDossierToPortal(nudge, 'm1', p);
    expect(p.lookupDossier).toHaveBeenCalledWith('H29-1', { messageId: 'm1', dossierCode: 'H29-1' });
    expect(p.pushDossier).not.toHaveBeenCalled();
    expect(vi.mocked(p.pushSteps).mock.calls.map(([s]) => s.map((x) => x.NoiDungXuLy))).toEqual([['b10', 'b11']]);
    expect(p.recordStepsSent).toHaveBeenCalledWith('H29-1', steps.slice(0, 10).map((s) => s.id));
    expect(vi.mocked(p.recordAcknowledged).mock.calls[0]?.[5]).toMatchObject({ stepIds: ['s10', 's11'], portalHasDossier: false });
    expect(outcome).toMatchObject({ kind: 'synced', dossierSent: false, stepsSent: 2, readBack: { stepsFoundHeld: 10, differingFields: [] } });
    // After an unknown outcome the dossier always goes on the verifier's list.
    expect(vi.mocked(p.recordAcknowledged).mock.calls[0]?.[4]).toBe(new Date(now.getTime() + 60_000).toISOString());
  });

  it('waits out the grace before resending steps of a lost call the portal does not hold yet', async () => {
    const inDoubt = { ackVersion: 2, portalHasDossier: true, readBackNeeded: true, sentStepIds: new Set(steps.slice(0, 10).map((s) => s.id)), ambiguousStepIds: new Set(['s10', 's11']) };
    const early = ports([partition(3, { ...inDoubt, ambiguousAt: new Date(now.getTime() - 10_000).toISOString() })], { lookupDossier: vi.fn(async () => portalHolding(3, 10)) });
    await expect(syncDossierToPortal(nudge, 'm1', early)).rejects.toMatchObject({ reasonCode: 'portal-steps-in-doubt', delaySeconds: 20 });
    expect(early.pushSteps).not.toHaveBeenCalled();
    expect(early.recordAcknowledged).not.toHaveBeenCalled();
    expect(early.recordFailure).toHaveBeenCalledWith('H29-1', expect.objectContaining({ code: 'portal-steps-in-doubt', permanent: false }), 0, new Date(now.getTime() + 20_000).toISOString());

    const late = ports([partition(3, { ...inDoubt, ambiguousAt: new Date(now.getTime() - 31_000).toISOString() })], { lookupDossier: vi.fn(async () => portalHolding(3, 10)) });
    await syncDossierToPortal(nudge, 'm1', late);
    expect(vi.mocked(late.pushSteps).mock.calls.flatMap(([s]) => s.map((x) => x.NoiDungXuLy))).toEqual(['b10', 'b11']);
  });

  it('sends the dossier again when the portal holds another version', async () => {
    const p = ports([partition(3, { ackVersion: 1, portalHasDossier: true, readBackNeeded: true, sentStepIds: new Set(steps.map((s) => s.id)) })], {
      lookupDossier: vi.fn(async () => ({ ...portalHolding(3, 12), TrichYeuHoSo: 'phiên bản cũ' })),
    });
    const outcome = await syncDossierToPortal(nudge, 'm1', p);
    expect(p.pushDossier).toHaveBeenCalledWith(expect.objectContaining({ MaHoSo: 'H29-1' }), true, expect.anything());
    expect(p.pushSteps).not.toHaveBeenCalled();
    expect(outcome).toMatchObject({ dossierSent: true, readBack: { differingFields: ['TrichYeuHoSo'] } });
  });

  it('creates the dossier when the portal does not hold it, whatever the record said', async () => {
    const p = ports([partition(3, { portalHasDossier: true, readBackNeeded: true, sentStepIds: new Set(['s0']) })]);
    await syncDossierToPortal(nudge, 'm1', p);
    expect(vi.mocked(p.pushDossier).mock.calls[0]?.[1]).toBe(false);
    expect(p.forgetStepsSent).toHaveBeenCalledWith('H29-1', ['s0']);
    expect(vi.mocked(p.pushSteps).mock.calls.flatMap(([s]) => s)).toHaveLength(12);
  });

  it('without the history, resends the steps in doubt unless the status shows them applied', async () => {
    const inDoubt = { ackVersion: 2, portalHasDossier: true, readBackNeeded: true, sentStepIds: new Set(steps.slice(0, 10).map((s) => s.id)), ambiguousStepIds: new Set(['s10', 's11']) };
    const notShown = ports([partition(3, inDoubt)], { lookupDossier: vi.fn(async () => portalHolding(3, 12, false)) });
    await syncDossierToPortal(nudge, 'm1', notShown);
    expect(vi.mocked(notShown.pushSteps).mock.calls.flatMap(([s]) => s.map((x) => x.NoiDungXuLy))).toEqual(['b10', 'b11']);

    // The steps' status ('done') differs from the dossier's ('processing' in the payload): the portal showing it proves them.
    const doneSteps = partition(3, inDoubt);
    const snapshot = { ...doneSteps.state!.snapshot, history: doneSteps.state!.snapshot.history.map((s, i) => (i >= 10 ? { ...s, status: 'done' as const } : s)) };
    const proven = { ...doneSteps, state: { ...doneSteps.state!, snapshot } };
    const payloadStatus = toPortalDossier(snapshot, defaultPortalStatusMap).TrangThaiHoSo;
    expect(payloadStatus).not.toBe(defaultPortalStatusMap.done);
    const shown = ports([proven], {
      lookupDossier: vi.fn(async () => ({ ...toPortalDossier(snapshot, defaultPortalStatusMap), TrangThaiHoSo: defaultPortalStatusMap.done }) as PortalHeldDossier),
    });
    await syncDossierToPortal(nudge, 'm1', shown);
    expect(shown.pushSteps).not.toHaveBeenCalled();
    expect(shown.recordStepsSent).toHaveBeenCalledWith('H29-1', ['s10', 's11']);
  });
});
