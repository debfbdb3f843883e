import { PartnerHttpError } from '../../functions/adapters/partners/partner-http-client';
import { describe, expect, it, vi } from 'vitest';
import { DossierSnapshotInput } from '../../contracts/api/dossier';
import type { PortalHeldDossier } from '../../contracts/portal/dossier';
import { defaultPortalStatusMap } from '../../contracts/portal/status-mapping';
import { classifyTransportError } from '../../functions/adapters/portal/portal-errors';
import type { DossierPartition, PortalSyncRecord } from '../../functions/core/dossier/dossier-records';
import { PartnerOutcomeUnknownError } from '../../functions/core/partners/partner-errors';
import type { VerifierPorts } from '../../functions/core/portal/portal-verification';
import { verifyDueAfterAck, verifyPortalCopies } from '../../functions/core/portal/portal-verification';
import { toPortalDossier } from '../../functions/translate/portal-dossier';
import { dossierDifferences, readBackSteps } from '../../functions/translate/portal-readback';
import { toPortalStep } from '../../functions/translate/portal-steps';
import { sampleDossier } from '../../infra/local/sample-dossier';

const now = new Date('2026-11-22T03:00:00Z');
const snapshot = { ...DossierSnapshotInput.parse(sampleDossier({ version: 3 })), dossierCode: 'H29-V' };
const payload = toPortalDossier(snapshot, defaultPortalStatusMap);
const step = toPortalStep('H29-V', snapshot.history[0]!, defaultPortalStatusMap);

function partition(sync: Partial<PortalSyncRecord>): DossierPartition {
  return {
    state: { dossierCode: 'H29-V', version: 3, contentHash: 'h', snapshot, storedAt: now.toISOString() },
    portalSync: { attempts: 1, ackVersion: 3, ackRevision: 0, portalHasDossier: true, sentStepIds: new Set(['step-1']), ...sync },
  };
}

function ports(read: DossierPartition, held: PortalHeldDossier | undefined) {
  return {
    dueForVerification: () =>
      (async function* () {
        yield ['H29-V'];
      })(),
    readDossier: vi.fn(async () => read),
    lookupDossier: vi.fn(async () => held),
    recordVerified: vi.fn(async (..._args: Parameters<VerifierPorts['recordVerified']>) => true),
    reopenSync: vi.fn(async (..._args: Parameters<VerifierPorts['reopenSync']>) => true),
    recordUnrepairable: vi.fn(async () => true),
    dropFromVerification: vi.fn(async () => undefined),
    markPortalPending: vi.fn(async () => undefined),
    enqueuePortalSync: vi.fn(async () => undefined),
    reportDivergence: vi.fn(),
    statusMap: defaultPortalStatusMap,
    settleSeconds: 600,
    recheckSeconds: 60,
    timeLeftMs: () => 100_000,
    now: () => now,
  } satisfies VerifierPorts;
}

const heldAsSent = (overrides: Record<string, unknown> = {}, history = [step]) => ({ ...payload, QuaTrinhXuLy: history, ...overrides }) as PortalHeldDossier;

describe('verifyPortalCopies', () => {
  it('records a match and takes the dossier off the list once past the settle window', async () => {
    const p = ports(partition({}), heldAsSent());
    expect(await verifyPortalCopies(p)).toMatchObject({ checked: 1, matched: 1, diverged: 0 });
    expect(p.recordVerified).toHaveBeenCalledWith('H29-V', expect.objectContaining({ outcome: 'match', divergence: null, ackVersion: 3 }), { version: 3, revision: 0 }, undefined);
    expect(p.reportDivergence).not.toHaveBeenCalled();
  });

  it('keeps checking a match within the settle window of an unknown outcome (a late application may still land)', async () => {
    const p = ports(partition({ ambiguousAt: new Date(now.getTime() - 60_000).toISOString() }), heldAsSent());
    await verifyPortalCopies(p);
    expect(vi.mocked(p.recordVerified).mock.calls[0]?.[3]).toBe(new Date(now.getTime() + 60_000).toISOString());
  });

  it('reopens, counts, marks pending and nudges when the portal holds another version', async () => {
    const p = ports(partition({}), heldAsSent({ TrichYeuHoSo: 'phiên bản 2' }));
    expect(await verifyPortalCopies(p)).toMatchObject({ diverged: 1, reopened: 1 });
    expect(p.reopenSync).toHaveBeenCalledWith(
      'H29-V',
      expect.objectContaining({ outcome: 'diverged', divergence: { fields: ['TrichYeuHoSo'], missingSteps: 0, duplicatedSteps: 0, portalHasDossier: true } }),
      { version: 3, revision: 0 },
      [],
    );
    expect(p.reportDivergence).toHaveBeenCalledWith('H29-V', expect.anything(), true);
    expect(p.markPortalPending).toHaveBeenCalled();
    expect(p.enqueuePortalSync).toHaveBeenCalledWith({ dossierCode: 'H29-V', version: 3, origin: 'verifier' });
  });

  it('reopens with the steps to send again when the portal lost them', async () => {
    const p = ports(partition({}), heldAsSent({}, []));
    await verifyPortalCopies(p);
    expect(vi.mocked(p.reopenSync).mock.calls[0]?.[3]).toEqual(['step-1']);
  });

  it('counts nothing when the acknowledgement moved on meanwhile (the conditional reopen lost)', async () => {
    const p = { ...ports(partition({}), heldAsSent({ TrichYeuHoSo: 'khác' })), reopenSync: vi.fn(async () => false) };
    expect(await verifyPortalCopies(p)).toMatchObject({ reopened: 0, diverged: 0, skipped: 1 });
    expect(p.reportDivergence).not.toHaveBeenCalled();
    expect(p.enqueuePortalSync).not.toHaveBeenCalled();
  });

  it('reports duplicated steps without reopening (no resync can remove a step)', async () => {
    const p = ports(partition({}), heldAsSent({}, [step, step]));
    expect(await verifyPortalCopies(p)).toMatchObject({ diverged: 1, reopened: 0 });
    expect(p.recordUnrepairable).toHaveBeenCalled();
    expect(p.reportDivergence).toHaveBeenCalledWith('H29-V', expect.objectContaining({ divergence: expect.objectContaining({ duplicatedSteps: 1 }) }), false);
  });

  it('leaves pending dossiers to the sync: no lookup', async () => {
    const p = ports(partition({ ackVersion: 2 }), heldAsSent());
    expect(await verifyPortalCopies(p)).toMatchObject({ skipped: 1, checked: 0 });
    expect(p.lookupDossier).not.toHaveBeenCalled();
    expect(p.dropFromVerification).toHaveBeenCalledWith('H29-V');
  });
});

describe('verifyDueAfterAck', () => {
  const sampling = { share: 0.1, delaySeconds: 30 };
  it('always lists a dossier after an unknown outcome, and a random share of the others', () => {
    expect(verifyDueAfterAck({ attempts: 1, ambiguousAt: now.toISOString() }, now, sampling, () => 0.99)).toBe(new Date(now.getTime() + 30_000).toISOString());
    expect(verifyDueAfterAck({ attempts: 1 }, now, sampling, () => 0.99)).toBeUndefined();
    expect(verifyDueAfterAck({ attempts: 1 }, now, sampling, () => 0.05)).toBeDefined();
    expect(verifyDueAfterAck(undefined, now, { share: 0, delaySeconds: 0 }, () => 0)).toBeUndefined();
  });
});

describe('comparisons with the portal copy', () => {
  it('compares only the fields the portal returned, codes as numbers included', () => {
    const { TrichYeuHoSo: _dropped, ...partial } = payload;
    expect(dossierDifferences(payload, { ...partial, TrangThaiHoSo: Number(payload.TrangThaiHoSo) } as unknown as PortalHeldDossier)).toEqual([]);
    expect(dossierDifferences(payload, { ...payload, NgayHenTra: '20261130170000' } as PortalHeldDossier)).toEqual(['NgayHenTra']);
  });

  it('matches steps as multisets: held, missing and duplicated', () => {
    const other = { ...step, NoiDungXuLy: 'Chuyển xử lý' };
    const result = readBackSteps([step, step], [{ id: 'a', step }], [{ id: 'b', step: other }]);
    expect(result).toEqual({ held: [], missing: [], duplicated: 1 });
    expect(readBackSteps([other], [{ id: 'a', step }], [{ id: 'b', step: other }])).toEqual({ held: ['b'], missing: ['a'], duplicated: 0 });
  });
});

describe('which portal failures leave the outcome unknown', () => {
  const httpError = (status?: number, code = status === undefined ? 'ERR_NETWORK' : 'ERR_BAD_RESPONSE') =>
    new PartnerHttpError(code, 'failed', status === undefined ? undefined : { status, headers: new Headers() });
  it('timeouts, resets and a proxy giving up are unknown; a refused connection or an answer is not', () => {
    expect(classifyTransportError(httpError(undefined, 'ECONNABORTED'))).toBeInstanceOf(PartnerOutcomeUnknownError);
    expect(classifyTransportError(httpError(undefined, 'ECONNRESET'))).toBeInstanceOf(PartnerOutcomeUnknownError);
    expect(classifyTransportError(httpError(504))).toBeInstanceOf(PartnerOutcomeUnknownError);
    expect(classifyTransportError(httpError(undefined, 'ECONNREFUSED'))).not.toBeInstanceOf(PartnerOutcomeUnknownError);
    expect(classifyTransportError(httpError(503))).not.toBeInstanceOf(PartnerOutcomeUnknownError);
    expect(classifyTransportError(httpError(undefined, 'ECONNREFUSED'))).toMatchObject({ code: 'portal-unreachable', retryable: true });
  });
});
