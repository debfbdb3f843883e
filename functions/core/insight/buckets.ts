import type { CounterName } from '../../../contracts/insight/scorecard';
import type { Contribution } from './contribution';

/**
 * Where a contribution is added up: three counter items per dossier, whatever the number of
 * dossiers — the unit's month (the by-unit table), the unit's procedure month (the procedure
 * shares of the unit's score) and the procedure's month (per-procedure scorecards). Quarters and
 * years are read as the sum of their months.
 */
export interface BucketKey {
  readonly pk: string;
  readonly sk: string;
}

export interface BucketDelta extends BucketKey {
  readonly delta: Partial<Record<CounterName, number>>;
  /** Label kept on the item (the unit's name) for tables. */
  readonly label?: string;
}

export const bucketKeys = {
  unitMonth: (month: string) => `SCORE#UNIT#${month}`,
  unitProcedureMonth: (unitKey: string, month: string) => `SCORE#UNITPROC#${unitKey}#${month}`,
  procedureMonth: (month: string) => `SCORE#PROC#${month}`,
};

type Placed = Pick<Contribution, 'month' | 'unitKey' | 'unitName' | 'procedureCode' | 'counters'>;

function bucketsOf(c: Placed): BucketKey[] {
  return [
    { pk: bucketKeys.unitMonth(c.month), sk: c.unitKey },
    { pk: bucketKeys.unitProcedureMonth(c.unitKey, c.month), sk: c.procedureCode },
    { pk: bucketKeys.procedureMonth(c.month), sk: c.procedureCode },
  ];
}

/**
 * What replacing `before` by `after` changes in each bucket: the old contribution subtracted, the
 * new one added; buckets whose counters do not move are left out (a resend writes nothing).
 */
export function bucketDeltas(before: Placed | undefined, after: Placed): BucketDelta[] {
  const deltas = new Map<string, { key: BucketKey; delta: Partial<Record<CounterName, number>>; label?: string }>();
  const apply = (c: Placed, sign: 1 | -1) => {
    bucketsOf(c).forEach((key, index) => {
      const id = `${key.pk}\u0000${key.sk}`;
      const entry = deltas.get(id) ?? { key, delta: {}, ...(index === 0 ? { label: c.unitName } : {}) };
      for (const [name, value] of Object.entries(c.counters) as [CounterName, number][]) {
        entry.delta[name] = (entry.delta[name] ?? 0) + sign * value;
      }
      deltas.set(id, entry);
    });
  };
  if (before) apply(before, -1);
  apply(after, 1);
  const result: BucketDelta[] = [];
  for (const { key, delta, label } of deltas.values()) {
    const moved = Object.fromEntries(Object.entries(delta).filter(([, v]) => v !== 0)) as Partial<Record<CounterName, number>>;
    if (Object.keys(moved).length > 0) result.push({ ...key, delta: moved, ...(label !== undefined ? { label } : {}) });
  }
  return result;
}
