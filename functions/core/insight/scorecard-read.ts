import type { Counters, Scorecard, ScorecardConfig } from '../../../contracts/insight/scorecard';
import { bucketKeys } from './buckets';
import type { Adjustment } from './freeze';
import type { Period } from './periods';
import { addCounters, scorecardOf, zeroCounters } from './score';

/**
 * Reading scorecards: only counter items, never dossiers. A unit's scorecard is one query per
 * month of the period (its procedure rows); the city's and a procedure's the same over the
 * procedure partition; the by-unit table one query per unit and month, in parallel. A frozen
 * month is read from its published copy, and once more live to say the adjustments since.
 */

export interface CounterRow {
  readonly key: string;
  readonly label?: string;
  readonly counters: Counters;
}

export interface ScorecardReadPorts {
  readonly readCounterRows: (pk: string) => Promise<CounterRow[]>;
  readonly config: ScorecardConfig;
  /** When a month was frozen (absent: no month is ever frozen). */
  readonly frozenAt?: (month: string) => Promise<string | undefined>;
  /** The published copy of a counter partition. */
  readonly frozenPk?: (pk: string) => string;
  readonly readAdjustments?: (month: string, unitKey: string | undefined, limit: number) => Promise<Adjustment[]>;
}

type Merged = Map<string, { label?: string; counters: Counters }>;

function mergeByKey(rowsPerMonth: readonly CounterRow[][]): Merged {
  const merged: Merged = new Map();
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

interface PeriodRows {
  readonly published: Merged;
  readonly live: Merged;
  readonly frozen: { month: string; frozenAt: string }[];
}

/** The rows of one partition kind over the period's months: published (frozen copies) and live. */
async function periodRows(pkOf: (month: string) => string, period: Period, ports: ScorecardReadPorts): Promise<PeriodRows> {
  const perMonth = await Promise.all(
    period.months.map(async (month) => {
      const at = ports.frozenAt && ports.frozenPk ? await ports.frozenAt(month) : undefined;
      const live = await ports.readCounterRows(pkOf(month));
      const published = at !== undefined ? await ports.readCounterRows(ports.frozenPk!(pkOf(month))) : live;
      return { month, at, live, published };
    }),
  );
  return {
    published: mergeByKey(perMonth.map((m) => m.published)),
    live: mergeByKey(perMonth.map((m) => m.live)),
    frozen: perMonth.filter((m) => m.at !== undefined).map((m) => ({ month: m.month, frozenAt: m.at! })),
  };
}

function cardOf(scope: Scorecard['scope'], period: Period, procedures: Counters[], config: ScorecardConfig): Scorecard {
  const totals = procedures.reduce((sum, p) => addCounters(sum, p), zeroCounters());
  return scorecardOf({ scope, period: { kind: period.kind, label: period.label, months: [...period.months] }, totals, procedures }, config);
}

async function cardWithPublication(
  scope: Scorecard['scope'],
  period: Period,
  rows: PeriodRows,
  pick: (key: string) => boolean,
  ports: ScorecardReadPorts,
): Promise<Scorecard> {
  const of = (merged: Merged) => [...merged.entries()].filter(([key]) => pick(key)).map(([, p]) => p.counters);
  const published = cardOf(scope, period, of(rows.published), ports.config);
  if (!ports.frozenAt) return published;
  if (rows.frozen.length === 0) return { ...published, publication: { status: 'live', frozenMonths: [], adjustments: { score: 0, counters: {}, dossiers: [] } } };
  const live = cardOf(scope, period, of(rows.live), ports.config);
  const counters = Object.fromEntries(
    Object.entries(live.counters)
      .map(([name, value]) => [name, value - (published.counters[name] ?? 0)] as const)
      .filter(([, diff]) => diff !== 0),
  );
  const unit = scope.kind === 'unit' ? (scope.code ?? undefined) : undefined;
  const adjusted = ports.readAdjustments ? (await Promise.all(rows.frozen.map((f) => ports.readAdjustments!(f.month, unit, 50)))).flat() : [];
  const dossiers = [...new Set(adjusted.filter((a) => scope.kind !== 'procedure' || a.procedureCode === scope.code).map((a) => a.dossierCode))].slice(0, 50);
  return {
    ...published,
    publication: {
      status: rows.frozen.length === period.months.length ? 'frozen' : 'partly_frozen',
      frozenMonths: rows.frozen,
      adjustments: { score: Math.round((live.score - published.score) * 100) / 100, counters, dossiers },
    },
  };
}

export async function unitScorecard(unitKey: string, period: Period, ports: ScorecardReadPorts): Promise<Scorecard> {
  const rows = await periodRows((m) => bucketKeys.unitProcedureMonth(unitKey, m), period, ports);
  return cardWithPublication({ kind: 'unit', code: unitKey }, period, rows, () => true, ports);
}

export async function cityScorecard(period: Period, ports: ScorecardReadPorts): Promise<Scorecard> {
  const rows = await periodRows(bucketKeys.procedureMonth, period, ports);
  return cardWithPublication({ kind: 'city', code: null }, period, rows, () => true, ports);
}

export async function procedureScorecard(procedureCode: string, period: Period, ports: ScorecardReadPorts): Promise<Scorecard> {
  const rows = await periodRows(bucketKeys.procedureMonth, period, ports);
  return cardWithPublication({ kind: 'procedure', code: procedureCode }, period, rows, (key) => key === procedureCode, ports);
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
  // Units of the published figures and of the live ones (a unit first seen in a late correction too).
  const rows = await periodRows(bucketKeys.unitMonth, period, ports);
  const unitRows = new Map([...rows.live, ...rows.published]);
  const units = [...unitRows.entries()];
  // The table shows published figures; adjustments are on each unit's scorecard.
  const tablePorts: ScorecardReadPorts = { ...ports, readAdjustments: undefined };
  const cards = await bounded(units, 16, ([unitKey]) => unitScorecard(unitKey, period, tablePorts));
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
