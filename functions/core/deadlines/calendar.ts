import type { WorkingCalendar } from '../../../contracts/insight/calendar';
import { dayNumberOfIsoDate, isoDateOfDay, minutesOfClock, weekdayOfDay } from './local-time';

/**
 * The working-day calendar, indexed for the deadline engine: which minutes of a local day count
 * toward a deadline for a unit. Every answer can carry warnings (a year not in the data, a
 * provisional year, an unconfirmed entry); callers return them with their results.
 */

export type CalendarWarning =
  | { readonly code: 'calendar.year_not_covered'; readonly year: number; readonly message: string }
  | { readonly code: 'calendar.year_provisional'; readonly year: number; readonly message: string }
  | { readonly code: 'calendar.unconfirmed_entry'; readonly date: string; readonly message: string }
  /** The dossier's dates span more than the engine walks (ten years of days): its clocks are not computed. */
  | { readonly code: 'calendar.beyond_horizon'; readonly message: string };

/** Collects warnings once each, however many days a computation walks through. */
export class WarningSink {
  private readonly byKey = new Map<string, CalendarWarning>();
  add(warning: CalendarWarning): void {
    const key = `${warning.code}:${'year' in warning ? warning.year : 'date' in warning ? warning.date : ''}`;
    if (!this.byKey.has(key)) this.byKey.set(key, warning);
  }
  list(): CalendarWarning[] {
    return [...this.byKey.values()];
  }
}

/** Working intervals of a day as [startMinute, endMinute) pairs, in order. */
export type DayIntervals = readonly (readonly [number, number])[];

interface EntryMark {
  readonly kind: 'off' | 'makeUp';
  readonly confirmed: boolean;
  readonly reason: string;
}

export class CalendarIndex {
  readonly offsetMinutes: number;
  readonly workingDayMinutes: number;
  readonly calendarVersion: number;
  private readonly marks = new Map<number, EntryMark>();
  private readonly workingHours: DayIntervals;
  private readonly saturdayMorning: DayIntervals;
  private readonly weeklyOff: ReadonlySet<number>;
  private readonly years: ReadonlyMap<number, 'confirmed' | 'provisional'>;
  private readonly saturdayUnits: ReadonlySet<string>;

  constructor(readonly data: WorkingCalendar) {
    this.offsetMinutes = data.utcOffsetMinutes;
    this.workingDayMinutes = data.workingDayMinutes;
    this.calendarVersion = data.calendarVersion;
    const intervals = (list: WorkingCalendar['workingHours']): DayIntervals =>
      list.map((i) => [minutesOfClock(i.from), minutesOfClock(i.to)] as const).sort((a, b) => a[0] - b[0]);
    this.workingHours = intervals(data.workingHours);
    this.saturdayMorning = intervals(data.saturdayMorningHours);
    this.weeklyOff = new Set(data.weeklyDaysOff);
    this.years = new Map(Object.entries(data.years).map(([y, v]) => [Number(y), v.status]));
    this.saturdayUnits = new Set(
      Object.entries(data.units)
        .filter(([, options]) => options.saturdayMorningCountsTowardDeadlines)
        .map(([code]) => code),
    );
    for (const year of Object.values(data.years)) {
      for (const [kind, entries] of [['off', year.daysOff], ['makeUp', year.makeUpWorkingDays]] as const) {
        for (const entry of entries) {
          const first = dayNumberOfIsoDate(entry.from);
          const last = dayNumberOfIsoDate(entry.to ?? entry.from);
          for (let day = first; day <= last; day++) this.marks.set(day, { kind, confirmed: entry.confirmed, reason: entry.reason });
        }
      }
    }
  }

  /** The minutes of a local day that count toward deadlines for the unit (empty: a day off). */
  intervalsOf(dayNumber: number, unitCode: string | undefined, warnings: WarningSink): DayIntervals {
    const date = isoDateOfDay(dayNumber);
    // Past 9999 the ISO date is written `+010000-…`: the year is everything before the first inner dash.
    const year = Number(date.slice(0, date.indexOf('-', 1)));
    const status = this.years.get(year);
    if (status === undefined) {
      warnings.add({
        code: 'calendar.year_not_covered',
        year,
        message: `${year} is not in the working-day calendar (version ${this.calendarVersion}): only weekends were skipped; add its days off`,
      });
    } else if (status === 'provisional') {
      warnings.add({ code: 'calendar.year_provisional', year, message: `${year}'s schedule of days off is provisional in the calendar` });
    }
    const mark = this.marks.get(dayNumber);
    if (mark && !mark.confirmed) {
      warnings.add({ code: 'calendar.unconfirmed_entry', date, message: `${date} (${mark.reason}) is not confirmed` });
    }
    if (mark?.kind === 'off') return [];
    if (mark?.kind === 'makeUp') return this.workingHours;
    const weekday = weekdayOfDay(dayNumber);
    if (!this.weeklyOff.has(weekday)) return this.workingHours;
    if (weekday === 6 && unitCode !== undefined && this.saturdayUnits.has(unitCode)) return this.saturdayMorning;
    return [];
  }
}
