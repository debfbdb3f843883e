import type { ProcedureRule } from '../../../contracts/insight/procedures';
import type { CounterName, ScorecardConfig } from '../../../contracts/insight/scorecard';
import type { CalendarIndex } from '../deadlines/calendar';
import { WarningSink } from '../deadlines/calendar';
import { dossierClocks, type DossierClocks } from '../deadlines/dossier-clocks';
import { localDayNumber, isoDateOfDay, toLocalIso } from '../deadlines/local-time';
import { subtractWorkingMinutes } from '../deadlines/working-time';
import type { DossierPartition, StoredDossier } from '../dossier/dossier-records';

/**
 * One dossier's contribution to the scorecard: which counters it sets, in which month, unit and
 * procedure, and why it costs (or will cost) points. The scorecard is the sum of contributions;
 * a new snapshot replaces the dossier's contribution (old one subtracted, new one added).
 */

export const riskReasons = [
  'overdue',
  'due_soon',
  'multiple_supplements',
  'slow_reception',
  'reception_due_soon',
  'sync_late',
  'not_paid_online',
  'not_digitised',
  'no_e_result',
  'negative_rating',
] as const;
export type RiskReason = (typeof riskReasons)[number];

export const alertClocks = ['reception_late', 'due_soon', 'overdue'] as const;
export type AlertClock = (typeof alertClocks)[number];

export interface Contribution {
  readonly dossierCode: string;
  /** Local month of receipt (of submission while not received), `YYYY-MM`. */
  readonly month: string;
  readonly unitKey: string;
  readonly unitName: string;
  readonly procedureCode: string;
  /** Only counters set to 1 are listed. */
  readonly counters: Partial<Record<CounterName, number>>;
  readonly risks: readonly RiskReason[];
  readonly sourceVersion: number;
  readonly sourceRevision: number;
  /** Sticky: once a version reached the portal late, the dossier's sync was not on time. */
  readonly syncLate: boolean;
  /** Alerts already raised, by clock: the due date they were raised for. */
  readonly alertsSent: Readonly<Partial<Record<AlertClock, string>>>;
  /** When the deadline job must look at this dossier again (the sparse index); null: never. */
  readonly nextCheckAt: string | null;
  readonly dueAt: string | null;
}

export interface ContributionInput {
  readonly partition: DossierPartition & { readonly state: StoredDossier };
  readonly previous: Contribution | undefined;
  /** The citizen's latest rating relayed from the portal, if any. */
  readonly rating?: { readonly score: number } | undefined;
  /** Only the portal submission is known (the city never stored it): there is nothing to sync. */
  readonly portalOnly?: boolean;
  readonly calendar: CalendarIndex;
  readonly procedure: ProcedureRule | undefined;
  readonly config: ScorecardConfig;
  readonly now: Date;
  /** Working minutes before a due date when `dossier.due_soon` is raised (default one working day). */
  readonly dueSoonLeadMinutes: number;
}

export interface Alert {
  readonly clock: AlertClock;
  readonly dueAt: string;
}

export interface ContributionResult {
  readonly contribution: Contribution;
  readonly clocks: DossierClocks;
  /** Alerts due now that were not raised for this due date yet. */
  readonly alerts: readonly Alert[];
}

export function unitKeyOf(unit: { code?: string | undefined }): string {
  return unit.code ?? '-';
}

export function contributionOf(input: ContributionInput): ContributionResult {
  const { partition, calendar, now, config } = input;
  const state = partition.state;
  const d = state.snapshot;
  const rule = input.procedure;
  const clocks = dossierClocks(d, { calendar, procedure: rule, now });
  const p = clocks.processing;
  const nowMs = now.getTime();
  const offset = calendar.offsetMinutes;

  const received = d.receivedAt !== undefined;
  const finished = p.state === 'finished';
  const overdue = received && p.class === 'overdue';
  const feeBearing = d.fees.some((f) => f.amount > 0);
  const ofFeeProcedure = feeBearing || (rule?.feeBearing ?? false);
  const paidOnline = feeBearing && (d.project06.paidOnline || Object.keys(partition.overlay?.payments ?? {}).length > 0);
  const hasEResult = d.results.some((r) => r.resultCode !== undefined);
  const paperResult = rule?.paperResult ?? true;
  const eligible = received && (rule?.fullOnlineEligible ?? true);
  const paperResultFinished = finished && paperResult;
  const negativeRating = received && input.rating !== undefined && input.rating.score <= config.negativeRatingAtMost;

  // Sync on time: the current version acknowledged within the configured minutes of being stored.
  const ack = partition.portalSync;
  const acked = ack?.ackVersion !== undefined && ack.ackVersion >= state.version && ack.ackedAt !== undefined;
  const syncLimitMs = config.syncOnTimeMinutes * 60_000;
  const storedMs = Date.parse(state.storedAt);
  const lateNow = input.portalOnly ? false : acked ? Date.parse(ack!.ackedAt!) - storedMs > syncLimitMs : nowMs - storedMs > syncLimitMs;
  const syncLate = (input.previous?.syncLate ?? false) || lateNow;

  const flags: Partial<Record<CounterName, boolean>> = {
    dossiers: true,
    received,
    onTime: received && !overdue,
    overdue,
    finished,
    slowReception: clocks.reception.state === 'missed',
    onlineSubmitted: d.channel === 'online',
    eligibleReceived: eligible,
    eligibleOnline: eligible && d.channel === 'online' && (!(paperResultFinished) || hasEResult),
    ofFeeProcedure,
    feeBearing,
    paidOnline,
    withFeeData: ofFeeProcedure && d.fees.length > 0,
    paperResultFinished,
    eResult: paperResultFinished && hasEResult,
    digitised: received && (d.documents.length > 0 || d.results.length > 0),
    reused: received && d.project06.digitised,
    populationData: received && d.project06.vneidVerified,
    syncedOnTime: received && !syncLate,
    multipleSupplements: p.supplementRequests > 1,
    dueAtDisagreements: p.dueAtDisagreement !== null,
    negativeRating,
    dissatisfied: overdue || negativeRating,
  };
  const counters = Object.fromEntries(Object.entries(flags).filter(([, on]) => on).map(([name]) => [name, 1])) as Partial<Record<CounterName, number>>;

  // The clocks that can still raise an alert, and when.
  const ctx = { calendar, unitCode: d.handlingUnit.code, warnings: new WarningSink() };
  const sent = input.previous?.alertsSent ?? {};
  const candidates: { clock: AlertClock; dueAt: string; fireAtMs: number }[] = [];
  if (clocks.reception.state === 'running' || (clocks.reception.state === 'missed' && !received)) {
    const due = clocks.reception.dueAt!;
    candidates.push({ clock: 'reception_late', dueAt: due, fireAtMs: Date.parse(due) + 60_000 });
  }
  const due = p.effectiveDueAt;
  if (due && p.state === 'running') {
    const dueMs = Date.parse(due);
    candidates.push({ clock: 'due_soon', dueAt: due, fireAtMs: subtractWorkingMinutes(dueMs, input.dueSoonLeadMinutes, ctx) });
    // Minute precision: overdue from the first minute after the due minute.
    candidates.push({ clock: 'overdue', dueAt: due, fireAtMs: Math.floor(dueMs / 60_000) * 60_000 + 60_000 });
  }
  const pending = candidates.filter((c) => sent[c.clock] !== c.dueAt);
  const firing = pending.filter((c) => c.fireAtMs <= nowMs);
  // due_soon is pointless once the dossier is already overdue: the overdue alert says more.
  const alerts = firing
    .filter((c) => !(c.clock === 'due_soon' && firing.some((f) => f.clock === 'overdue')))
    .map(({ clock, dueAt }) => ({ clock, dueAt }));
  const alertsSent: Partial<Record<AlertClock, string>> = { ...sent };
  for (const c of firing) alertsSent[c.clock] = c.dueAt;
  const later = pending.filter((c) => c.fireAtMs > nowMs).map((c) => c.fireAtMs);
  if (!input.portalOnly && !acked && !syncLate) later.push(storedMs + syncLimitMs + 60_000);
  const nextCheckAt = later.length > 0 ? new Date(Math.min(...later)).toISOString() : null;

  const risks: RiskReason[] = [];
  if (overdue) risks.push('overdue');
  else if (p.state === 'running' && due && candidates.some((c) => c.clock === 'due_soon' && c.fireAtMs <= nowMs)) risks.push('due_soon');
  if (p.supplementRequests > 1) risks.push('multiple_supplements');
  if (clocks.reception.state === 'missed') risks.push('slow_reception');
  else if (clocks.reception.state === 'running') risks.push('reception_due_soon');
  if (received && syncLate) risks.push('sync_late');
  if (feeBearing && !paidOnline) risks.push('not_paid_online');
  if (received && !flags.digitised) risks.push('not_digitised');
  if (paperResultFinished && !hasEResult) risks.push('no_e_result');
  if (negativeRating) risks.push('negative_rating');

  const monthSource = d.receivedAt ?? d.submittedAt;
  const month = isoDateOfDay(localDayNumber(Date.parse(monthSource), offset)).slice(0, 7);
  return {
    contribution: {
      dossierCode: state.dossierCode,
      month,
      unitKey: unitKeyOf(d.handlingUnit),
      unitName: d.handlingUnit.name,
      procedureCode: d.procedure.code,
      counters,
      risks,
      sourceVersion: state.version,
      sourceRevision: partition.overlay?.revision ?? 0,
      syncLate,
      alertsSent,
      nextCheckAt,
      dueAt: due ? toLocalIso(Date.parse(due), offset) : null,
    },
    clocks,
    alerts,
  };
}
