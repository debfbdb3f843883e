import type { CalendarIndex } from '../deadlines/calendar';

/** What GET /v1/insight/calendar shows: coverage, provisional years, unconfirmed entries. */
export function calendarView(calendar: CalendarIndex, now: Date = new Date()) {
  const years = Object.entries(calendar.data.years)
    .map(([year, data]) => ({
      year: Number(year),
      status: data.status,
      daysOff: data.daysOff.length,
      makeUpWorkingDays: data.makeUpWorkingDays.length,
      unconfirmedEntries: [...data.daysOff, ...data.makeUpWorkingDays].filter((e) => !e.confirmed).length,
    }))
    .sort((a, b) => a.year - b.year);
  const thisYear = now.getUTCFullYear();
  const warnings: string[] = [];
  for (const year of [thisYear, thisYear + 1]) {
    const entry = years.find((y) => y.year === year);
    if (!entry) warnings.push(`${year} is not in the calendar: deadlines in it skip weekends only`);
    else if (entry.status === 'provisional') warnings.push(`${year} is provisional in the calendar`);
  }
  for (const y of years) if (y.unconfirmedEntries > 0) warnings.push(`${y.year} has ${y.unconfirmedEntries} unconfirmed entr${y.unconfirmedEntries === 1 ? 'y' : 'ies'}`);
  return { calendarVersion: calendar.calendarVersion, years, warnings };
}
