import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { calendarCommands } from '../../../infra/cli/ops/calendar';
import { WorkingCalendar } from '../../../contracts/insight/calendar';
import { CalendarIndex, WarningSink } from '../../../functions/core/deadlines/calendar';
import { dueInstant } from '../../../functions/core/deadlines/due-date';
import { toLocalIso } from '../../../functions/core/deadlines/local-time';

const copy = () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'calendar-')), 'calendar.json');
  copyFileSync(new URL('../../../contracts/insight/calendar-vn.json', import.meta.url), file);
  return file;
};
const run = (name: string, values: Record<string, string | boolean>) => {
  const lines: string[] = [];
  return calendarCommands.commands[name]!.run({ values, positionals: [], target: { description: 'test' }, out: (l) => lines.push(l) }).then((code) => ({ code, lines }));
};

describe('npm run ops -- calendar', () => {
  it('adds a 2028 day off as data: the year becomes covered (provisional), the version rises, due dates move', async () => {
    const file = copy();
    const before = WorkingCalendar.parse(JSON.parse(readFileSync(file, 'utf8')));
    const { code } = await run('add-day-off', { file, from: '2028-01-03', reason: 'New Year (observed)', unconfirmed: true });
    expect(code).toBe(0);
    const after = WorkingCalendar.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(after.calendarVersion).toBe(before.calendarVersion + 1);
    expect(after.years['2028']).toMatchObject({ status: 'provisional', daysOff: [{ from: '2028-01-03', confirmed: false }] });
    const w = new WarningSink();
    const due = dueInstant(Date.parse('2027-12-31T09:00:00+07:00'), { unit: 'working_days', value: 1 }, { calendar: new CalendarIndex(after), unitCode: undefined, warnings: w });
    expect(toLocalIso(due, 420)).toBe('2028-01-04T09:00:00+07:00');
    expect(w.list().map((x) => x.code)).toEqual(expect.arrayContaining(['calendar.year_provisional', 'calendar.unconfirmed_entry']));
  });

  it('refuses an entry that would make the file invalid, and leaves it unchanged', async () => {
    const file = copy();
    const original = readFileSync(file, 'utf8');
    await expect(run('add-make-up', { file, from: '2026-02-30', reason: 'x' })).rejects.toThrow(/invalid/);
    expect(readFileSync(file, 'utf8')).toBe(original);
  });

  it('sets a unit whose Saturday mornings count', async () => {
    const file = copy();
    await run('set-unit', { file, unit: 'H29.W7', 'saturday-mornings': 'yes' });
    const listed = await run('list', { file });
    expect(listed.lines).toContain('units whose Saturday mornings count: H29.W7');
  });
});
