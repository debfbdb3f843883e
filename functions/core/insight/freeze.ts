import type { Counters } from '../../../contracts/insight/scorecard';
import { bucketKeys } from './buckets';
import { monthOf, monthsEndingWith } from './periods';

/**
 * Closed months are kept as published. A month is frozen once it has ended (local time, GMT+7)
 * and a grace period has passed — the time the city has to finish syncing the month, the same
 * window the portal keeps revising it. Freezing copies the month's counter items (units ×
 * procedures, never dossiers) to a frozen copy and then writes the month's marker; a run cut short
 * is redone by the next (the copies are plain puts). Afterwards the live counters keep moving
 * with late corrections: each such change is recorded as an adjustment (which dossier, which
 * counters), and a scorecard of a frozen month answers the published figures plus the
 * adjustments made since.
 */

export interface FreezePorts {
  readonly frozenAt: (month: string) => Promise<string | undefined>;
  readonly readCounterRows: (pk: string) => Promise<{ key: string; label?: string; counters: Counters }[]>;
  readonly putFrozenRows: (pk: string, rows: readonly { key: string; label?: string; counters: Counters }[]) => Promise<void>;
  readonly markFrozen: (month: string, frozenAt: string) => Promise<void>;
}

/** When a month's figures are final: the first instant of the next month (GMT+7) plus the grace. */
export function freezesAt(month: string, graceDays: number): number {
  const [y, m] = month.split('-').map(Number);
  // Date.UTC takes a 0-based month: `m` (1-based) is the next month's index.
  return Date.UTC(y!, m!, 1) - 7 * 3_600_000 + graceDays * 86_400_000;
}

/** A late correction of a frozen month: the counters one dossier's new contribution moved there. */
export interface Adjustment {
  readonly month: string;
  readonly dossierCode: string;
  readonly rev: number;
  readonly unitKey: string;
  readonly procedureCode: string;
  readonly delta: Partial<Record<string, number>>;
  readonly at: string;
}

type Placed = { readonly month: string; readonly unitKey: string; readonly procedureCode: string; readonly counters: Partial<Record<string, number>> };

/** The adjustments replacing `before` by `after` makes to frozen months (one per month and unit touched). */
export function adjustmentsOf(before: Placed | undefined, after: Placed, frozen: ReadonlySet<string>, dossierCode: string, rev: number, at: string): Adjustment[] {
  const byPlace = new Map<string, { month: string; unitKey: string; procedureCode: string; delta: Record<string, number> }>();
  const apply = (c: Placed, sign: 1 | -1) => {
    if (!frozen.has(c.month)) return;
    const id = `${c.month}\u0000${c.unitKey}`;
    const entry = byPlace.get(id) ?? { month: c.month, unitKey: c.unitKey, procedureCode: c.procedureCode, delta: {} };
    for (const [name, value] of Object.entries(c.counters)) entry.delta[name] = (entry.delta[name] ?? 0) + sign * (value ?? 0);
    byPlace.set(id, entry);
  };
  if (before) apply(before, -1);
  apply(after, 1);
  const result: Adjustment[] = [];
  for (const entry of byPlace.values()) {
    const delta = Object.fromEntries(Object.entries(entry.delta).filter(([, v]) => v !== 0));
    if (Object.keys(delta).length > 0) result.push({ ...entry, delta, dossierCode, rev, at });
  }
  return result;
}

/** Freezes the closed months among the last `lookbackMonths` not frozen yet; returns those it froze. */
export async function freezeClosedMonths(ports: FreezePorts, now: Date, graceDays: number, lookbackMonths = 3): Promise<string[]> {
  const frozen: string[] = [];
  for (const month of monthsEndingWith(monthOf(now), lookbackMonths + 1).slice(0, -1)) {
    if (freezesAt(month, graceDays) > now.getTime() || (await ports.frozenAt(month)) !== undefined) continue;
    const unitRows = await ports.readCounterRows(bucketKeys.unitMonth(month));
    const pks = [bucketKeys.unitMonth(month), bucketKeys.procedureMonth(month), ...unitRows.map((u) => bucketKeys.unitProcedureMonth(u.key, month))];
    for (const pk of pks) await ports.putFrozenRows(pk, pk === bucketKeys.unitMonth(month) ? unitRows : await ports.readCounterRows(pk));
    await ports.markFrozen(month, now.toISOString());
    frozen.push(month);
  }
  return frozen;
}
