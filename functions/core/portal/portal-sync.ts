import { randomUUID } from 'node:crypto';
import type { DossierSnapshot } from '../../../contracts/api/dossier';
import type { PortalDossier } from '../../../contracts/portal/dossier';
import type { PortalStep } from '../../../contracts/portal/progress';
import type { PortalStatusMap } from '../../../contracts/portal/status-mapping';
import { toPortalDossier } from '../../translate/portal-dossier';
import { pendingStepChunks } from '../../translate/portal-steps';
import type { BackoffPolicy } from '../partners/backoff';
import { retryDelaySeconds } from '../partners/backoff';
import { withOverlay } from '../dossier/dossier-overlay';
import type { DossierPartition, PortalSyncRecord, SyncError } from '../dossier/dossier-records';
import { syncTargetOf } from '../dossier/dossier-records';
import { acknowledges } from './sync-state';
import { PartnerOutcomeUnknownError, PartnerRejectedError, PartnerRetryableError } from '../partners/partner-errors';
import type { PortalHolding, ReadBackPorts } from './portal-read-back';
import { readBackPortal } from './portal-read-back';
import type { VerificationSampling } from './portal-verification';
import { verifyDueAfterAck } from './portal-verification';
import { DeadLetterError, RetryLaterError } from '../partners/worker-outcomes';

export interface PortalSyncPorts extends ReadBackPorts {
  readonly readDossier: (dossierCode: string) => Promise<DossierPartition>;
  /**
   * Takes the dossier's portal lease and, in the same write, starts an attempt (attempts + 1,
   * lastAttemptAt). Answers the sync record as it was just before (another holder's
   * acknowledgement or backoff counts), or that the lease is held by another worker.
   */
  readonly acquirePortalLease: (dossierCode: string, owner: string, now: Date, seconds: number) => Promise<LeaseResult>;
  /** `undoAttempt` takes back the attempt the lease started when no call was made after all. */
  readonly releasePortalLease: (dossierCode: string, owner: string, undoAttempt?: { readonly lastAttemptAt: string | undefined }) => Promise<void>;
  readonly recordPortalHasDossier: (dossierCode: string) => Promise<void>;
  readonly recordStepsSent: (dossierCode: string, stepIds: readonly string[], portalHasDossier?: boolean) => Promise<void>;
  readonly recordFailure: (dossierCode: string, error: SyncError, failureStreak: number, nextAttemptAt: string | undefined) => Promise<void>;
  /**
   * `verifyDueAt` puts the dossier on the verifier's list (sampled, or after an unknown outcome).
   * `alongside` folds the attempt's last facts into the same write and releases the lease: it is
   * then also conditional on still holding the lease, and false when either condition fails.
   */
  readonly recordAcknowledged: (dossierCode: string, version: number, revision: number, at: string, verifyDueAt?: string, alongside?: AckAlongside) => Promise<boolean>;
  /** The attempt's outcome is unknown; `stepIds` are the steps whose call was in flight, if any. */
  readonly recordOutcomeUnknown: (dossierCode: string, at: string, stepIds: readonly string[]) => Promise<void>;
  readonly clearPortalPending: (dossierCode: string, ackVersion: number, ackRevision: number) => Promise<void>;
  readonly pushDossier: (dossier: PortalDossier, portalHasIt: boolean, context: { messageId: string; dossierCode: string }) => Promise<void>;
  readonly pushSteps: (steps: readonly PortalStep[], context: { messageId: string; dossierCode: string }) => Promise<void>;
  readonly statusMap: PortalStatusMap;
  readonly backoff: BackoffPolicy;
  readonly verification: VerificationSampling;
  /**
   * After a step call whose answer was lost, how long the portal may still apply it: steps it does
   * not hold yet are resent only after this (a duplicate step cannot be taken back).
   */
  readonly readBackGraceSeconds: number;
  readonly now: () => Date;
  readonly random?: () => number;
  /** True when a retry scheduled after a failure at this time need not be waited out (the portal's outage is over). */
  readonly backoffWaived?: (failedAt: string | undefined) => boolean;
}

export type LeaseResult = { readonly acquired: false } | { readonly acquired: true; readonly before: PortalSyncRecord | undefined };

/** What an acknowledgement write may carry besides the acknowledgement (see recordAcknowledged). */
export interface AckAlongside {
  readonly stepIds: readonly string[];
  readonly portalHasDossier: boolean;
  readonly leaseOwner: string;
}

export type PortalSyncOutcome =
  | {
      readonly kind: 'synced';
      readonly version: number;
      readonly revision: number;
      readonly stepsSent: number;
      /** False when a read-back showed the portal already held the dossier as sent. */
      readonly dossierSent: boolean;
      /**
       * From the version's arrival (stored) to this acknowledgement, when the acknowledgement brings the
       * portal a new city version; absent when only the gateway's overlay changed (a payment), whose
       * lag from the snapshot's arrival would say nothing about the sync.
       */
      readonly syncLagMs?: number;
      readonly readBack?: { readonly differingFields: readonly string[]; readonly stepsFoundHeld: number; readonly historyReturned: boolean };
    }
  /** The portal already has this version (and overlay revision) or newer: the nudge was redundant. */
  | { readonly kind: 'coalesced'; readonly ackVersion: number };

/** A nudge arriving while another attempt waits out a backoff comes back just after that attempt. */
const deferralSlackSeconds = 2;
/** Longer than one invocation can run (the worker's timeout), so a live holder never loses it. */
const leaseSeconds = 240;
/** A nudge finding the dossier leased by another worker retries after this long. */
const busyRetrySeconds = 3;

/**
 * Brings the portal up to date with a dossier (DESIGN.md §2, state-based sync): always the
 * latest stored snapshot, whatever version the nudge names; skipped when already acknowledged;
 * DongBoHoSoMC, then the steps not yet sent, then the acknowledgement (which never decreases).
 * Failures become RetryLaterError (backoff, or the partner's Retry-After) or DeadLetterError.
 */
export async function syncDossierToPortal(
  nudge: { dossierCode: string; version: number },
  messageId: string,
  ports: PortalSyncPorts,
): Promise<PortalSyncOutcome> {
  // A cheap first look settles most redundant nudges without taking the lease.
  const early = decide(await ports.readDossier(nudge.dossierCode), ports.now(), ports.backoffWaived);
  if (early.kind === 'done') return early.outcome;

  // One token per attempt, not per message: SQS may deliver the same message twice at once, and
  // both copies must not hold the lease together.
  const leaseToken = `${messageId}:${randomUUID()}`;
  const lease = await ports.acquirePortalLease(nudge.dossierCode, leaseToken, ports.now(), leaseSeconds);
  if (!lease.acquired) {
    throw new RetryLaterError('dossier-busy', busyRetrySeconds, 'another worker is pushing this dossier', { expected: true });
  }
  const held = { lease: true, callsMade: false };
  try {
    // The sync record as the lease found it: what another holder acknowledged or scheduled
    // meanwhile must count. (The snapshot and overlay of the first look may be older than what is
    // stored by now; anything newer brought its own nudge and keeps its pending marker.)
    const decision = decide({ ...early.partition, portalSync: lease.before }, ports.now(), ports.backoffWaived);
    if (decision.kind === 'done') return decision.outcome;
    held.callsMade = true;
    return await push(decision.partition, messageId, leaseToken, held, ports);
  } finally {
    // The lease expires on its own; a failed release must not replace the attempt's real outcome.
    // An attempt that made no call is taken back, as if the lease had never been taken.
    if (held.lease) {
      const undo = held.callsMade ? undefined : { lastAttemptAt: lease.before?.lastAttemptAt };
      await ports.releasePortalLease(nudge.dossierCode, leaseToken, undo).catch(() => undefined);
    }
  }
}

type LoadedPartition = DossierPartition & { readonly state: NonNullable<DossierPartition['state']> };

type Decision = { readonly kind: 'done'; readonly outcome: PortalSyncOutcome } | { readonly kind: 'push'; readonly partition: LoadedPartition };

/** What the attempt learned and has not written yet: folded into its next write (fewer round trips). */
interface Unrecorded {
  portalHasDossier: boolean;
  stepIds: readonly string[];
}

async function recordUnrecorded(dossierCode: string, unrecorded: Unrecorded, ports: PortalSyncPorts): Promise<void> {
  if (unrecorded.stepIds.length > 0) await ports.recordStepsSent(dossierCode, unrecorded.stepIds, unrecorded.portalHasDossier || undefined);
  else if (unrecorded.portalHasDossier) await ports.recordPortalHasDossier(dossierCode);
  unrecorded.portalHasDossier = false;
  unrecorded.stepIds = [];
}

function decide(partition: DossierPartition, now: Date, backoffWaived: PortalSyncPorts['backoffWaived']): Decision {
  const { state, portalSync } = partition;
  if (!state) throw new DeadLetterError('dossier-not-found', 'no stored dossier for this nudge');
  if (acknowledges(portalSync, syncTargetOf({ ...partition, state }))) {
    return { kind: 'done', outcome: { kind: 'coalesced', ackVersion: portalSync?.ackVersion ?? 0 } };
  }
  const waitingSeconds = portalSync?.nextAttemptAt ? (Date.parse(portalSync.nextAttemptAt) - now.getTime()) / 1000 : 0;
  if (waitingSeconds > 1 && !portalSync?.lastError?.permanent && !backoffWaived?.(portalSync?.lastError?.at)) {
    throw new RetryLaterError('deferred-behind-backoff', Math.ceil(waitingSeconds) + deferralSlackSeconds, 'another attempt is waiting out a backoff', {
      expected: true,
    });
  }
  return { kind: 'push', partition: { ...partition, state } };
}

async function push(
  { state, overlay, portalSync }: LoadedPartition,
  messageId: string,
  leaseToken: string,
  held: { lease: boolean },
  ports: PortalSyncPorts,
): Promise<PortalSyncOutcome> {
  const context = { messageId, dossierCode: state.dossierCode };
  // What the portal gets: the city's snapshot with the gateway's overlay (payments) merged in.
  const snapshot: DossierSnapshot = withOverlay(state.snapshot, overlay);
  const payload = toPortalDossier(snapshot, ports.statusMap);
  const revision = overlay?.revision ?? 0;
  // The attempt was started by the lease write. Facts learned along the way (the portal now holds
  // the dossier, the last chunk of steps) ride on the next write: every path out of here writes
  // them, before a failure is recorded or with the acknowledgement.
  const unrecorded: Unrecorded = { portalHasDossier: false, stepIds: [] };
  // Which call that changes the portal is in flight (a lost TraCuuHoSo answer changes nothing),
  // and for CapNhatTienDoHoSoMC its step ids: in doubt if the answer is lost.
  let inFlight: { readonly stepIds: readonly string[] } | undefined;
  try {
    // After an attempt with an unknown outcome, ask before sending: resending blindly would
    // duplicate steps, and the portal may hold a copy the gateway never heard acknowledged. An
    // interrupted attempt is one too: it may have crashed after the portal accepted its call and
    // before the next write said so. Only such retries pay the TraCuuHoSo; a first sync does not.
    const interrupted = interruptedAttempt(portalSync, snapshot, ports.statusMap);
    const holding: PortalHolding | undefined =
      portalSync?.readBackNeeded || interrupted ? await readBackPortal(snapshot, payload, interrupted ?? portalSync, context, ports) : undefined;
    const portalHasIt = holding?.portalHasIt ?? portalSync?.portalHasDossier === true;
    const dossierSent = !holding?.dossierCurrent;
    if (dossierSent) {
      inFlight = { stepIds: [] };
      await ports.pushDossier(payload, portalHasIt, context);
      inFlight = undefined;
    }
    // Sent now, or found current by the read-back: either way the portal holds it.
    unrecorded.portalHasDossier = !portalSync?.portalHasDossier;

    const graceEndsAt = portalSync?.ambiguousAt ? Date.parse(portalSync.ambiguousAt) + ports.readBackGraceSeconds * 1000 : 0;
    if (holding && holding.inDoubtMissing > 0 && graceEndsAt > ports.now().getTime()) {
      await recordUnrecorded(state.dossierCode, unrecorded, ports);
      return await waitForStepsInDoubt(state.dossierCode, state.version, graceEndsAt, portalSync?.failureStreak ?? 0, ports);
    }

    let stepsSent = 0;
    const chunks = [...pendingStepChunks(snapshot, holding?.sentStepIds ?? portalSync?.sentStepIds ?? new Set(), ports.statusMap)];
    for (const chunk of chunks) {
      // Every chunk's ids are written before the next call (with the portal's holding the dossier,
      // if new); the last chunk's with the acknowledgement.
      if (unrecorded.stepIds.length > 0) await recordUnrecorded(state.dossierCode, unrecorded, ports);
      inFlight = { stepIds: chunk.ids };
      await ports.pushSteps(chunk.steps, context);
      inFlight = undefined;
      unrecorded.stepIds = chunk.ids;
      stepsSent += chunk.ids.length;
    }

    const ackedAt = ports.now();
    const verifyDueAt = verifyDueAfterAck(portalSync, ackedAt, ports.verification, ports.random);
    const alongside = { stepIds: unrecorded.stepIds, portalHasDossier: unrecorded.portalHasDossier, leaseOwner: leaseToken };
    if (await ports.recordAcknowledged(state.dossierCode, state.version, revision, ackedAt.toISOString(), verifyDueAt, alongside)) {
      held.lease = false;
      unrecorded.portalHasDossier = false;
      unrecorded.stepIds = [];
    } else {
      // The lease was lost (it expired) or an acknowledgement at least as new is there: the facts
      // are written on their own, then the acknowledgement as before (monotonic, without the lease).
      await recordUnrecorded(state.dossierCode, unrecorded, ports);
      await ports.recordAcknowledged(state.dossierCode, state.version, revision, ackedAt.toISOString(), verifyDueAt);
    }
    await ports.clearPortalPending(state.dossierCode, state.version, revision);
    return {
      kind: 'synced',
      version: state.version,
      revision,
      stepsSent,
      dossierSent,
      ...(state.version > (portalSync?.ackVersion ?? 0) ? { syncLagMs: Math.max(0, ackedAt.getTime() - Date.parse(state.storedAt)) } : {}),
      ...(holding
        ? { readBack: { differingFields: holding.differingFields, stepsFoundHeld: holding.stepsFoundHeld, historyReturned: holding.historyReturned } }
        : {}),
    };
  } catch (error) {
    if (error instanceof StepsInDoubtError) throw error;
    await recordUnrecorded(state.dossierCode, unrecorded, ports);
    if (error instanceof PartnerOutcomeUnknownError && inFlight) {
      await ports.recordOutcomeUnknown(state.dossierCode, ports.now().toISOString(), inFlight.stepIds);
    }
    throw await recordFailedAttempt(error, state.version, portalSync?.failureStreak ?? 0, state.dossierCode, ports);
  }
}

/**
 * The sync record as the read-back should see it when the previous attempt was interrupted (it
 * left its lease behind), else undefined. What it may have sent and not recorded: the dossier
 * (the read-back compares it) and at most one chunk of steps — each chunk's ids are written
 * before the next call — the first chunk still pending, which is therefore in doubt. It is not
 * waited for: the lease outlived the interrupted call, so the portal has long answered it.
 */
function interruptedAttempt(record: PortalSyncRecord | undefined, snapshot: DossierSnapshot, statusMap: PortalStatusMap): PortalSyncRecord | undefined {
  if (record?.leaseOwner === undefined) return undefined;
  const firstPending = pendingStepChunks(snapshot, record.sentStepIds ?? new Set(), statusMap)[0]?.ids ?? [];
  return { ...record, ambiguousStepIds: new Set([...(record.ambiguousStepIds ?? []), ...firstPending]) };
}

/**
 * The portal does not hold the steps of a call whose answer was lost, but may still apply it: come
 * back when the grace is over rather than risk a duplicate. Shown in GET as the last error.
 */
async function waitForStepsInDoubt(dossierCode: string, version: number, graceEndsAt: number, streak: number, ports: PortalSyncPorts): Promise<never> {
  const at = ports.now();
  const seconds = Math.max(1, Math.ceil((graceEndsAt - at.getTime()) / 1000));
  const message = 'the portal may still apply a step call whose answer was lost; its steps are resent after the grace';
  await ports.recordFailure(
    dossierCode,
    { code: 'portal-steps-in-doubt', message, permanent: false, at: at.toISOString(), version },
    streak,
    new Date(graceEndsAt).toISOString(),
  );
  throw new StepsInDoubtError(seconds, message);
}

/** Not a failure of the attempt: it is recorded by waitForStepsInDoubt, and passes the catch as is. */
class StepsInDoubtError extends RetryLaterError {
  override readonly name = 'StepsInDoubtError';
  constructor(seconds: number, message: string) {
    super('portal-steps-in-doubt', seconds, message, { expected: true });
  }
}

async function recordFailedAttempt(
  error: unknown,
  version: number,
  previousStreak: number,
  dossierCode: string,
  ports: PortalSyncPorts,
): Promise<Error> {
  const at = ports.now();
  const streak = previousStreak + 1;
  if (error instanceof PartnerRejectedError) {
    await ports.recordFailure(dossierCode, { code: error.code, message: error.message, permanent: true, at: at.toISOString(), version }, streak, undefined);
    return new DeadLetterError(error.code, error.message);
  }
  const retryable = error instanceof PartnerRetryableError ? error : undefined;
  const delay = retryDelaySeconds(streak, ports.backoff, retryable?.retryAfterSeconds, ports.random);
  const code = retryable?.code ?? 'unexpected-error';
  const message = retryable?.message ?? (error instanceof Error ? error.message : String(error));
  const nextAttemptAt = new Date(at.getTime() + delay * 1000).toISOString();
  await ports.recordFailure(dossierCode, { code, message, permanent: false, at: at.toISOString(), version }, streak, nextAttemptAt);
  return new RetryLaterError(code, delay, message, { cause: error });
}
