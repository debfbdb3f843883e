import { startPrivateTwin } from './private-twin';
import type { RoundTripBench } from './round-trips';
import { countingTwinEnvironment, countOperations } from './round-trips';

/*
 * Round trips per operation, on a private twin in its own process (started by round-trips.ts via
 * bench-process.ts): the bench process holds the in-process section's mocked SDK clients, which
 * must not leak in. Prints one line: `<marker><JSON RoundTripBench>`.
 */

const marker = process.argv[2] ?? 'ROUND_TRIPS ';
process.env.POWERTOOLS_LOG_LEVEL ??= 'INFO'; // production level: the price list bills the log bytes
const { twin, dispose } = await startPrivateTwin('trips', {
  countRoundTrips: true,
  functionEnvironment: countingTwinEnvironment,
});
try {
  const first = await countOperations(twin, twin.apiKey, 'RT-FIRST');
  const steady = await countOperations(twin, twin.apiKey, 'RT-STEADY');
  const measured: RoundTripBench = { first, steady };
  process.stdout.write(`${marker}${JSON.stringify(measured)}\n`);
} finally {
  await dispose();
}
process.exit(0);
