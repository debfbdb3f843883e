import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTwin } from '../../infra/local/twin';
import type { RoundTripBench } from './round-trips';
import { countingTwinEnvironment, countOperations } from './round-trips';

/*
 * Round trips per operation, on a private twin in its own process (started by round-trips.ts via
 * bench-process.ts): the bench process holds the in-process section's mocked SDK clients, which
 * must not leak in. Prints one line: `<marker><JSON RoundTripBench>`.
 */

const marker = process.argv[2] ?? 'ROUND_TRIPS ';
process.env.POWERTOOLS_LOG_LEVEL ??= 'INFO'; // production level: the price list bills the log bytes
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lienthong-bench-trips-'));
const twin = await startTwin({
  port: 0,
  dataDir,
  inMemory: true,
  region: 'ap-southeast-1',
  schedules: false,
  countRoundTrips: true,
  functionEnvironment: countingTwinEnvironment,
});
try {
  const first = await countOperations(twin, twin.apiKey, 'RT-FIRST');
  const steady = await countOperations(twin, twin.apiKey, 'RT-STEADY');
  const measured: RoundTripBench = { first, steady };
  process.stdout.write(`${marker}${JSON.stringify(measured)}\n`);
} finally {
  await twin.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
