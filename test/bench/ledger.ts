import { runBenchProcess } from './bench-process';
import { round } from './stats';

export interface LedgerMeasurement {
  readonly appends: {
    readonly writers: number;
    readonly appends: number;
    readonly stored: number;
    readonly lost: number;
    readonly perSecond: number;
    readonly p50: number;
    readonly p99: number;
    readonly baselinePerSecond: number;
    readonly baselineP99: number;
  };
  readonly seal: { readonly records: number; readonly seconds: number };
  readonly verify: { readonly records: number; readonly trees: number; readonly findings: number; readonly seconds: number };
}

/** Runs ledger-process.ts in its own process (its own twin) and reads its one result line. */
export async function measureLedger(): Promise<LedgerMeasurement> {
  return runBenchProcess<LedgerMeasurement>('test/bench/ledger-process.ts', 'ledger bench');
}

/** Rows for the report: measurement, value, budget, met ('' when there is no budget). */
export function ledgerRows(results: LedgerMeasurement): [string, string, string, string][] {
  const a = results.appends;
  return [
    [
      `appends, ${a.writers} concurrent writers`,
      `${round(a.perSecond)}/s, p50 ${round(a.p50)} ms, p99 ${round(a.p99)} ms (bare PutItem baseline: ${round(a.baselinePerSecond)}/s, p99 ${round(a.baselineP99)} ms)`,
      '—',
      '',
    ],
    ['appends lost / stored', `${a.lost} lost, ${a.stored} of ${a.appends} stored`, `0 lost, all stored`, a.lost === 0 && a.stored === a.appends ? 'yes' : 'NO'],
    [`seal ${results.seal.records} records (one tree)`, `${round(results.seal.seconds, 2)} s`, '< 60 s (one interval)', results.seal.seconds < 60 ? 'yes' : 'NO'],
    [
      `verify ${results.verify.records} sealed records (${results.verify.trees} trees)`,
      `${round(results.verify.seconds, 1)} s, ${results.verify.findings} findings`,
      '—',
      results.verify.findings === 0 ? '' : 'NO',
    ],
  ];
}
