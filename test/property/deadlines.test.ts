import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WarningSink } from '../../functions/core/deadlines/calendar';
import { defaultCalendar } from '../../functions/core/deadlines/default-calendar';
import { dueInstant, type Duration } from '../../functions/core/deadlines/due-date';
import { isoDateOfDay, localDayNumber } from '../../functions/core/deadlines/local-time';
import { isWorkingDay, workingMinutesBetween, nextWorkingInstant } from '../../functions/core/deadlines/working-time';

const calendar = defaultCalendar();
const ctx = () => ({ calendar, unitCode: undefined, warnings: new WarningSink() });

// Receipts over the calendar's three years, every minute possible, including year ends.
const receipt = fc.integer({ min: Date.parse('2025-01-01T00:00:00+07:00'), max: Date.parse('2027-12-20T23:59:00+07:00') });
const yearEnd = fc
  .constantFrom('2025-12-24', '2026-12-24', '2026-02-10', '2026-01-05', '2025-04-22', '2026-08-28')
  .chain((d) => fc.integer({ min: 0, max: 10 * 24 * 60 }).map((m) => Date.parse(`${d}T00:00:00+07:00`) + m * 60_000));
const anyReceipt = fc.oneof(receipt, yearEnd);
const duration: fc.Arbitrary<Duration> = fc.oneof(
  fc.integer({ min: 0, max: 60 }).map((value) => ({ unit: 'working_days' as const, value })),
  fc.integer({ min: 0, max: 90 }).map((value) => ({ unit: 'calendar_days' as const, value })),
  fc.integer({ min: 0, max: 200 }).map((value) => ({ unit: 'working_hours' as const, value })),
);
const dayOff = (ms: number) => {
  const date = isoDateOfDay(localDayNumber(ms, 420));
  return !isWorkingDay(ms, ctx()) ? date : null;
};

describe('deadline engine properties', () => {
  it('a due date never falls on a day off', () => {
    fc.assert(
      fc.property(anyReceipt, duration, (received, d) => {
        expect(dayOff(dueInstant(received, d, ctx()))).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('is monotone in the duration', () => {
    fc.assert(
      fc.property(anyReceipt, fc.constantFrom('working_days', 'calendar_days', 'working_hours' as const), fc.nat(40), fc.nat(40), (received, unit, a, b) => {
        const [short, long] = a <= b ? [a, b] : [b, a];
        expect(dueInstant(received, { unit, value: short }, ctx())).toBeLessThanOrEqual(dueInstant(received, { unit, value: long }, ctx()));
      }),
      { numRuns: 1000 },
    );
  });

  it('is monotone in the receipt time', () => {
    fc.assert(
      fc.property(anyReceipt, fc.nat(5 * 24 * 60), fc.integer({ min: 0, max: 20 }), (received, laterBy, days) => {
        const d: Duration = { unit: 'working_days', value: days };
        expect(dueInstant(received, d, ctx())).toBeLessThanOrEqual(dueInstant(received + laterBy * 60_000, d, ctx()));
      }),
      { numRuns: 1000 },
    );
  });

  it('N working days hold exactly N × 8 working hours, across year boundaries and make-up days', () => {
    fc.assert(
      fc.property(anyReceipt, fc.integer({ min: 0, max: 30 }), (received, days) => {
        const c = ctx();
        const start = nextWorkingInstant(received, c);
        const due = dueInstant(received, { unit: 'working_days', value: days }, c);
        expect(workingMinutesBetween(start, due, c)).toBe(days * 480);
      }),
      { numRuns: 1000 },
    );
  });

  it('no warning inside confirmed years except the unconfirmed 1/9/2026', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2025-01-01T00:00:00+07:00'), max: Date.parse('2026-11-30T00:00:00+07:00') }), fc.nat(5), (received, days) => {
        const c = ctx();
        dueInstant(received, { unit: 'working_days', value: days }, c);
        for (const w of c.warnings.list()) expect(w).toMatchObject({ code: 'calendar.unconfirmed_entry', date: '2026-09-01' });
      }),
      { numRuns: 500 },
    );
  });
});
