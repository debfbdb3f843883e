import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTwin } from '../../infra/local/twin';
import type { FunctionKey } from '../../infra/topology/functions';
import { functionDefinitions } from '../../infra/topology/functions';

/*
 * The twin under load, alone in its own process (started by twin-throughput.ts). Two reasons:
 * - on 2 cores the load generator must not share the twin's event loop, or the bench would
 *   measure autocannon and the twin fighting over one core;
 * - the functions keep per-process state (memoised SDK clients, resolved queue URLs, and in the
 *   bench process the in-process section's mocks), which must not leak into the twin.
 * Protocol: one stdout line `<marker>{"gatewayUrl","apiKey","sqsEndpoint","portalSyncQueueUrl"}` when ready; closing stdin (or
 * SIGTERM) prints `<marker>stats {<function>: PoolStats}`, stops the twin, removes its data dir and exits.
 */

const marker = process.argv[2];
if (!marker) throw new Error('usage: twin-process.ts <ready-marker>');

process.env.POWERTOOLS_LOG_LEVEL ??= 'INFO'; // production level: the twin's log lines are part of its cost
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lienthong-bench-twin-'));
// Pre-warmed like `npm start`: one container per API function before the first request.
// LIENTHONG_API_CONCURRENCY, as for `npm start`: the most containers per API function. The bench
// defaults to one per core: every container is a V8 isolate with its own JIT and caches, and on
// 2 cores 8 of them cost ~30% more CPU per upsert than 2 (measured 2026-11-30, 14.0–14.4 vs
// 9.8–11.2 ms, alternating runs at load 8–10). AWS would add containers instead of queueing the
// rest; here the wait is in the measured latency.
const apiConcurrency = process.env.LIENTHONG_API_CONCURRENCY ? Number(process.env.LIENTHONG_API_CONCURRENCY) : os.availableParallelism();
const twin = await startTwin({ port: 0, dataDir, inMemory: true, region: 'ap-southeast-1', schedules: false, prewarm: true, apiConcurrency });
process.stdout.write(
  `${marker}${JSON.stringify({ gatewayUrl: twin.gatewayUrl, apiKey: twin.apiKey, sqsEndpoint: twin.sqsEndpoint, portalSyncQueueUrl: twin.queueUrls.portalSync.main })}\n`,
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  try {
    // How the functions' pools scaled under the load: one line, read by twin-throughput.ts.
    process.stdout.write(`${marker}stats ${JSON.stringify(twin.runtime.stats())}\n`);
    await twin.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }
}
// A line "mappings off" / "mappings on" disables / enables the queue workers' event-source
// mappings and answers `<marker>mappings` when done.
// A line "cpu" on stdin asks for the process's CPU time so far (every thread: gateway, containers,
// embedded DynamoDB and SQS, simulators); twin-throughput.ts takes it before and after the load.
let pending = '';
process.stdin.on('data', (chunk: Buffer) => {
  pending += chunk.toString('utf8');
  let newline: number;
  while ((newline = pending.indexOf('\n')) >= 0) {
    const command = pending.slice(0, newline).trim();
    pending = pending.slice(newline + 1);
    if (command === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.stdout.write(`${marker}cpu ${JSON.stringify({ ms: (user + system) / 1000 })}\n`);
    } else if (command === 'mappings off' || command === 'mappings on') {
      // The queue workers' event-source mappings, disabled around the measured window (twin-throughput.ts).
      void twin.setEventSourceMappings(command === 'mappings on').then(() => process.stdout.write(`${marker}mappings\n`));
    }
  }
});
process.stdin.on('end', () => void stop());
process.stdin.on('error', () => void stop());
process.on('SIGTERM', () => void stop());
process.stdin.resume();
