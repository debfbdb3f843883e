import { runBenchProcess } from './bench-process';
import { round } from './stats';

export interface PartnerScenarios {
  readonly identity: {
    readonly at0: LatencyStats;
    readonly at200: LatencyStats;
    readonly open: LatencyStats;
  };
  readonly backlog: {
    readonly dossiers: number;
    readonly updatesPerDossier: number;
    readonly updates: number;
    readonly pushes: number;
    readonly pushesPerUpdate: number;
    readonly drainSeconds: number;
    readonly notDrained: number;
    readonly regressions: number;
    readonly lost: number;
    readonly callsDuringOutage: number;
  };
}

interface LatencyStats {
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly statuses: Record<string, number>;
}

/** Runs partner-scenarios-process.ts in its own process and reads its one result line. */
export async function measurePartnerScenarios(): Promise<PartnerScenarios> {
  return runBenchProcess<PartnerScenarios>('test/bench/partner-scenarios-process.ts', 'partner scenarios');
}

/** Rows for the report: measurement, value, budget, met. */
export function partnerScenarioRows(results: PartnerScenarios): [string, string, string, string][] {
  const ms = (s: LatencyStats) => `p50 ${round(s.p50)} ms, p99 ${round(s.p99)} ms (${Object.entries(s.statuses).map(([k, v]) => `${v}×${k}`).join(', ')})`;
  const b = results.backlog;
  return [
    ['verification, relay at 0 ms', ms(results.identity.at0), '—', ''],
    ['verification, relay at 200 ms', ms(results.identity.at200), '—', ''],
    ['503 while the circuit is open', ms(results.identity.open), 'no wait on timeouts', results.identity.open.p99 < 300 ? 'yes' : 'NO'],
    [`backlog: ${b.dossiers} dossiers × ${b.updatesPerDossier} updates`, `${b.pushes} DongBoHoSoMC for ${b.updates} updates = ${round(b.pushesPerUpdate, 3)} per update`, '< 1', b.pushesPerUpdate < 1 ? 'yes' : 'NO'],
    ['backlog drain time after the portal returns', `${round(b.drainSeconds)} s (${b.notDrained} not drained)`, '—', b.notDrained === 0 ? '' : 'NO'],
    ['backlog regressions / lost updates', `${b.regressions} / ${b.lost}`, '0 / 0', b.regressions === 0 && b.lost === 0 ? 'yes' : 'NO'],
    ['portal calls attempted during the outage', String(b.callsDuringOutage), '—', ''],
  ];
}
