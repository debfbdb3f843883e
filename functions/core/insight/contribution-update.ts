import type { CityEvent } from '../../../contracts/api/city-events';
import type { CityDeliveryMessage } from '../../../contracts/messages/city-delivery';
import type { ProcedureRule } from '../../../contracts/insight/procedures';
import type { ScorecardConfig } from '../../../contracts/insight/scorecard';
import type { CalendarIndex } from '../deadlines/calendar';
import type { DossierPartition } from '../dossier/dossier-records';
import type { StoredEvent, StoreEventResult } from '../delivery/event-records';
import { bucketDeltas, type BucketDelta, type BucketKey } from './buckets';
import { contributionOf, type Alert, type Contribution, type RiskReason } from './contribution';
import { adjustmentsOf, type Adjustment } from './freeze';
import { submissionAsState, type PortalSubmission } from './portal-submission';

/**
 * Keeps the scorecard current as snapshots and acknowledgements arrive, O(1) per update and
 * idempotent under redelivery, with single-item conditional writes only (the twin has no
 * transactions):
 * 1. the dossier's contribution record is replaced under a condition on its revision, carrying
 *    the pending operation (deltas for at most six counter items, the at-risk entry, the unit's
 *    name, late corrections of frozen months);
 * 2. each counter item gets its delta once: the ADD is conditional on the operation's marker
 *    being absent, and sets it; the plain puts and deletes (risk entry, unit name, adjustments)
 *    go in one batch alongside — all of step 2 in parallel;
 * 3. the pending operation is cleared, then the markers are removed (in parallel).
 * A run cut short anywhere is finished by a later one once the operation's lease has passed (the
 * pending operation is still on the record, step 2 skips items already done); a concurrent run
 * fails step 1, or finds the operation still leased, and is retried by SQS. An update that moves
 * no counter and changes no other item (an acknowledgement that only settles the sync clock) is
 * step 1 alone, without a pending operation: there is nothing to finish.
 */

export interface PendingOperation {
  readonly opId: string;
  /** When the run that wrote it began it: another run takes it over only once it is stale. */
  readonly beganAt: string;
  readonly deltas: readonly BucketDelta[];
  readonly riskPut?: RiskEntry;
  readonly riskDelete?: { readonly unitKey: string; readonly dossierCode: string };
  /** Late corrections of frozen months, recorded beside the live counters. */
  readonly adjustments?: readonly Adjustment[];
  /** Learnt on a dossier's first city snapshot (or a move): the portal knows units by name only. */
  readonly unitName?: { readonly unitName: string; readonly unitKey: string };
}

/** The plain puts and deletes of an operation, idempotent: written together, in as few requests as the store allows. */
export type SideItems = Pick<PendingOperation, 'riskPut' | 'riskDelete' | 'adjustments' | 'unitName'>;

/** What one refresh reads, in one request where the store allows. */
export interface RefreshInputs {
  readonly partition: DossierPartition;
  readonly contribution: StoredContribution | undefined;
  /** The citizen's latest rating relayed from the portal (dossier.rated). */
  readonly rating: { readonly score: number; readonly ratedAt: string } | undefined;
}

export interface StoredContribution extends Contribution {
  readonly rev: number;
  readonly pendingOp?: PendingOperation;
}

/** A dossier that costs or will cost its unit points (RISK#<unit> / <dossierCode>). */
export interface RiskEntry {
  readonly unitKey: string;
  readonly dossierCode: string;
  readonly month: string;
  readonly procedureCode: string;
  readonly reasons: readonly RiskReason[];
  readonly dueAt: string | null;
}

export class ContributionConflictError extends Error {
  readonly code = 'CONTRIBUTION_CONFLICT';
  override readonly name = 'ContributionConflictError';
}

export interface ContributionPorts {
  /** The dossier's partition, its stored contribution and its relayed rating (strongly consistent). */
  readonly readInputs: (dossierCode: string) => Promise<RefreshInputs>;
  /** The portal submission the gateway relayed, for a dossier the city has not stored (yet). */
  readonly readSubmission: (dossierCode: string) => Promise<PortalSubmission | undefined>;
  /** When a month was frozen as published (undefined: still open). */
  readonly frozenAt: (month: string) => Promise<string | undefined>;
  /** Conditional: `expectedRev` null → the record must not exist; otherwise its rev must match and no operation be pending. */
  readonly writeContribution: (record: StoredContribution, expectedRev: number | null) => Promise<boolean>;
  readonly applyBucketDelta: (delta: BucketDelta, opId: string) => Promise<void>;
  readonly releaseBucketMarker: (key: BucketKey, opId: string) => Promise<void>;
  /** Risk entry put/delete, unit name, adjustments (keyed by month, dossier and revision): plain, idempotent writes. */
  readonly writeSideItems: (items: SideItems) => Promise<void>;
  readonly clearPendingOperation: (dossierCode: string, opId: string) => Promise<void>;
  readonly storeEventOnce: (event: StoredEvent) => Promise<StoreEventResult>;
  readonly enqueueCityDelivery: (message: CityDeliveryMessage) => Promise<void>;
  readonly markEvent: (eventId: string, status: 'queued') => Promise<void>;
  readonly procedureRule: (procedureCode: string) => ProcedureRule | undefined;
  readonly calendar: CalendarIndex;
  readonly config: ScorecardConfig;
  readonly dueSoonLeadMinutes: number;
  /** How long a pending operation belongs to the run that wrote it (more than the worker's timeout). */
  readonly operationLeaseMs: number;
  readonly now: () => Date;
}

export interface RefreshOutcome {
  readonly outcome: 'no_dossier' | 'unchanged' | 'replaced';
  readonly bucketWrites: number;
  readonly alerts: readonly Alert[];
}

export async function refreshContribution(dossierCode: string, ports: ContributionPorts): Promise<RefreshOutcome> {
  const inputs = await ports.readInputs(dossierCode);
  let partition = inputs.partition;
  // Never stored by the city: the portal submission, if the gateway relayed one, still counts
  // (submitted online, not received) so the slow-reception clock runs.
  const portalOnly = !partition.state;
  if (portalOnly) {
    const submission = await ports.readSubmission(dossierCode);
    if (!submission) return { outcome: 'no_dossier', bucketWrites: 0, alerts: [] };
    partition = { state: submissionAsState(submission) };
  }
  const state = partition.state!;
  const rating = inputs.rating;
  let current = inputs.contribution;
  if (current?.pendingOp) {
    // Only the run that wrote an operation finishes it while it may still be running: a second
    // finisher could apply a delta again after the first released its markers. Past the lease
    // (longer than the function's timeout, after which Lambda has stopped the first run) it is
    // safe to finish it here.
    const age = ports.now().getTime() - Date.parse(current.pendingOp.beganAt);
    if (age < ports.operationLeaseMs) throw new ContributionConflictError(`an update of ${dossierCode} is in progress; retry`);
    await finishOperation(dossierCode, current.pendingOp, ports);
    const { pendingOp: _done, ...rest } = current;
    current = rest;
  }
  const now = ports.now();
  const { contribution, alerts } = contributionOf({
    partition: { ...partition, state },
    previous: current,
    portalOnly,
    rating,
    calendar: ports.calendar,
    procedure: ports.procedureRule(state.snapshot.procedure.code),
    config: ports.config,
    now,
    dueSoonLeadMinutes: ports.dueSoonLeadMinutes,
  });
  // Alerts first: their ids are deterministic, so a run that dies before recording them as sent
  // raises the same events again, and the event store keeps each once.
  for (const alert of alerts) await raiseAlert(partition, alert, ports, now);

  if (current && sameContribution(current, contribution)) return { outcome: 'unchanged', bucketWrites: 0, alerts };
  // Learnt on a dossier's first city snapshot (or a move): version 0 is a portal-only contribution.
  const unitNamed = !portalOnly && contribution.unitKey !== '-' && (!current || current.sourceVersion === 0 || current.unitKey !== contribution.unitKey || current.unitName !== contribution.unitName);
  const rev = (current?.rev ?? 0) + 1;
  const hadRisk = current !== undefined && current.risks.length > 0;
  const riskMoves = hadRisk && (current!.unitKey !== contribution.unitKey || contribution.risks.length === 0);
  // The previous operation (finished: no operation is pending here) wrote the previous entry.
  const riskChanged = contribution.risks.length > 0 && !(hadRisk && canonical(riskEntryOf(current!)) === canonical(riskEntryOf(contribution)));
  const months = [...new Set([current?.month, contribution.month].filter((m): m is string => m !== undefined))];
  const frozen = new Set<string>();
  for (const month of months) if ((await ports.frozenAt(month)) !== undefined) frozen.add(month);
  const adjustments = frozen.size > 0 ? adjustmentsOf(current, contribution, frozen, dossierCode, rev, now.toISOString()) : [];
  const op: PendingOperation = {
    opId: `${dossierCode}#${rev}`,
    beganAt: now.toISOString(),
    deltas: bucketDeltas(current, contribution),
    ...(adjustments.length > 0 ? { adjustments } : {}),
    ...(riskChanged ? { riskPut: riskEntryOf(contribution) } : {}),
    ...(riskMoves ? { riskDelete: { unitKey: current!.unitKey, dossierCode } } : {}),
    ...(unitNamed ? { unitName: { unitName: contribution.unitName, unitKey: contribution.unitKey } } : {}),
  };
  const nothingElse = op.deltas.length === 0 && !op.adjustments && !op.riskPut && !op.riskDelete && !op.unitName;
  const written = await ports.writeContribution(nothingElse ? { ...contribution, rev } : { ...contribution, rev, pendingOp: op }, current?.rev ?? null);
  if (!written) throw new ContributionConflictError(`the contribution of ${dossierCode} changed concurrently; retry`);
  if (!nothingElse) await finishOperation(dossierCode, op, ports);
  return { outcome: 'replaced', bucketWrites: op.deltas.length, alerts };
}

async function finishOperation(dossierCode: string, op: PendingOperation, ports: ContributionPorts): Promise<void> {
  const side: SideItems = {
    ...(op.riskPut ? { riskPut: op.riskPut } : {}),
    ...(op.riskDelete ? { riskDelete: op.riskDelete } : {}),
    ...(op.adjustments?.length ? { adjustments: op.adjustments } : {}),
    ...(op.unitName ? { unitName: op.unitName } : {}),
  };
  // Independent items: applied in parallel; every one must be done before the operation is cleared.
  await settleAll([...op.deltas.map((delta) => ports.applyBucketDelta(delta, op.opId)), ...(Object.keys(side).length > 0 ? [ports.writeSideItems(side)] : [])]);
  await ports.clearPendingOperation(dossierCode, op.opId);
  await settleAll(op.deltas.map((delta) => ports.releaseBucketMarker(delta, op.opId)));
}

/** Like Promise.all, but returns (or throws the first error) only once every write has ended: no write outlives the step. */
async function settleAll(writes: readonly Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(writes);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

function riskEntryOf(c: Contribution): RiskEntry {
  return { unitKey: c.unitKey, dossierCode: c.dossierCode, month: c.month, procedureCode: c.procedureCode, reasons: c.risks, dueAt: c.dueAt };
}

function sameContribution(stored: StoredContribution, next: Contribution): boolean {
  const { rev: _rev, pendingOp: _op, ...rest } = stored;
  return canonical(rest) === canonical(next);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

const apologyReminder =
  'The deadline has passed: the citizen is owed an apology slip with a new return date (Phiếu xin lỗi và hẹn lại ngày trả kết quả), by email or SMS for an online dossier.';

/** The event id names the dossier, the clock and the due date: once per dossier and clock, even under redelivery. */
export function alertEventId(dossierCode: string, alert: Alert): string {
  return `insight-${alert.clock}-${dossierCode}-${alert.dueAt.replace(/[^0-9]/g, '').slice(0, 12)}`;
}

async function raiseAlert(partition: DossierPartition, alert: Alert, ports: ContributionPorts, now: Date): Promise<void> {
  const d = partition.state!.snapshot;
  const timestamp = now.toISOString();
  const payload: CityEvent =
    alert.clock === 'reception_late'
      ? { type: 'dossier.reception_late', timestamp, data: { dossierCode: d.dossierCode, submittedAt: d.submittedAt, receptionDueAt: alert.dueAt } }
      : alert.clock === 'due_soon'
        ? { type: 'dossier.due_soon', timestamp, data: { dossierCode: d.dossierCode, dueAt: alert.dueAt, leadWorkingMinutes: ports.dueSoonLeadMinutes } }
        : { type: 'dossier.overdue', timestamp, data: { dossierCode: d.dossierCode, dueAt: alert.dueAt, apologyRequired: true, reminder: apologyReminder } };
  const eventId = alertEventId(d.dossierCode, alert);
  const stored = await ports.storeEventOnce({
    eventId,
    source: 'gateway',
    type: payload.type,
    dossierCode: d.dossierCode,
    bodyHash: eventId,
    payload,
    receivedAt: timestamp,
    status: 'received',
  });
  if (stored.stored || stored.existing.status === 'received') {
    await ports.enqueueCityDelivery({ eventId });
    await ports.markEvent(eventId, 'queued');
  }
}
