import type { WorkingTimeContext } from './working-time';
import { addWorkingMinutes, NoWorkingTimeError, nextWorkingInstant } from './working-time';
import { localDayNumber, localMinuteOfDay, utcMsOf } from './local-time';

/**
 * A procedure's legal duration. Working days skip weekends and days off (one working day is the
 * calendar's `workingDayMinutes`, 8 hours); calendar days count every day but the due date moves
 * off a day off; working hours count working time only.
 */
export type Duration =
  | { readonly unit: 'working_days'; readonly value: number }
  | { readonly unit: 'calendar_days'; readonly value: number }
  | { readonly unit: 'working_hours'; readonly value: number };

/**
 * The due instant of a dossier received at `receivedMs`: counted from the first working instant at
 * or after receipt. A due date is never on a day off: a working-day result lies inside working time
 * (or at the end of an interval); a calendar-day result that lands on a day off moves to the next
 * working day, at the same clock time kept within that day's working hours.
 */
export function dueInstant(receivedMs: number, duration: Duration, ctx: WorkingTimeContext): number {
  const start = nextWorkingInstant(receivedMs, ctx);
  switch (duration.unit) {
    case 'working_days':
      return addWorkingMinutes(start, duration.value * ctx.calendar.workingDayMinutes, ctx);
    case 'working_hours':
      return addWorkingMinutes(start, duration.value * 60, ctx);
    case 'calendar_days':
      return calendarDaysDue(start, duration.value, ctx);
  }
}

function calendarDaysDue(startMs: number, days: number, ctx: WorkingTimeContext): number {
  const offset = ctx.calendar.offsetMinutes;
  const minute = localMinuteOfDay(startMs, offset);
  const target = localDayNumber(startMs, offset) + Math.max(0, Math.round(days));
  for (let day = target; day < target + 3660; day++) {
    const intervals = ctx.calendar.intervalsOf(day, ctx.unitCode, ctx.warnings);
    if (intervals.length === 0) continue;
    const opens = intervals[0]![0];
    const closes = intervals[intervals.length - 1]![1];
    return utcMsOf(day, Math.min(Math.max(minute, opens), closes), offset);
  }
  throw new NoWorkingTimeError('no working day within ten years of the calendar-day due date');
}
