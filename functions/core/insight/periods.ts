/** A scorecard period: a month `2026-11`, a quarter `2026-Q4` or a year `2026` (local dates, GMT+7). */
export interface Period {
  readonly kind: 'month' | 'quarter' | 'year';
  readonly label: string;
  readonly months: readonly string[];
}

const pad = (n: number) => String(n).padStart(2, '0');

export function parsePeriod(label: string): Period | undefined {
  let m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label);
  if (m) return { kind: 'month', label, months: [label] };
  m = /^(\d{4})-Q([1-4])$/.exec(label);
  if (m) {
    const first = (Number(m[2]) - 1) * 3 + 1;
    return { kind: 'quarter', label, months: [0, 1, 2].map((i) => `${m![1]}-${pad(first + i)}`) };
  }
  m = /^(\d{4})$/.exec(label);
  if (m) return { kind: 'year', label, months: Array.from({ length: 12 }, (_, i) => `${m![1]}-${pad(i + 1)}`) };
  return undefined;
}

/** The local month (GMT+7) of an instant. */
export function monthOf(date: Date): string {
  return new Date(date.getTime() + 7 * 3_600_000).toISOString().slice(0, 7);
}

/** The `count` months ending with `last`, oldest first. */
export function monthsEndingWith(last: string, count: number): string[] {
  const [y, m] = last.split('-').map(Number);
  const months: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const index = y! * 12 + (m! - 1) - i;
    months.push(`${Math.floor(index / 12)}-${pad((index % 12) + 1)}`);
  }
  return months;
}
