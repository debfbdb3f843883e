import type { LedgerEntry } from '../ledger/ledger-record';

/**
 * A partner's health from its ledger records: every exchange is there with its outcome and
 * duration. Error rate = records not `ok` / all records; `rejected` inbound records (a caller's
 * bad signature) are the caller's fault, not the partner's, and do not count against it.
 */

export type HealthState = 'up' | 'degraded' | 'down' | 'idle' | 'unknown';

export interface PartnerFigures {
  readonly lastSuccessAt: string | null;
  readonly lastFailureAt: string | null;
  readonly errorRate5m: number | null;
  readonly errorRate60m: number | null;
  readonly calls5m: number | null;
  readonly calls60m: number | null;
  readonly latencyP50Ms: number | null;
  readonly latencyP99Ms: number | null;
  readonly topErrors: { code: string; count: number }[];
  readonly state: HealthState;
  readonly unknownReason: string | null;
}

/**
 * What is shown for a partner whose ledger records could not be read: nothing measured is made
 * up (no zero rates, no `idle`), the state says `unknown` and the reason names what failed.
 */
export function unknownFigures(reason: string): PartnerFigures {
  return {
    lastSuccessAt: null,
    lastFailureAt: null,
    errorRate5m: null,
    errorRate60m: null,
    calls5m: null,
    calls60m: null,
    latencyP50Ms: null,
    latencyP99Ms: null,
    topErrors: [],
    state: 'unknown',
    unknownReason: reason,
  };
}

type Exchange = Pick<LedgerEntry, 'direction' | 'outcome' | 'durationMs' | 'at' | 'errorCode' | 'httpStatus'>;

/** Thresholds of the state shown to operators: the same as the partner error-rate alarm's. */
export const degradedAbove = 0.05;
export const downAbove = 0.5;

export function partnerFigures(records: readonly Exchange[], now: Date, lastSuccessBefore: string | null = null): PartnerFigures {
  const since5 = new Date(now.getTime() - 5 * 60_000).toISOString();
  const since60 = new Date(now.getTime() - 60 * 60_000).toISOString();
  const counted = records.filter((r) => r.at >= since60 && !(r.direction === 'inbound' && r.outcome === 'rejected'));
  const recent = counted.filter((r) => r.at >= since5);
  const failed = (r: Exchange) => r.outcome !== 'ok';
  const rate = (list: readonly Exchange[]) => (list.length === 0 ? null : list.filter(failed).length / list.length);
  const durations = counted.map((r) => r.durationMs).sort((a, b) => a - b);
  const errors = new Map<string, number>();
  for (const r of counted.filter(failed)) {
    const code = r.errorCode ?? (r.httpStatus ? `http-${r.httpStatus}` : 'unknown');
    errors.set(code, (errors.get(code) ?? 0) + 1);
  }
  const successes = records.filter((r) => r.outcome === 'ok').map((r) => r.at).sort();
  const failures = counted.filter(failed).map((r) => r.at).sort();
  const rate5 = rate(recent);
  // The last 5 minutes decide; with no traffic in them, the hour does.
  const deciding = rate5 ?? rate(counted);
  return {
    lastSuccessAt: successes.at(-1) ?? lastSuccessBefore,
    lastFailureAt: failures.at(-1) ?? null,
    errorRate5m: rate5,
    errorRate60m: rate(counted),
    calls5m: recent.length,
    calls60m: counted.length,
    latencyP50Ms: percentile(durations, 0.5),
    latencyP99Ms: percentile(durations, 0.99),
    topErrors: [...errors].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([code, count]) => ({ code, count })),
    state: deciding === null ? 'idle' : deciding > downAbove ? 'down' : deciding > degradedAbove ? 'degraded' : 'up',
    unknownReason: null,
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] ?? null;
}
