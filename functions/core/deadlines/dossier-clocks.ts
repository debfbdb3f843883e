import type { DossierSnapshot } from '../../../contracts/api/dossier';
import type { ProcedureRule } from '../../../contracts/insight/procedures';
import type { CalendarIndex, CalendarWarning } from './calendar';
import { WarningSink } from './calendar';
import { classify, type TimelinessClass } from './classification';
import { dueInstant } from './due-date';
import { localDayNumber, toLocalIso } from './local-time';
import { addWorkingMinutes, NoWorkingTimeError, type WorkingTimeContext, workingMinutesBetween } from './working-time';

/** The fields of a snapshot the deadline clocks read. */
export type ClockInput = Pick<
  DossierSnapshot,
  'channel' | 'status' | 'submittedAt' | 'receivedAt' | 'dueAt' | 'finishedAt' | 'returnedAt' | 'refusedAt' | 'supplementRequests' | 'history'
> & { readonly handlingUnit: { readonly code?: string | undefined } };

export type ClockState = 'not_started' | 'running' | 'paused' | 'finished' | 'no_deadline';

export interface ReceptionClock {
  /** Slow reception applies to online dossiers only (Decree 118/2025). */
  readonly applies: boolean;
  readonly dueAt: string | null;
  readonly state: 'met' | 'missed' | 'running' | 'not_applicable';
}

export interface ProcessingClock {
  readonly state: ClockState;
  /** From receipt and the procedure's duration; null when the duration is unknown or there is none. */
  readonly computedDueAt: string | null;
  readonly cityDueAt: string | null;
  /** The due date warnings are raised against: the city's (else the computed), moved by supplement pauses. */
  readonly effectiveDueAt: string | null;
  /** Present when the city's due date falls on another local day than the computed one. Never overwritten. */
  readonly dueAtDisagreement: { readonly cityDueAt: string; readonly computedDueAt: string; readonly differenceMinutes: number } | null;
  readonly supplementRequests: number;
  readonly pausedWorkingMinutes: number;
  readonly endedAt: string | null;
  /** Minute class (what the national score counts) and day class; for an unfinished dossier, as of now. */
  readonly class: TimelinessClass | null;
  readonly dayClass: TimelinessClass | null;
  readonly reasons: readonly ('multiple_supplements' | 'past_due' | 'no_due_date')[];
}

export interface DossierClocks {
  readonly reception: ReceptionClock;
  readonly processing: ProcessingClock;
  readonly warnings: readonly CalendarWarning[];
  readonly calendarVersion: number;
}

export interface ClockOptions {
  readonly calendar: CalendarIndex;
  /** The procedure's rule from the catalogue; undefined when the procedure is not in it. */
  readonly procedure: ProcedureRule | undefined;
  readonly now: Date;
  /** Working days an online dossier may wait before it is received (1 by Decree 118/2025). */
  readonly receptionWorkingDays?: number;
}

const finishedStatuses = new Set(['done', 'returned', 'refused', 'stopped']);

/**
 * The dossier's clocks as of `options.now`. Dates the intake accepts span years 0000–9999 (what the
 * portal can write), while the engine walks at most ten years of days: a dossier whose dates lie
 * further apart (a supplement pending for decades, a due date centuries on) gets no clock and a
 * `calendar.beyond_horizon` warning — never an error that would fail its reading or its scoring.
 */
export function dossierClocks(dossier: ClockInput, options: ClockOptions): DossierClocks {
  const warnings = new WarningSink();
  try {
    return computeClocks(dossier, options, warnings);
  } catch (error) {
    if (!(error instanceof NoWorkingTimeError)) throw error;
    warnings.add({ code: 'calendar.beyond_horizon', message: `no clock computed: ${error.message}` });
    return {
      // The reception clock reads no supplement: it usually survives what broke the processing clock.
      reception: receptionOrNone(dossier, options, warnings),
      processing: {
        state: 'no_deadline',
        computedDueAt: null,
        cityDueAt: dossier.dueAt ? toLocalIso(Date.parse(dossier.dueAt), options.calendar.offsetMinutes) : null,
        effectiveDueAt: null,
        dueAtDisagreement: null,
        supplementRequests: dossier.supplementRequests.length,
        pausedWorkingMinutes: 0,
        endedAt: null,
        class: null,
        dayClass: null,
        reasons: ['no_due_date'],
      },
      warnings: warnings.list(),
      calendarVersion: options.calendar.calendarVersion,
    };
  }
}

const noReceptionClock: ReceptionClock = { applies: false, dueAt: null, state: 'not_applicable' };

function receptionOrNone(dossier: ClockInput, options: ClockOptions, warnings: WarningSink): ReceptionClock {
  try {
    return receptionClock(dossier, options, { calendar: options.calendar, unitCode: dossier.handlingUnit.code, warnings });
  } catch (error) {
    if (error instanceof NoWorkingTimeError) return noReceptionClock;
    throw error;
  }
}

/** Slow reception: a dossier submitted online on the portal must be received within N working days. */
function receptionClock(dossier: ClockInput, options: ClockOptions, ctx: WorkingTimeContext): ReceptionClock {
  if (dossier.channel !== 'online') return noReceptionClock;
  const due = addWorkingMinutes(Date.parse(dossier.submittedAt), (options.receptionWorkingDays ?? 1) * options.calendar.workingDayMinutes, ctx);
  const receivedMs = dossier.receivedAt ? Date.parse(dossier.receivedAt) : undefined;
  const state = receivedMs !== undefined ? (receivedMs <= due ? 'met' : 'missed') : options.now.getTime() > due ? 'missed' : 'running';
  return { applies: true, dueAt: localIsoWithinPortalYears(due, options.calendar.offsetMinutes), state };
}

/** The engine's dates stay within the years the portal writes (0000–9999 local): beyond, no clock. */
function localIsoWithinPortalYears(utcMs: number, offsetMinutes: number): string {
  const local = toLocalIso(utcMs, offsetMinutes);
  if (!/^\d{4}-/.test(local)) throw new NoWorkingTimeError('a date outside the years 0000–9999');
  return local;
}

function computeClocks(dossier: ClockInput, options: ClockOptions, warnings: WarningSink): DossierClocks {
  const { calendar, now } = options;
  const ctx: WorkingTimeContext = { calendar, unitCode: dossier.handlingUnit.code, warnings };
  const offset = calendar.offsetMinutes;
  const iso = (ms: number) => localIsoWithinPortalYears(ms, offset);
  const nowMs = now.getTime();
  const reception = receptionClock(dossier, options, ctx);

  const supplements = dossier.supplementRequests;
  const pending = supplements.find((s) => s.status === 'requested' && !s.receivedAt);
  const cityMovedDate = supplements.some((s) => s.newDueAt !== undefined);
  let pausedWorking = 0;
  let pausedRawMs = 0;
  for (const s of supplements) {
    const from = Date.parse(s.requestedAt);
    const to = s.receivedAt ? Date.parse(s.receivedAt) : Math.max(from, nowMs);
    pausedWorking += workingMinutesBetween(from, to, ctx);
    if (s.receivedAt) pausedRawMs += Math.max(0, to - from);
  }

  const duration =
    options.procedure?.duration === null
      ? null
      : dossier.channel === 'online' && options.procedure?.onlineDuration
        ? options.procedure.onlineDuration
        : options.procedure?.duration;
  const receivedMs = dossier.receivedAt ? Date.parse(dossier.receivedAt) : undefined;
  const computedBase = receivedMs !== undefined && duration ? dueInstant(receivedMs, duration, ctx) : undefined;
  // The city moving its date after a supplement already holds the pause; our figure must too.
  const computed = computedBase !== undefined && cityMovedDate && pausedWorking > 0 ? addWorkingMinutes(computedBase, pausedWorking, ctx) : computedBase;
  const cityDue = dossier.dueAt ? Date.parse(dossier.dueAt) : undefined;
  const baseDue = cityDue ?? computed;
  const effectiveDue =
    baseDue === undefined ? undefined : cityMovedDate || pausedWorking === 0 ? baseDue : addWorkingMinutes(baseDue, pausedWorking, ctx);

  const disagreement =
    cityDue !== undefined && computed !== undefined && localDayNumber(cityDue, offset) !== localDayNumber(computed, offset)
      ? { cityDueAt: iso(cityDue), computedDueAt: iso(computed), differenceMinutes: Math.round((cityDue - computed) / 60_000) }
      : null;

  const endMs = endOf(dossier);
  const state: ClockState =
    receivedMs === undefined ? 'not_started' : endMs !== undefined ? 'finished' : baseDue === undefined ? 'no_deadline' : pending ? 'paused' : 'running';

  const reasons: ProcessingClock['reasons'][number][] = [];
  let minuteClass: TimelinessClass | null = null;
  let dayClass: TimelinessClass | null = null;
  if (receivedMs !== undefined && baseDue !== undefined) {
    // The national rule: end − (supplement done − supplement requested) ≤ due; a pending
    // supplement's request time is the end; an unfinished dossier is judged as of now.
    const rawEnd = endMs ?? (pending ? Date.parse(pending.requestedAt) : nowMs);
    const judgedEnd = cityMovedDate ? rawEnd : rawEnd - pausedRawMs;
    const judged = classify(judgedEnd, baseDue, offset);
    minuteClass = judged.minute;
    dayClass = judged.day;
    if (judged.minute === 'overdue') reasons.push('past_due');
  } else if (receivedMs !== undefined) {
    reasons.push('no_due_date');
  }
  if (supplements.length > 1) {
    minuteClass = 'overdue';
    dayClass = 'overdue';
    reasons.push('multiple_supplements');
  }

  return {
    reception,
    processing: {
      state,
      computedDueAt: computed === undefined ? null : iso(computed),
      cityDueAt: cityDue === undefined ? null : iso(cityDue),
      effectiveDueAt: effectiveDue === undefined ? null : iso(effectiveDue),
      dueAtDisagreement: disagreement,
      supplementRequests: supplements.length,
      pausedWorkingMinutes: pausedWorking,
      endedAt: endMs === undefined ? null : iso(endMs),
      class: minuteClass,
      dayClass,
      reasons,
    },
    warnings: warnings.list(),
    calendarVersion: calendar.calendarVersion,
  };
}

/**
 * When processing ended, by the national priority: done, returned, then stopped or refused.
 * Undefined while the dossier is still being handled.
 */
function endOf(dossier: ClockInput): number | undefined {
  if (!finishedStatuses.has(dossier.status)) return undefined;
  const stamp = dossier.finishedAt ?? (dossier.status === 'returned' ? dossier.returnedAt : undefined) ?? dossier.refusedAt;
  if (stamp) return Date.parse(stamp);
  const step = [...dossier.history].reverse().find((h) => h.status === dossier.status);
  return step ? Date.parse(step.at) : undefined;
}
