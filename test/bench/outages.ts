import { runBenchProcess } from './bench-process';
import { round } from './stats';

/**
 * The time scale of the outage bench. Outage lengths and the retry schedules (portal backoff
 * 5 s … 11 h, the city's 5 s … 11 h schedule) are divided by `factor`: one day lasts 60 s, one hour
 * 2.5 s, one minute 42 ms (SQS delays are whole seconds, so no scaled delay is under 1 s). Work
 * arrives at a steady `arrivalsPerSecond` of bench time on top of a backlog waiting at the start.
 * Recovery is NOT scaled: the probe interval (production default 20 s), the release and the
 * drain run in real time, because none of them depends on how long the outage lasted — so drain
 * start and drain time compare directly with the 60 s target.
 */
export const outageScale = {
  factor: 1440,
  probeIntervalSeconds: Number(process.env.BENCH_OUTAGE_PROBE_SECONDS ?? 20),
  backlogAtStart: 20,
  arrivalsPerSecond: 4,
  /** The simulators' quotas (429 above), given to the gateway as the partners' quotas (it paces at 80 % of them). */
  portalQuotaPerSecond: 10,
  cityQuotaPerSecond: 20,
  drainDeadlineSeconds: 180,
  /** PARTNER_HEALTH_CACHE_MS at its default: how long a container may still act on "up". */
  healthCacheMs: 1000,
} as const;

export interface OutageResult {
  readonly partner: 'portal' | 'city';
  readonly outage: string;
  readonly scaledOutageSeconds: number;
  readonly items: number;
  /** Calls made before the partner was marked down (the attempts that discovered the outage). */
  readonly discoveryCalls: number;
  readonly probesDuringOutage: number;
  readonly callsDuringOutage: number;
  readonly drainStartSeconds?: number;
  readonly drainedSeconds?: number;
  readonly drainCalls: number;
  readonly drain429s: number;
  /** The portal's 429s of the drain by service (login, DongBoHoSoMC, …): which calls ran over the quota. */
  readonly drain429sBy?: Readonly<Record<string, number>>;
  readonly lost: number;
  readonly deadLettered: number;
  readonly stillParked: number;
  readonly paceAfter?: number;
  /** Writes to the partner's shared record over the whole scenario, against every partner call. */
  readonly sharedStateWrites: number;
  readonly callsTotal: number;
}

export interface OutageBench {
  readonly results: readonly OutageResult[];
  /** The rejected alternative: a token-bucket item written on every call, 10 clients on one key. */
  readonly tokenBucket: { readonly takesPerSecond: number; readonly conflictsPerTake: number; readonly writesPerCall: number };
}

/** Runs outages-process.ts in its own process and reads its one result line. */
export async function measureOutages(): Promise<OutageBench> {
  return runBenchProcess<OutageBench>('test/bench/outages-process.ts', 'outage bench');
}

/** Rows for the report: measurement, measured, target, met ('' for context rows). */
export function outageRows({ results, tokenBucket }: OutageBench): [string, string, string, string][] {
  const rows: [string, string, string, string][] = [];
  const writes = results.reduce((sum, r) => sum + r.sharedStateWrites, 0);
  const calls = results.reduce((sum, r) => sum + r.callsTotal, 0);
  rows.push(['shared partner state: writes per partner call (this design)', `${writes} writes for ${calls} calls = ${round(writes / Math.max(1, calls), 3)}`, '—', '']);
  rows.push([
    'token bucket written per call (rejected), 10 clients on one key',
    `${round(tokenBucket.takesPerSecond)} takes/s, ${round(tokenBucket.conflictsPerTake, 2)} conflicts per take (${round(tokenBucket.writesPerCall, 2)} writes per call)`,
    '—',
    '',
  ]);
  for (const r of results) {
    const name = `${r.partner}, ${r.outage} outage (${round(r.scaledOutageSeconds, 2)} s scaled, ${r.items} items)`;
    const start = r.drainStartSeconds;
    rows.push([`${name}: recovery → drain start`, start === undefined ? 'never' : `${round(start, 1)} s`, '≤ 60 s', start !== undefined && start <= 60 ? 'yes' : 'NO']);
    rows.push([
      `${name}: recovery → drained`,
      r.drainedSeconds === undefined ? 'not drained' : `${round(r.drainedSeconds, 1)} s (${r.drainCalls} calls, pace after: ${r.paceAfter === undefined ? 'the ceiling' : `${round(r.paceAfter, 1)}/s`})`,
      '—',
      '',
    ]);
    const allowed = r.probesDuringOutage + r.discoveryCalls;
    rows.push([
      `${name}: calls during the outage`,
      `${r.callsDuringOutage} (${r.discoveryCalls} discovering + ${r.probesDuringOutage} probes)`,
      `≤ ${allowed} (probes + discovering)`,
      r.callsDuringOutage <= allowed ? 'yes' : 'NO',
    ]);
    const share = r.drainCalls === 0 ? 0 : r.drain429s / r.drainCalls;
    // A miss names its contributor: which of the portal's calls ran over the quota.
    const by = Object.entries(r.drain429sBy ?? {}).map(([service, n]) => `${n} ${service}`);
    const measured = `${r.drain429s} of ${r.drainCalls} calls (${round(share * 100, 2)} %)${by.length > 0 ? `: ${by.join(', ')}` : ''}`;
    rows.push([`${name}: 429s during the drain`, measured, '≤ 1 %', share <= 0.01 ? 'yes' : 'NO']);
    rows.push([`${name}: lost / dead-lettered / still parked`, `${r.lost} / ${r.deadLettered} / ${r.stillParked}`, '0 / 0 / 0', r.lost + r.deadLettered + r.stillParked === 0 ? 'yes' : 'NO']);
  }
  return rows;
}
