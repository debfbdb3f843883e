import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkingCalendar, type WorkingCalendarInput } from '../../../contracts/insight/calendar';
import { CalendarIndex } from '../../../functions/core/deadlines/calendar';
import { calendarView } from '../../../functions/core/insight/calendar-view';
import type { OpsCommand, OpsCommandGroup } from './command';
import { UsageError } from './target';

/**
 * `npm run ops -- calendar …`: the working-day calendar is a data file
 * (contracts/insight/calendar-vn.json, bundled into the functions; INSIGHT_CALENDAR overrides it
 * in a deployed stack). These commands read and edit that file, validated by the same schema,
 * and bump `calendarVersion` on every change. They need no running twin.
 */

const defaultFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../contracts/insight/calendar-vn.json');
const fileOf = (values: Record<string, unknown>) => path.resolve((values.file as string | undefined) ?? defaultFile);
const load = (file: string): WorkingCalendarInput => JSON.parse(readFileSync(file, 'utf8')) as WorkingCalendarInput;

function save(file: string, data: WorkingCalendarInput): void {
  const checked = WorkingCalendar.safeParse(data);
  if (!checked.success) throw new UsageError(`the calendar would be invalid: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

const dateOption = (value: unknown, name: string): string => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new UsageError(`--${name} must be a date YYYY-MM-DD`);
  return value;
};

function addEntry(list: 'daysOff' | 'makeUpWorkingDays'): OpsCommand {
  return {
    usage: `calendar ${list === 'daysOff' ? 'add-day-off' : 'add-make-up'} --from YYYY-MM-DD [--to YYYY-MM-DD] --reason TEXT [--unconfirmed] [--file F]`,
    summary: list === 'daysOff' ? 'add days off (a holiday, a swapped day)' : 'add a make-up working day (a Saturday worked in exchange)',
    offline: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, reason: { type: 'string' }, unconfirmed: { type: 'boolean' }, file: { type: 'string' } },
    run: async ({ values, out }) => {
      const from = dateOption(values.from, 'from');
      const to = values.to === undefined ? undefined : dateOption(values.to, 'to');
      if (typeof values.reason !== 'string' || values.reason.length === 0) throw new UsageError('--reason is required');
      const file = fileOf(values);
      const data = load(file);
      const year = from.slice(0, 4);
      data.years[year] ??= { status: 'provisional', daysOff: [], makeUpWorkingDays: [], source: 'added with npm run ops -- calendar' };
      data.years[year]![list].push({ from, ...(to ? { to } : {}), reason: values.reason, ...(values.unconfirmed ? { confirmed: false } : {}) });
      data.calendarVersion += 1;
      save(file, data);
      out(`added to ${year} ${list}: ${from}${to ? `…${to}` : ''} (${values.reason}); calendar version ${data.calendarVersion}`);
      return 0;
    },
  };
}

export const calendarCommands: OpsCommandGroup = {
  summary: 'the working-day calendar (days off, make-up days, per-unit Saturday mornings) as versioned data',
  commands: {
    list: {
      usage: 'calendar list [--year YYYY] [--json] [--file F]',
      summary: 'years covered, their status, days off and make-up days; warnings for missing or provisional years',
      offline: true,
      options: { year: { type: 'string' }, json: { type: 'boolean' }, file: { type: 'string' } },
      run: async ({ values, out }) => {
        const data = WorkingCalendar.parse(load(fileOf(values)));
        const view = calendarView(new CalendarIndex(data));
        if (values.json) {
          out(JSON.stringify(values.year ? data.years[values.year as string] ?? null : data, null, 2));
          return 0;
        }
        out(`calendar version ${data.calendarVersion} (${data.timeZone})`);
        for (const [year, y] of Object.entries(data.years)) {
          if (values.year && values.year !== year) continue;
          out(`${year} (${y.status})`);
          for (const e of y.daysOff) out(`  off      ${e.from}${e.to ? `…${e.to}` : '           '}  ${e.reason}${e.confirmed ? '' : '  [unconfirmed]'}`);
          for (const e of y.makeUpWorkingDays) out(`  make-up  ${e.from}${e.to ? `…${e.to}` : '           '}  ${e.reason}${e.confirmed ? '' : '  [unconfirmed]'}`);
        }
        const units = Object.entries(data.units).filter(([, o]) => o.saturdayMorningCountsTowardDeadlines).map(([code]) => code);
        out(`units whose Saturday mornings count: ${units.length > 0 ? units.join(', ') : 'none'}`);
        for (const w of view.warnings) out(`warning: ${w}`);
        return 0;
      },
    },
    check: {
      usage: 'calendar check [--file F]',
      summary: 'validate the file; exit 1 when next year is missing or provisional',
      offline: true,
      options: { file: { type: 'string' } },
      run: async ({ values, out }) => {
        const view = calendarView(new CalendarIndex(WorkingCalendar.parse(load(fileOf(values)))));
        out(`calendar version ${view.calendarVersion}: valid`);
        for (const w of view.warnings) out(`warning: ${w}`);
        return view.warnings.length > 0 ? 1 : 0;
      },
    },
    'add-day-off': addEntry('daysOff'),
    'add-make-up': addEntry('makeUpWorkingDays'),
    'set-unit': {
      usage: 'calendar set-unit --unit CODE --saturday-mornings yes|no [--file F]',
      summary: "whether a unit's Saturday-morning service counts toward its deadlines",
      offline: true,
      options: { unit: { type: 'string' }, 'saturday-mornings': { type: 'string' }, file: { type: 'string' } },
      run: async ({ values, out }) => {
        const unit = values.unit;
        const flag = values['saturday-mornings'];
        if (typeof unit !== 'string' || (flag !== 'yes' && flag !== 'no')) throw new UsageError('--unit and --saturday-mornings yes|no are required');
        const file = fileOf(values);
        const data = load(file);
        data.units = { ...data.units, [unit]: { saturdayMorningCountsTowardDeadlines: flag === 'yes' } };
        data.calendarVersion += 1;
        save(file, data);
        out(`${unit}: Saturday mornings ${flag === 'yes' ? 'count' : 'do not count'}; calendar version ${data.calendarVersion}`);
        return 0;
      },
    },
  },
};
