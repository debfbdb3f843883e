import type { Counters, Scorecard, ScorecardConfig } from '../../../contracts/insight/scorecard';
import { bucketKeys } from './buckets';
import type { Period } from './periods';
import { addCounters, scorecardOf, zeroCounters } from './score';

/**
 * Reading scorecards: only counter items, never dossiers. A unit's scorecard is one query per
 * month of the period (its procedure rows); the city's and a procedure's the same over the
 * procedure partition; the by-unit table one query per unit and month, in parallel.
 */

export interface CounterRow {
  readonly key: string;
  readonly label?: string;
  readonly counters: Counters;
}

export interface ScorecardReadPorts {
  readonly readCounterRows: (pk: string) => Promise<CounterRow[]>;
  readonly config: ScorecardConfig;
}

function mergeByKey(rowsPerMonth: readonly CounterRow[][]): Map<string, { label?: string; counters: Counters }> {
  const merged = new Map<string, { label?: string; counters: Counters }>();
  for (const rows of rowsPerMonth) {
    for (const row of rows) {
      const entry = merged.get(row.key) ?? { counters: zeroCounters() };
      addCounters(entry.counters, row.counters);
      if (row.label !== undefined) entry.label = row.label;
      merged.set(row.key, entry);
    }
  }
  return merged;
}

function cardOf(scope: Scorecard['scope'], period: Period, procedures: Counters[], config: ScorecardConfig): Scorecard {
  const totals = procedures.reduce((sum, p) => addCounters(sum, p), zeroCounters());
  return scorecardOf({ scope, period: { kind: period.kind, label: period.label, months: [...period.months] }, totals, procedures }, config);
}

export async function unitScorecard(unitKey: string, period: Period, ports: ScorecardReadPorts): Promise<Scorecard> {
  const rows = await Promise.all(period.months.map((m) => ports.readCounterRows(bucketKeys.unitProcedureMonth(unitKey, m))));
  const procedures = [...mergeByKey(rows).values()].map((p) => p.counters);
  return cardOf({ kind: 'unit', code: unitKey }, period, procedures, ports.config);
}

export async function cityScorecard(period: Period, ports: ScorecardReadPorts): Promise<Scorecard> {
  const rows = await Promise.all(period.months.map((m) => ports.readCounterRows(bucketKeys.procedureMonth(m))));
  const procedures = [...mergeByKey(rows).values()].map((p) => p.counters);
  return cardOf({ kind: 'city', code: null }, period, procedures, ports.config);
}

export async function procedureScorecard(procedureCode: string, period: Period, ports: ScorecardReadPorts): Promise<Scorecard> {
  const rows = await Promise.all(period.months.map((m) => ports.readCounterRows(bucketKeys.procedureMonth(m))));
  const own = [...mergeByKey(rows).entries()].filter(([key]) => key === procedureCode).map(([, p]) => p.counters);
  return cardOf({ kind: 'procedure', code: procedureCode }, period, own, ports.config);
}

export interface UnitRow {
  readonly unitKey: string;
  readonly unitName: string | null;
  readonly score: number;
  readonly visiblePoints: number;
  readonly groups: Record<string, number>;
  readonly counters: Counters;
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function bounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

export async function byUnitTable(period: Period, ports: ScorecardReadPorts): Promise<UnitRow[]> {
  const unitRows = mergeByKey(await Promise.all(period.months.map((m) => ports.readCounterRows(bucketKeys.unitMonth(m)))));
  const units = [...unitRows.entries()];
  const cards = await bounded(units, 16, ([unitKey]) => unitScorecard(unitKey, period, ports));
  return units
    .map(([unitKey, unit], index) => {
      const card = cards[index]!;
      return {
        unitKey,
        unitName: unit.label ?? null,
        score: card.score,
        visiblePoints: card.visiblePoints,
        groups: Object.fromEntries(card.groups.map((g) => [g.id, g.score])),
        counters: card.counters as Counters,
      };
    })
    .sort((a, b) => a.score - b.score || a.unitKey.localeCompare(b.unitKey));
}
