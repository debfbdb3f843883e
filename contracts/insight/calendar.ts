import * as z from '../zod-mini';

/**
 * The working-day calendar as versioned data (calendar-vn.json): days off, make-up working days,
 * working hours and per-unit options. A corrected holiday is a data change, never a code change.
 * Entries the government has not confirmed yet carry `confirmed: false`; results computed through
 * them say so (a warning), and a year absent from `years` is a warning too, never a silent
 * weekend-only count (a provincial system once loaded the current year only and got due dates
 * across the new year wrong).
 *
 * zod/mini (../zod-mini.ts): GET /v1/dossiers computes deadlines with it and bundles no classic zod.
 */

const localDate = /* @__PURE__ */ (() => z.iso.date().register(z.globalRegistry, { description: 'a local date in Asia/Ho_Chi_Minh, YYYY-MM-DD' }))();
const clock = /* @__PURE__ */ (() => z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour local time')))();

export const WorkingInterval = /* @__PURE__ */ (() => z
  .strictObject({ from: clock, to: clock })
  .check(z.refine((i) => i.from < i.to, 'an interval ends after it starts')))();
export type WorkingInterval = z.output<typeof WorkingInterval>;

export const CalendarEntry = /* @__PURE__ */ (() => z.strictObject({
  from: localDate,
  /** Inclusive; absent for a single day. */
  to: z.optional(localDate),
  reason: z.string().check(z.minLength(1), z.maxLength(200)),
  confirmed: z._default(z.boolean(), true),
  note: z.optional(z.string().check(z.maxLength(500))),
}))();
export type CalendarEntry = z.output<typeof CalendarEntry>;

export const CalendarYear = /* @__PURE__ */ (() => z.strictObject({
  /** `provisional`: the year's schedule is not issued yet; every result that touches it warns. */
  status: z.enum(['confirmed', 'provisional']),
  daysOff: z.array(CalendarEntry),
  makeUpWorkingDays: z.array(CalendarEntry),
  source: z.optional(z.string().check(z.maxLength(500))),
}))();

export const UnitCalendarOptions = /* @__PURE__ */ (() => z.strictObject({
  /**
   * Wards serving on Saturday mornings: whether those mornings count toward deadlines is not
   * confirmed, so it is an option per unit (default: they do not).
   */
  saturdayMorningCountsTowardDeadlines: z._default(z.boolean(), false),
}))();

export const WorkingCalendar = /* @__PURE__ */ (() => z
  .strictObject({
    calendarVersion: z.int().check(z.minimum(1)),
    timeZone: z.literal('Asia/Ho_Chi_Minh'),
    /** Vietnam has kept UTC+7 without daylight saving since 1975: a fixed offset is exact. */
    utcOffsetMinutes: z.literal(420),
    workingHours: z.array(WorkingInterval).check(z.minLength(1)),
    saturdayMorningHours: z.array(WorkingInterval).check(z.minLength(1)),
    /** 0 = Sunday … 6 = Saturday. */
    weeklyDaysOff: z.array(z.int().check(z.minimum(0), z.maximum(6))),
    /** Minutes in one working day (8 hours = 480), the unit a duration in working days is counted in. */
    workingDayMinutes: z.int().check(z.minimum(1), z.maximum(1440)),
    years: z.record(z.string().check(z.regex(/^\d{4}$/)), CalendarYear),
    units: z._default(z.record(z.string().check(z.minLength(1), z.maxLength(50)), UnitCalendarOptions), {}),
  })
  .check(
    z.superRefine((calendar, ctx) => {
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
    }),
  )
  .register(z.globalRegistry, { id: 'WorkingCalendar' }))();
export type WorkingCalendarInput = z.input<typeof WorkingCalendar>;
export type WorkingCalendar = z.output<typeof WorkingCalendar>;
