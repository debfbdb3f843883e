/**
 * Local time in Asia/Ho_Chi_Minh as plain arithmetic. Vietnam has kept UTC+7 without daylight
 * saving since 1975, so a fixed offset is exact (the calendar data asserts the same offset) and
 * no time-zone database is needed in a Lambda bundle.
 */

export const minuteMs = 60_000;
const dayMs = 86_400_000;

/** Days since 1970-01-01 of the local date an instant falls on. */
export function localDayNumber(utcMs: number, offsetMinutes: number): number {
  return Math.floor((utcMs + offsetMinutes * minuteMs) / dayMs);
}

/** Minutes since local midnight. */
export function localMinuteOfDay(utcMs: number, offsetMinutes: number): number {
  const localMs = utcMs + offsetMinutes * minuteMs;
  return Math.floor((localMs - Math.floor(localMs / dayMs) * dayMs) / minuteMs);
}

/** The instant of a local day's minute. */
export function utcMsOf(dayNumber: number, minuteOfDay: number, offsetMinutes: number): number {
  return dayNumber * dayMs + (minuteOfDay - offsetMinutes) * minuteMs;
}

export function isoDateOfDay(dayNumber: number): string {
  return new Date(dayNumber * dayMs).toISOString().slice(0, 10);
}

export function dayNumberOfIsoDate(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / dayMs);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDay(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function minutesOfClock(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h! * 60 + m!;
}

/** `2026-11-30T09:15:00+07:00`: how the gateway writes local deadlines. */
export function toLocalIso(utcMs: number, offsetMinutes: number): string {
  const local = new Date(utcMs + offsetMinutes * minuteMs).toISOString().slice(0, 19);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function floorToMinute(utcMs: number): number {
  return Math.floor(utcMs / minuteMs) * minuteMs;
}
