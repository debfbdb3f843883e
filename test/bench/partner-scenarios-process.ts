import { startPrivateTwin } from './private-twin';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { percentile } from './stats';

/*
 * Partner scenarios measured on a private twin in its own process (started by
 * partner-scenarios.ts; the bench process holds mocked SDK clients that must not leak in):
 * - identity verification latency with the population-DB simulator at 0 ms and at 200 ms, and the
 *   latency of a 503 while the circuit is open;
 * - a portal backlog drain: N dossiers × M updates queued while the portal is down, then up.
 * Prints one line: `<marker><JSON>`.
 */

const marker = process.argv[2] ?? 'PARTNER_SCENARIOS ';
const dossiers = Number(process.env.BENCH_BACKLOG_DOSSIERS ?? 40);
const updatesPerDossier = Number(process.env.BENCH_BACKLOG_UPDATES ?? 5);

process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
const { twin, dispose } = await startPrivateTwin('partners', {
  functionEnvironment: {
    IDENTITY_TIMEOUT_MS: '300',
    IDENTITY_BREAKER_RESET_MS: '60000',
    PORTAL_SYNC_BACKOFF_BASE_SECONDS: '1',
    PORTAL_SYNC_BACKOFF_MAX_SECONDS: '2',
  },
});
const auth = { authorization: `Bearer ${twin.apiKey}`, 'content-type': 'application/json' };
const sims = twin.simulators as Record<string, string>;
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function timeVerifications(count: number, citizen: Record<string, string>): Promise<{ p50: number; p99: number; mean: number; statuses: Record<string, number> }> {
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await post(
      `${twin.gatewayUrl}/v1/citizens/verifications`,
      { personalId: citizen.personalId, fullName: citizen.fullName, dateOfBirth: citizen.dateOfBirth, purpose: { code: 'BENCH', text: 'bench' }, officerId: 'bench' },
      auth,
    );
    await response.arrayBuffer();
    times.push(performance.now() - started);
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  }
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return { p50: percentile(times, 50), p99: percentile(times, 99), mean, statuses };
}

/** Fails verifications until the breaker answers at once (its window still holds the warm-up successes). */
async function driveUntilOpen(citizen: Record<string, string>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const response = await post(
      `${twin.gatewayUrl}/v1/citizens/verifications`,
      { personalId: citizen.personalId, fullName: citizen.fullName, dateOfBirth: citizen.dateOfBirth, purpose: { code: 'BENCH', text: 'bench' }, officerId: 'bench' },
      auth,
    );
    const body = (await response.json()) as { detail?: string };
    if (body.detail?.includes('not calling it')) return;
  }
  throw new Error('the circuit never opened');
}

async function identityLatency() {
  const sample = (await (await fetch(`${sims.identity}/_inspect/sample?count=10`)).json()) as { citizens: Record<string, string>[] };
  const citizen = sample.citizens.find((c) => c.dateOfBirth?.length === 10) ?? sample.citizens[0]!;
  await timeVerifications(20, citizen); // warm-up: cold start of the handler, keep-alive sockets
  const at0 = await timeVerifications(200, citizen);
  await post(`${sims.identity}/_faults`, { latencyMs: 200 });
  const at200 = await timeVerifications(50, citizen);
  await post(`${sims.identity}/_faults`, { latencyMs: 2000 }); // beyond the 300 ms timeout: failures open the breaker
  await driveUntilOpen(citizen);
  const open = await timeVerifications(100, citizen);
  await post(`${sims.identity}/_faults`, { latencyMs: 0 });
  return { at0, at200, open };
}

async function backlogDrain() {
  await post(`${sims.portal}/_faults`, { down: true });
  const codes = Array.from({ length: dossiers }, (_, i) => `H29-BENCH-${String(i).padStart(4, '0')}`);
  for (let version = 1; version <= updatesPerDossier; version++) {
    await Promise.all(
      codes.map((code) =>
        fetch(`${twin.gatewayUrl}/v1/dossiers/${code}`, {
          method: 'PUT',
          headers: auth,
          body: JSON.stringify(sampleDossier({ version, summary: `phiên bản ${version}` })),
        }).then((r) => r.arrayBuffer()),
      ),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 3000)); // the outage lasts a while
  const failedDuringOutage = ((await (await fetch(`${sims.portal}/_inspect/calls`)).json()) as { calls: { outcome: string }[] }).calls.length;
  const started = performance.now();
  await post(`${sims.portal}/_faults`, { down: false });
  const pending = new Set(codes);
  const deadline = Date.now() + 120_000;
  while (pending.size > 0 && Date.now() < deadline) {
    for (const code of [...pending]) {
      const view = (await (await fetch(`${twin.gatewayUrl}/v1/dossiers/${code}`, { headers: auth })).json()) as { sync: { portal: { ackVersion: number | null } } };
      if (view.sync.portal.ackVersion === updatesPerDossier) pending.delete(code);
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const drainSeconds = (performance.now() - started) / 1000;
  let pushes = 0;
  let regressions = 0;
  let lost = 0;
  for (const code of codes) {
    const view = (await (await fetch(`${sims.portal}/_inspect/dossiers/${code}`)).json()) as { received?: { TrichYeuHoSo: string }[]; dossier?: { TrichYeuHoSo: string } };
    const arrivals = (view.received ?? []).map((d) => Number(d.TrichYeuHoSo.replace('phiên bản ', '')));
    pushes += arrivals.length;
    regressions += arrivals.filter((v, i) => i > 0 && v < arrivals[i - 1]!).length;
    if (view.dossier?.TrichYeuHoSo !== `phiên bản ${updatesPerDossier}`) lost++;
  }
  const updates = dossiers * updatesPerDossier;
  return { dossiers, updatesPerDossier, updates, pushes, pushesPerUpdate: pushes / updates, drainSeconds, notDrained: pending.size, regressions, lost, callsDuringOutage: failedDuringOutage };
}

try {
  const identity = await identityLatency();
  const backlog = await backlogDrain();
  process.stdout.write(`${marker}${JSON.stringify({ identity, backlog })}\n`);
} finally {
  await dispose();
}
process.exit(0);
