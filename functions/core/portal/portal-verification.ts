import type { PortalSyncMessage } from '../../../contracts/messages/portal-sync';
import type { PortalStatusMap } from '../../../contracts/portal/status-mapping';
import { toPortalDossier } from '../../translate/portal-dossier';
import { dossierDifferences, readBackSteps } from '../../translate/portal-readback';
import { withOverlay } from '../dossier/dossier-overlay';
import type { DossierPartition, PortalDivergence, PortalSyncRecord, PortalVerification } from '../dossier/dossier-records';
import { syncTargetOf } from '../dossier/dossier-records';
import type { PortalCallContext, ReadBackPorts } from './portal-read-back';
import { translatedSteps } from './portal-read-back';
import { acknowledges } from './sync-state';

/** Which acknowledged dossiers the verifier looks at, and when. */
export interface VerificationSampling {
  /** Share (0–1) of ordinary acknowledgements sampled for verification. */
  readonly share: number;
  /** Seconds after the acknowledgement before the first check (lets late applications land). */
  readonly delaySeconds: number;
}

/**
 * When the verifier should first look at a dossier just acknowledged, or undefined to leave it
 * out. Always after an attempt with an unknown outcome or a reopened sync (a request the portal
 * applies late can undo the acknowledged push); otherwise a random share.
 */
export function verifyDueAfterAck(
  record: PortalSyncRecord | undefined,
  ackedAt: Date,
  sampling: VerificationSampling,
  random: () => number = Math.random,
): string | undefined {
  const mustVerify = record?.ambiguousAt !== undefined || record?.readBackNeeded === true || record?.reopenedAt !== undefined;
  if (!mustVerify && !(sampling.share > 0 && random() < sampling.share)) return undefined;
  return new Date(ackedAt.getTime() + sampling.delaySeconds * 1000).toISOString();
}

export interface VerifierPorts extends Pick<ReadBackPorts, 'lookupDossier' | 'statusMap'> {
  readonly dueForVerification: (dueBefore: string) => AsyncIterable<string[]>;
  readonly readDossier: (dossierCode: string) => Promise<DossierPartition>;
  /**
   * Stores a match. `nextDueAt` keeps the dossier on the list (still within the settle window of an
   * unknown outcome); without it the dossier leaves the list and its ambiguity is forgotten.
   * Conditional on the acknowledgement checked: a newer one has its own schedule. False if not written.
   */
  readonly recordVerified: (dossierCode: string, verification: PortalVerification, ack: AckCheck, nextDueAt: string | undefined) => Promise<boolean>;
  /**
   * Reopens the sync after a divergence (conditional on the acknowledgement checked): the
   * acknowledgement stops counting, the next attempt reads back first, and the recorded steps the
   * portal does not hold are forgotten so they are sent again. False if not written.
   */
  readonly reopenSync: (dossierCode: string, verification: PortalVerification, ack: AckCheck, missingStepIds: readonly string[]) => Promise<boolean>;
  /** Divergences nobody can repair by syncing again (duplicated steps): recorded, not reopened. */
  readonly recordUnrepairable: (dossierCode: string, verification: PortalVerification, ack: AckCheck) => Promise<boolean>;
  /** Drops a dossier that is no longer acknowledged (a newer push will list it again if needed). */
  readonly dropFromVerification: (dossierCode: string) => Promise<void>;
  readonly markPortalPending: (dossierCode: string, at: string) => Promise<void>;
  readonly enqueuePortalSync: (message: PortalSyncMessage) => Promise<void>;
  /** The divergence counter (a metric) and its log line. */
  readonly reportDivergence: (dossierCode: string, verification: PortalVerification, reopened: boolean) => void;
  /** After an unknown outcome, keep checking this long: the portal may apply a request late. */
  readonly settleSeconds: number;
  /** How often a dossier within its settle window is checked again. */
  readonly recheckSeconds: number;
  /** What is left of the invocation; the run stops before a lookup could outlive it. */
  readonly timeLeftMs: () => number;
  readonly now: () => Date;
}

export interface AckCheck {
  readonly version: number;
  readonly revision: number;
}

export interface VerifyReport {
  readonly checked: number;
  readonly matched: number;
  readonly diverged: number;
  readonly reopened: number;
  readonly skipped: number;
  readonly errors: number;
}

/** One lookup (10 s timeout) and its writes must fit in what is left. */
const reserveMs = 15_000;

/**
 * The verifier (DESIGN.md §6, "verify, don't assume"): for each dossier due on its list, asks the
 * portal what it holds (TraCuuHoSo) and compares it with what the gateway says was acknowledged —
 * the translated payload of the acknowledged snapshot and overlay, field by field as far as the
 * portal returns them, and the steps when the portal returns its history. A divergence reopens
 * the sync and is counted; a match after an unknown outcome is checked again until the window
 * in which a late application can still land has passed.
 */
export async function verifyPortalCopies(ports: VerifierPorts): Promise<VerifyReport> {
  const counts = { checked: 0, matched: 0, diverged: 0, reopened: 0, skipped: 0, errors: 0 };
  const runStarted = ports.now().toISOString();
  for await (const page of ports.dueForVerification(runStarted)) {
    for (const dossierCode of page) {
      if (ports.timeLeftMs() < reserveMs) return counts;
      try {
        const outcome = await verifyOne(dossierCode, ports);
        counts[outcome]++;
        if (outcome !== 'skipped') counts.checked++;
        if (outcome === 'reopened') counts.diverged++;
      } catch {
        // The portal is unreachable or a write failed: the dossier stays due for the next run.
        counts.errors++;
      }
    }
  }
  return counts;
}

async function verifyOne(dossierCode: string, ports: VerifierPorts): Promise<'matched' | 'diverged' | 'reopened' | 'skipped'> {
  const partition = await ports.readDossier(dossierCode);
  const { state, overlay, portalSync } = partition;
  if (!state || portalSync?.ackVersion === undefined || !acknowledges(portalSync, syncTargetOf({ ...partition, state }))) {
    // Pending again (a newer version, or already reopened): the next acknowledgement decides.
    await ports.dropFromVerification(dossierCode);
    return 'skipped';
  }
  const ack: AckCheck = { version: portalSync.ackVersion, revision: portalSync.ackRevision ?? 0 };
  const snapshot = withOverlay(state.snapshot, overlay);
  const context: PortalCallContext = { messageId: `verify-${ports.now().toISOString()}`, dossierCode };
  const held = await ports.lookupDossier(dossierCode, context);
  const checkedAt = ports.now();

  let divergence: PortalDivergence | null;
  let missingStepIds: string[] = [];
  if (!held) {
    divergence = { fields: [], missingSteps: portalSync.sentStepIds?.size ?? 0, duplicatedSteps: 0, portalHasDossier: false };
    missingStepIds = [...(portalSync.sentStepIds ?? [])];
  } else {
    const fields = dossierDifferences(toPortalDossier(snapshot, ports.statusMap), held);
    let duplicatedSteps = 0;
    if (held.QuaTrinhXuLy) {
      const recorded = translatedSteps(snapshot, ports.statusMap).filter((s) => portalSync.sentStepIds?.has(s.id));
      const steps = readBackSteps(held.QuaTrinhXuLy, recorded, []);
      missingStepIds = steps.missing;
      duplicatedSteps = steps.duplicated;
    }
    divergence =
      fields.length > 0 || missingStepIds.length > 0 || duplicatedSteps > 0
        ? { fields, missingSteps: missingStepIds.length, duplicatedSteps, portalHasDossier: true }
        : null;
  }

  const verification: PortalVerification = {
    checkedAt: checkedAt.toISOString(),
    outcome: divergence ? 'diverged' : 'match',
    ackVersion: ack.version,
    divergence,
  };
  if (!divergence) {
    const settlesAt = portalSync.ambiguousAt ? Date.parse(portalSync.ambiguousAt) + ports.settleSeconds * 1000 : 0;
    const nextDueAt = checkedAt.getTime() < settlesAt ? new Date(checkedAt.getTime() + ports.recheckSeconds * 1000).toISOString() : undefined;
    await ports.recordVerified(dossierCode, verification, ack, nextDueAt);
    return 'matched';
  }

  const repairable = divergence.fields.length > 0 || divergence.missingSteps > 0 || !divergence.portalHasDossier;
  if (!repairable) {
    // Only duplicated steps: the portal has no call to delete a step; an operator must look.
    if (await ports.recordUnrepairable(dossierCode, verification, ack)) ports.reportDivergence(dossierCode, verification, false);
    return 'diverged';
  }
  // The acknowledgement may have moved on since the read (a newer push): then that push, not this
  // stale comparison, decides, and nothing is counted.
  if (!(await ports.reopenSync(dossierCode, verification, ack, missingStepIds))) return 'skipped';
  ports.reportDivergence(dossierCode, verification, true);
  await ports.markPortalPending(dossierCode, checkedAt.toISOString());
  await ports.enqueuePortalSync({ dossierCode, version: state.version, origin: 'verifier' });
  return 'reopened';
}
