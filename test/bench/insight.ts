import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runBenchProcess } from './bench-process';

/**
 * The shadow scorecard's costs (issue 13 item 9), measured by insight-process.ts in its own
 * process and twin: per snapshot update, DynamoDB round trips, bytes and time; scorecard read
 * latency at 10,000 and 100,000 dossiers, which must not grow with the number of dossiers (reads
 * touch counter items only). Standalone: `npx tsx test/bench/insight.ts` prints the tables and
 * writes test/bench/results/insight.json.
 */

export interface InsightUpdateCost {
  readonly case: string;
  readonly requests: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly bucketWrites: number;
  readonly ms: number;
}

export interface InsightRead {
  readonly dossiers: number;
  readonly read: string;
  readonly p50ms: number;
  readonly p99ms: number;
}

export interface InsightMeasurement {
  readonly costs: readonly InsightUpdateCost[];
  /** Dossiers put through the real updater before the first reads. */
  readonly seed: { readonly dossiers: number; readonly seconds: number; readonly perSecond: number };
  readonly reads: readonly InsightRead[];
  /** p50 at the larger count ÷ p50 at the smaller, per read (≈ 1: does not grow with dossiers). */
  readonly readGrowth: readonly { readonly read: string; readonly p50Ratio: number }[];
}

export async function measureInsight(): Promise<InsightMeasurement> {
  return runBenchProcess<InsightMeasurement>('test/bench/insight-process.ts', 'insight bench');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const results = await measureInsight();
  console.table(results.costs);
  console.log(`${results.seed.dossiers} dossiers through the updater in ${results.seed.seconds} s (${results.seed.perSecond}/s, embedded DynamoDB, one process)`);
  console.table(results.reads);
  console.table(results.readGrowth);
  mkdirSync(path.join('test', 'bench', 'results'), { recursive: true });
  writeFileSync(path.join('test', 'bench', 'results', 'insight.json'), `${JSON.stringify({ measuredAt: new Date().toISOString(), ...results }, null, 2)}\n`);
}
