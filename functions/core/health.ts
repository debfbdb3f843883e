import type { HealthCheck, HealthReport } from '../../contracts/api/health';

export interface Probe {
  readonly name: string;
  readonly run: (signal: AbortSignal) => Promise<void>;
}

/**
 * Runs every probe in parallel, each bounded by its own timeout so one hung dependency cannot
 * hold the health endpoint (or the load balancer polling it) hostage.
 */
export async function checkHealth(probes: readonly Probe[], timeoutMs: number, now: () => Date): Promise<HealthReport> {
  const checks = await Promise.all(probes.map((probe) => runProbe(probe, timeoutMs)));
  return {
    status: checks.every((c) => c.status === 'pass') ? 'pass' : 'fail',
    checkedAt: now().toISOString(),
    cached: false,
    checks,
  };
}

async function runProbe(probe: Probe, timeoutMs: number): Promise<HealthCheck> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    await Promise.race([probe.run(controller.signal), timeout]);
    return { name: probe.name, status: 'pass', durationMs: elapsed(started) };
  } catch (error) {
    return { name: probe.name, status: 'fail', durationMs: elapsed(started), error: (error as Error).message.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;

/**
 * Serves a report from memory for a few seconds: health is polled often and each check costs
 * AWS API calls; a short cache bounds that cost without hiding an outage for long.
 */
export function cachedHealth(check: () => Promise<HealthReport>, ttlMs: number, clock: () => number = Date.now) {
  let last: { report: HealthReport; at: number } | undefined;
  let inFlight: Promise<HealthReport> | undefined;
  return async (): Promise<HealthReport> => {
    if (last && clock() - last.at < ttlMs) return { ...last.report, cached: true };
    inFlight ??= check().finally(() => {
      inFlight = undefined;
    });
    const report = await inFlight;
    last = { report, at: clock() };
    return report;
  };
}
