import { signal } from '@preact/signals';
import { t } from './i18n';

/** The scorecard's period (YYYY-MM, YYYY-Qn or YYYY), shared by the insight pages for the session. */
const localNow = () => new Date(Date.now() + 7 * 3_600_000); // Asia/Ho_Chi_Minh, no DST
export const currentMonth = () => localNow().toISOString().slice(0, 7);
export const period = signal(currentMonth());
/** Reconciliation is per month: a quarter or year chosen elsewhere falls back to the current month. */
export const monthOf = (value: string) => (/^\d{4}-\d{2}$/.test(value) ? value : currentMonth());

function choices(monthsOnly: boolean): string[] {
  const now = localNow();
  const year = now.getUTCFullYear();
  const months = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(year, now.getUTCMonth() - i, 1)).toISOString().slice(0, 7));
  if (monthsOnly) return months;
  const quarter = Math.floor(now.getUTCMonth() / 3) + 1;
  const quarters = Array.from({ length: quarter }, (_, i) => `${year}-Q${quarter - i}`);
  return [...months, ...quarters, String(year), String(year - 1)];
}

export function PeriodPicker({ monthsOnly = false }: { monthsOnly?: boolean }) {
  const label = t.value;
  const value = monthsOnly ? monthOf(period.value) : period.value;
  return (
    <label>
      {label('period')}
      <select name="period" value={value} onChange={(e) => (period.value = e.currentTarget.value)}>
        {choices(monthsOnly).map((p) => (
          <option value={p}>{p}</option>
        ))}
      </select>
    </label>
  );
}
