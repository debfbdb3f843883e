import type { CalendarIndex, WarningSink } from './calendar';
import { floorToMinute, localDayNumber, localMinuteOfDay, minuteMs, utcMsOf } from './local-time';

/** Ten years of days: a calendar with no working day at all must fail, not spin. */
const maxDaysWalked = 3660;

export class NoWorkingTimeError extends Error {
  readonly code = 'NO_WORKING_TIME';
  override readonly name = 'NoWorkingTimeError';
}

export interface WorkingTimeContext {
  readonly calendar: CalendarIndex;
  readonly unitCode: string | undefined;
  readonly warnings: WarningSink;
}

/**
 * The first working instant at or after `utcMs` (minute precision): a receipt after 17:00 counts
 * from the next working morning, before 7:00 from 7:00, at lunch from 13:30, on a day off from the
 * next working day's opening.
 */
export function nextWorkingInstant(utcMs: number, ctx: WorkingTimeContext): number {
  return addWorkingMinutes(utcMs, 0, ctx);
}

/**
 * Adds working minutes to an instant. The result is an instant inside working time, or the end of
 * an interval when the minutes run out exactly there ("due by 17:00"), so it never lies on a day off.
 */
export function addWorkingMinutes(utcMs: number, minutes: number, ctx: WorkingTimeContext): number {
  const { calendar } = ctx;
  const offset = calendar.offsetMinutes;
  const start = floorToMinute(utcMs);
  let remaining = Math.max(0, Math.round(minutes));
  const firstDay = localDayNumber(start, offset);
  const startMinute = localMinuteOfDay(start, offset);
  for (let day = firstDay; day < firstDay + maxDaysWalked; day++) {
    for (const [from, to] of calendar.intervalsOf(day, ctx.unitCode, ctx.warnings)) {
      const begin = day === firstDay ? Math.max(from, startMinute) : from;
      if (begin >= to) continue;
      // Zero minutes: the first working minute itself (an instant at 11:30 is not working time).
      if (remaining === 0) return utcMsOf(day, begin, offset);
      const available = to - begin;
      if (remaining <= available) return utcMsOf(day, begin + remaining, offset);
      remaining -= available;
    }
  }
  throw new NoWorkingTimeError(`no working time within ${maxDaysWalked} days of ${new Date(utcMs).toISOString()}`);
}

/** Working minutes in [fromMs, toMs): how much of a pause fell in working time. */
export function workingMinutesBetween(fromMs: number, toMs: number, ctx: WorkingTimeContext): number {
  if (toMs <= fromMs) return 0;
  const { calendar } = ctx;
  const offset = calendar.offsetMinutes;
  const firstDay = localDayNumber(fromMs, offset);
  const lastDay = localDayNumber(toMs, offset);
  if (lastDay - firstDay > maxDaysWalked) throw new NoWorkingTimeError('a pause longer than ten years');
  let total = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    for (const [from, to] of calendar.intervalsOf(day, ctx.unitCode, ctx.warnings)) {
      const begin = Math.max(utcMsOf(day, from, offset), fromMs);
      const end = Math.min(utcMsOf(day, to, offset), toMs);
      if (end > begin) total += end - begin;
    }
  }
  return Math.floor(total / minuteMs);
}

/** Whether the local day of an instant has any working time for the unit. */
export function isWorkingDay(utcMs: number, ctx: WorkingTimeContext): boolean {
  return ctx.calendar.intervalsOf(localDayNumber(utcMs, ctx.calendar.offsetMinutes), ctx.unitCode, ctx.warnings).length > 0;
}

/**
 * The latest instant from which `minutes` of working time still remain before `utcMs`: when a
 * "due soon" lead of one working day starts. Never later than `utcMs`.
 */
export function subtractWorkingMinutes(utcMs: number, minutes: number, ctx: WorkingTimeContext): number {
  const { calendar } = ctx;
  const offset = calendar.offsetMinutes;
  const end = floorToMinute(utcMs);
  let remaining = Math.max(0, Math.round(minutes));
  if (remaining === 0) return end;
  const lastDay = localDayNumber(end, offset);
  const endMinute = localMinuteOfDay(end, offset);
  for (let day = lastDay; day > lastDay - maxDaysWalked; day--) {
    const intervals = calendar.intervalsOf(day, ctx.unitCode, ctx.warnings);
    for (let i = intervals.length - 1; i >= 0; i--) {
      const [from, to] = intervals[i]!;
      const finish = day === lastDay ? Math.min(to, endMinute) : to;
      if (finish <= from) continue;
      const available = finish - from;
      if (remaining <= available) return utcMsOf(day, finish - remaining, offset);
      remaining -= available;
    }
  }
  throw new NoWorkingTimeError(`no working time within ${maxDaysWalked} days before ${new Date(utcMs).toISOString()}`);
}
