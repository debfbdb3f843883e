import * as z from 'zod';

/**
 * The working-day calendar as versioned data (calendar-vn.json): days off, make-up working days,
 * working hours and per-unit options. A corrected holiday is a data change, never a code change.
 * Entries the government has not confirmed yet carry `confirmed: false`; results computed through
 * them say so (a warning), and a year absent from `years` is a warning too, never a silent
 * weekend-only count (a provincial system once loaded the current year only and got due dates
 * across the new year wrong).
 */

const localDate = /* @__PURE__ */ (() => z.iso.date().describe('a local date in Asia/Ho_Chi_Minh, YYYY-MM-DD'))();
const clock = /* @__PURE__ */ (() => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour local time'))();

export const WorkingInterval = /* @__PURE__ */ (() => z
  .strictObject({ from: clock, to: clock })
  .refine((i) => i.from < i.to, 'an interval ends after it starts'))();
export type WorkingInterval = z.infer<typeof WorkingInterval>;

export const CalendarEntry = /* @__PURE__ */ (() => z.strictObject({
  from: localDate,
  /** Inclusive; absent for a single day. */
  to: localDate.optional(),
  reason: z.string().min(1).max(200),
  confirmed: z.boolean().default(true),
  note: z.string().max(500).optional(),
}))();
export type CalendarEntry = z.infer<typeof CalendarEntry>;

export const CalendarYear = /* @__PURE__ */ (() => z.strictObject({
  /** `provisional`: the year's schedule is not issued yet; every result that touches it warns. */
  status: z.enum(['confirmed', 'provisional']),
  daysOff: z.array(CalendarEntry),
  makeUpWorkingDays: z.array(CalendarEntry),
  source: z.string().max(500).optional(),
}))();

export const UnitCalendarOptions = /* @__PURE__ */ (() => z.strictObject({
  /**
   * Wards serving on Saturday mornings: whether those mornings count toward deadlines is not
   * confirmed, so it is an option per unit (default: they do not).
   */
  saturdayMorningCountsTowardDeadlines: z.boolean().default(false),
}))();

export const WorkingCalendar = /* @__PURE__ */ (() => z
  .strictObject({
    calendarVersion: z.int().min(1),
    timeZone: z.literal('Asia/Ho_Chi_Minh'),
    /** Vietnam has kept UTC+7 without daylight saving since 1975: a fixed offset is exact. */
    utcOffsetMinutes: z.literal(420),
    workingHours: z.array(WorkingInterval).min(1),
    saturdayMorningHours: z.array(WorkingInterval).min(1),
    /** 0 = Sunday … 6 = Saturday. */
    weeklyDaysOff: z.array(z.int().min(0).max(6)),
    /** Minutes in one working day (8 hours = 480), the unit a duration in working days is counted in. */
    workingDayMinutes: z.int().min(1).max(1440),
    years: z.record(z.string().regex(/^\d{4}$/), CalendarYear),
    units: z.record(z.string().min(1).max(50), UnitCalendarOptions).default({}),
  })
  .superRefine((calendar, ctx) => {
    for (const [year, data] of Object.entries(calendar.years)) {
      for (const [list, entries] of [['daysOff', data.daysOff], ['makeUpWorkingDays', data.makeUpWorkingDays]] as const) {
        entries.forEach((entry, index) => {
          const to = entry.to ?? entry.from;
          if (!entry.from.startsWith(year) || !to.startsWith(year)) {
            ctx.addIssue({ code: 'custom', path: ['years', year, list, index], message: `entry ${entry.from}…${to} lies outside ${year}` });
          }
          if (to < entry.from) ctx.addIssue({ code: 'custom', path: ['years', year, list, index, 'to'], message: 'ends before it starts' });
        });
      }
    }
  })
  .meta({ id: 'WorkingCalendar' }))();
export type WorkingCalendarInput = z.input<typeof WorkingCalendar>;
export type WorkingCalendar = z.output<typeof WorkingCalendar>;
