import { describe, expect, it } from 'vitest';
import { WorkingCalendar, type WorkingCalendarInput } from '../../../contracts/insight/calendar';
import calendarData from '../../../contracts/insight/calendar-vn.json' with { type: 'json' };
import { CalendarIndex, WarningSink } from '../../../functions/core/deadlines/calendar';
import { classify } from '../../../functions/core/deadlines/classification';
import { defaultCalendar } from '../../../functions/core/deadlines/default-calendar';
import { dossierClocks, type ClockInput } from '../../../functions/core/deadlines/dossier-clocks';
import { dueInstant } from '../../../functions/core/deadlines/due-date';
import { toLocalIso } from '../../../functions/core/deadlines/local-time';
import { nextWorkingInstant, workingMinutesBetween } from '../../../functions/core/deadlines/working-time';

const calendar = defaultCalendar();
const ctx = (unitCode?: string) => ({ calendar, unitCode, warnings: new WarningSink() });
const local = (ms: number) => toLocalIso(ms, 420);
const at = (iso: string) => Date.parse(iso);

describe('working-day calendar data', () => {
  it('parses the shipped file and refuses an entry outside its year', () => {
    expect(() => WorkingCalendar.parse(calendarData)).not.toThrow();
    const broken = structuredClone(calendarData) as WorkingCalendarInput;
    broken.years['2025']!.daysOff.push({ from: '2026-01-05', reason: 'misplaced' });
    expect(WorkingCalendar.safeParse(broken).success).toBe(false);
  });

  it('knows Tết 2026, the make-up Saturday 10/1/2026 and the swapped Friday 2/1/2026', () => {
    const w = new WarningSink();
    const day = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / 86_400_000);
    expect(calendar.intervalsOf(day('2026-02-16'), undefined, w)).toEqual([]);
    expect(calendar.intervalsOf(day('2026-01-02'), undefined, w)).toEqual([]);
    expect(calendar.intervalsOf(day('2026-01-10'), undefined, w)).toHaveLength(2);
    expect(calendar.intervalsOf(day('2026-01-05'), undefined, w)).toHaveLength(2);
    expect(w.list()).toEqual([]);
  });
});

describe('receipt normalisation', () => {
  it('after 17:00 counts from the next working morning, before 7:00 from 7:00, at lunch from 13:30', () => {
    expect(local(nextWorkingInstant(at('2026-11-30T17:20:00+07:00'), ctx()))).toBe('2026-12-01T07:00:00+07:00');
    expect(local(nextWorkingInstant(at('2026-11-30T06:10:00+07:00'), ctx()))).toBe('2026-11-30T07:00:00+07:00');
    expect(local(nextWorkingInstant(at('2026-11-30T12:00:00+07:00'), ctx()))).toBe('2026-11-30T13:30:00+07:00');
    // Friday evening → Monday morning.
    expect(local(nextWorkingInstant(at('2026-11-27T18:00:00+07:00'), ctx()))).toBe('2026-11-30T07:00:00+07:00');
  });
});

describe('due dates', () => {
  it('counts working days across Tết 2026', () => {
    // Friday 13/2 at 9:00 + 1 working day: Tết runs Sat 14/2 – Sun 22/2 → Monday 23/2 at 9:00.
    expect(local(dueInstant(at('2026-02-13T09:00:00+07:00'), { unit: 'working_days', value: 1 }, ctx()))).toBe('2026-02-23T09:00:00+07:00');
  });

  it('crosses the new year and uses the make-up Saturday 10/1/2026', () => {
    // Wed 31/12/2025 10:00 + 3 working days: 1–4/1 off; Mon 5, Tue 6, Wed 7 → Wed 7/1 at 10:00.
    expect(local(dueInstant(at('2025-12-31T10:00:00+07:00'), { unit: 'working_days', value: 3 }, ctx()))).toBe('2026-01-07T10:00:00+07:00');
    // Fri 9/1 10:00 + 1 working day → the make-up Saturday 10/1 at 10:00.
    expect(local(dueInstant(at('2026-01-09T10:00:00+07:00'), { unit: 'working_days', value: 1 }, ctx()))).toBe('2026-01-10T10:00:00+07:00');
  });

  it('moves a calendar-day due date off a day off', () => {
    // Thu 29/1/2026 10:00 + 16 days = Sat 14/2 (Tết) → Mon 23/2 at 10:00.
    expect(local(dueInstant(at('2026-01-29T10:00:00+07:00'), { unit: 'calendar_days', value: 16 }, ctx()))).toBe('2026-02-23T10:00:00+07:00');
  });

  it('counts working hours across lunch', () => {
    expect(local(dueInstant(at('2026-11-30T10:00:00+07:00'), { unit: 'working_hours', value: 4 }, ctx()))).toBe('2026-11-30T16:00:00+07:00');
  });

  it('counts Saturday mornings only for the units configured so', () => {
    const data = WorkingCalendar.parse({ ...calendarData, units: { 'H29.W1': { saturdayMorningCountsTowardDeadlines: true } } });
    const withSaturday = new CalendarIndex(data);
    const friday4pm = at('2026-11-27T16:00:00+07:00');
    const w = new WarningSink();
    expect(local(dueInstant(friday4pm, { unit: 'working_hours', value: 2 }, { calendar: withSaturday, unitCode: 'H29.W1', warnings: w }))).toBe(
      '2026-11-28T08:00:00+07:00',
    );
    expect(local(dueInstant(friday4pm, { unit: 'working_hours', value: 2 }, { calendar: withSaturday, unitCode: 'H29.W2', warnings: w }))).toBe(
      '2026-11-30T08:00:00+07:00',
    );
  });

  it('warns about a year not in the calendar instead of counting weekends silently', () => {
    const c = ctx();
    dueInstant(at('2028-03-01T09:00:00+07:00'), { unit: 'working_days', value: 2 }, c);
    expect(c.warnings.list()).toEqual([expect.objectContaining({ code: 'calendar.year_not_covered', year: 2028 })]);
  });

  it('warns about provisional 2027 and the unconfirmed 1/9/2026', () => {
    const c = ctx();
    dueInstant(at('2026-08-31T09:00:00+07:00'), { unit: 'working_days', value: 2 }, c);
    expect(c.warnings.list()).toEqual([expect.objectContaining({ code: 'calendar.unconfirmed_entry', date: '2026-09-01' })]);
    const c2 = ctx();
    dueInstant(at('2026-12-31T09:00:00+07:00'), { unit: 'working_days', value: 2 }, c2);
    expect(c2.warnings.list().map((w) => w.code)).toContain('calendar.year_provisional');
  });
});

describe('classification', () => {
  it('is minute-precise and has a day class', () => {
    const due = at('2026-11-30T17:00:00+07:00');
    expect(classify(at('2026-11-30T17:00:59+07:00'), due, 420)).toEqual({ minute: 'on_time', day: 'on_time' });
    expect(classify(at('2026-11-30T17:01:00+07:00'), due, 420)).toEqual({ minute: 'overdue', day: 'on_time' });
    expect(classify(at('2026-11-29T10:00:00+07:00'), due, 420)).toEqual({ minute: 'early', day: 'early' });
    expect(classify(at('2026-12-01T08:00:00+07:00'), due, 420)).toEqual({ minute: 'overdue', day: 'overdue' });
  });
});

const base: ClockInput = {
  channel: 'online',
  status: 'processing',
  submittedAt: '2026-11-23T09:00:00+07:00',
  receivedAt: '2026-11-23T10:00:00+07:00',
  dueAt: undefined,
  finishedAt: undefined,
  returnedAt: undefined,
  refusedAt: undefined,
  supplementRequests: [],
  history: [],
  handlingUnit: { code: 'H29.01' },
};
const rule = { duration: { unit: 'working_days', value: 3 } as const, feeBearing: false, fullOnlineEligible: true, paperResult: false };

describe('dossier clocks', () => {
  it('slow reception: an online dossier not received within one working day', () => {
    const waiting = { ...base, receivedAt: undefined, status: 'submitted' as const };
    const before = dossierClocks(waiting, { calendar, procedure: rule, now: new Date('2026-11-24T08:59:00+07:00') });
    expect(before.reception).toEqual({ applies: true, dueAt: '2026-11-24T09:00:00+07:00', state: 'running' });
    const after = dossierClocks(waiting, { calendar, procedure: rule, now: new Date('2026-11-24T09:01:00+07:00') });
    expect(after.reception.state).toBe('missed');
    expect(dossierClocks({ ...base, channel: 'in_person' }, { calendar, procedure: rule, now: new Date() }).reception.applies).toBe(false);
  });

  it('reports a city due date on another day than the computed one, without replacing it', () => {
    const clocks = dossierClocks({ ...base, dueAt: '2026-11-27T17:00:00+07:00' }, { calendar, procedure: rule, now: new Date('2026-11-24T09:00:00+07:00') });
    expect(clocks.processing.computedDueAt).toBe('2026-11-26T10:00:00+07:00');
    expect(clocks.processing.cityDueAt).toBe('2026-11-27T17:00:00+07:00');
    expect(clocks.processing.effectiveDueAt).toBe('2026-11-27T17:00:00+07:00');
    expect(clocks.processing.dueAtDisagreement?.differenceMinutes).toBe(31 * 60);
  });

  it('a supplement pause extends the due date by the working time waited', () => {
    const supplement = {
      id: 's1', requestedBy: 'officer', content: 'copy', status: 'accepted' as const, documents: [], fees: [],
      requestedAt: '2026-11-24T10:00:00+07:00', receivedAt: '2026-11-25T10:00:00+07:00',
    };
    const clocks = dossierClocks({ ...base, supplementRequests: [supplement] }, { calendar, procedure: rule, now: new Date('2026-11-25T11:00:00+07:00') });
    expect(clocks.processing.pausedWorkingMinutes).toBe(480);
    expect(clocks.processing.effectiveDueAt).toBe('2026-11-27T10:00:00+07:00');
    expect(clocks.processing.class).toBe('early');
  });

  it('gives no clock, with a warning, to a dossier whose dates lie beyond the ten-year walk — never an error', () => {
    const supplement = {
      id: 's1', requestedBy: 'officer', content: 'copy', status: 'requested' as const, documents: [], fees: [],
      requestedAt: '2001-01-02T10:00:00+07:00',
    };
    const options = { calendar, procedure: rule, now: new Date('2026-11-25T11:00:00+07:00') };
    const pending = dossierClocks({ ...base, receivedAt: '2001-01-02T09:00:00+07:00', supplementRequests: [supplement] }, options);
    expect(pending.processing).toMatchObject({ state: 'no_deadline', effectiveDueAt: null, class: null, reasons: ['no_due_date'], supplementRequests: 1 });
    expect(pending.warnings.map((w) => w.code)).toContain('calendar.beyond_horizon');
    // Within the walk the same shape is computed as usual: the horizon is what makes the difference.
    const recent = dossierClocks({ ...base, supplementRequests: [{ ...supplement, requestedAt: '2026-11-24T10:00:00+07:00' }] }, options);
    expect(recent.processing.state).toBe('paused');
    expect(recent.warnings.map((w) => w.code)).not.toContain('calendar.beyond_horizon');
  });

  it('keeps every date it answers within the years 0000–9999, and the reception clock when only processing is beyond the walk', () => {
    const options = { calendar, procedure: rule, now: new Date('2026-11-25T11:00:00+07:00') };
    const lastDay = dossierClocks(
      { ...base, submittedAt: '9999-12-30T08:00:00+07:00', receivedAt: '9999-12-31T09:00:00+07:00', dueAt: '9999-12-31T23:59:59+07:00' },
      options,
    );
    expect(JSON.stringify(lastDay)).not.toMatch(/[+-]0\d{5}-/);
    expect(lastDay.warnings.map((w) => w.code)).toContain('calendar.beyond_horizon');
    expect(lastDay.warnings.filter((w) => 'year' in w).map((w) => (w as { year: number }).year)).not.toContain(10);
    // A supplement requested decades before submission breaks the processing clock only.
    const supplement = { id: 's1', requestedBy: 'o', content: 'c', status: 'requested' as const, documents: [], fees: [], requestedAt: '1990-01-01T08:00:00+07:00' };
    const early = dossierClocks({ ...base, supplementRequests: [supplement] }, options);
    expect(early.processing.state).toBe('no_deadline');
    expect(early.reception).toEqual({ applies: true, dueAt: '2026-11-24T09:00:00+07:00', state: 'met' });
  });

  it('more than one supplement request counts as overdue', () => {
    const s = (id: string) => ({
      id, requestedBy: 'o', content: 'c', status: 'accepted' as const, documents: [], fees: [],
      requestedAt: '2026-11-23T14:00:00+07:00', receivedAt: '2026-11-23T15:00:00+07:00',
    });
    const clocks = dossierClocks(
      { ...base, status: 'done', finishedAt: '2026-11-24T09:00:00+07:00', supplementRequests: [s('a'), s('b')] },
      { calendar, procedure: rule, now: new Date('2026-11-25T00:00:00+07:00') },
    );
    expect(clocks.processing.state).toBe('finished');
    expect(clocks.processing.class).toBe('overdue');
    expect(clocks.processing.reasons).toContain('multiple_supplements');
  });

  it('judges an unfinished dossier as of now', () => {
    const clocks = dossierClocks(base, { calendar, procedure: rule, now: new Date('2026-11-26T10:01:00+07:00') });
    expect(clocks.processing.state).toBe('running');
    expect(clocks.processing.class).toBe('overdue');
    expect(workingMinutesBetween(at('2026-11-28T00:00:00+07:00'), at('2026-11-30T00:00:00+07:00'), ctx())).toBe(0);
  });
});
