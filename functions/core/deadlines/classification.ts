import { floorToMinute, localDayNumber } from './local-time';

/**
 * Early / on time / overdue. The minute class is what the national score counts (end ≤ due as
 * timestamps, both cut to the minute); the day class compares local dates, as officials speak of
 * it ("due today"): a dossier finished at 17:05 on its due day is overdue by the minute class and
 * on time by the day class.
 */
export type TimelinessClass = 'early' | 'on_time' | 'overdue';

export function classify(endMs: number, dueMs: number, offsetMinutes: number): { minute: TimelinessClass; day: TimelinessClass } {
  const endDay = localDayNumber(endMs, offsetMinutes);
  const dueDay = localDayNumber(dueMs, offsetMinutes);
  const day: TimelinessClass = endDay < dueDay ? 'early' : endDay === dueDay ? 'on_time' : 'overdue';
  const minute: TimelinessClass = floorToMinute(endMs) > floorToMinute(dueMs) ? 'overdue' : endDay < dueDay ? 'early' : 'on_time';
  return { minute, day };
}
