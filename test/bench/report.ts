import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Bundle } from './bundles';
import type { InProcessMeasurement, PathTiming, Variant } from './in-process';
import { ownCostNote, perRequestFloorRatioBudget } from './in-process';
import type { ColdStartMeasurement } from './cold-start';
import { coldStartRows } from './cold-start';
import type { TracerCost } from './tracer-cost';
import type { InsightMeasurement } from './insight';
import type { LoadMeasurement } from './module-load';
import { loadBudgetMs } from './module-load';
import { round } from './stats';
import type { LedgerMeasurement } from './ledger';
import { ledgerRows } from './ledger';
import type { TwinMeasurement } from './twin-throughput';
import { twinBudget, twinMissNote as staticTwinMissNote } from './twin-throughput';
import type { OutageBench } from './outages';
import { outageRows } from './outages';
import type { PartnerScenarios } from './partner-scenarios';
import { partnerScenarioRows } from './partner-scenarios';
import { priceList } from './price-list';
import { dynamoCallsPerUpsert, printPriceList, printRoundTrips, priceRow, roundTripRows } from './round-trip-report';
import type { RoundTripBench } from './round-trips';

/** Everything one `npm run bench` measured; a section is absent when its measurement failed. */
export interface BenchResults {
  readonly bundles?: readonly Bundle[];
  readonly moduleLoad?: LoadMeasurement;
  /** First invocation and callgrind instruction counts of the loads (cold-start.ts). */
  readonly coldStart?: ColdStartMeasurement;
  /** What the Powertools Tracer would add to a function's cold start (tracer-cost.ts). */
  readonly tracer?: TracerCost;
  /** Keeping the scorecard current, and reading it at 10k / 100k dossiers (insight.ts; opt-in). */
  readonly insight?: InsightMeasurement;
  readonly inProcess?: InProcessMeasurement;
  readonly twin?: TwinMeasurement;
  /** Identity latency and the portal backlog drain (partner-scenarios.ts). */
  readonly partners?: PartnerScenarios;
  /** Portal and city outages of 1 minute, 1 hour and 1 day, time-scaled (outages.ts). */
  readonly outages?: OutageBench;
  readonly ledger?: LedgerMeasurement;
  /** DynamoDB and SQS calls per operation, and what the price list is computed from (round-trips.ts). */
  readonly roundTrips?: RoundTripBench;
  /** 1-minute load average before the bench started: other work on the box inflates every timing. */
  readonly loadAverageAtStart: number;
  readonly failures: readonly { readonly section: string; readonly message: string }[];
}

/**
 * One line of the table: what is measured (`budget`), the value, its limit, whether it is met and a
 * note — for a miss, the measured contributor. `met` is undefined for context rows without a limit.
 * Every section contributes its rows through one function in `rowSources` below: to add rows, add
 * a function there (or rows to an existing one); the table, the misses list and the JSON follow.
 */
export interface BudgetRow {
  readonly section: string;
  readonly budget: string;
  readonly measured: string;
  readonly limit: string;
  readonly met?: boolean;
  readonly note?: string;
}

type RowSource = (results: BenchResults) => BudgetRow[];

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const us = (value: number) => `${value.toFixed(value >= 100 ? 0 : 1)} µs`;
const usBare = (value: number) => value.toFixed(value >= 100 ? 0 : 1);

const variantLabel: Record<Variant, string> = {
  'client-mock': 'aws-sdk-client-mock',
  'plain-send': 'plain async send, no mock lib',
  'sdk-canned-http': 'real SDK stack, canned HTTP',
};

/** The sections' older row shape [what, value, budget, met as 'yes' | 'NO' | ''] as table rows. */
const fromTuples = (section: string, tuples: readonly [string, string, string, string][]): BudgetRow[] =>
  tuples.map(([budget, measured, limit, met]) => ({ section, budget, measured, limit, met: met === '' ? undefined : met === 'yes' }));

const bundleRows: RowSource = (results) =>
  (results.bundles ?? []).map((bundle) => {
    const met = bundle.budgeted ? bundle.bytes <= bundle.budgetBytes : undefined;
    const largest = bundle.largestInputs[0];
    return {
      section: 'bundle',
      budget: bundle.budgeted ? bundle.name : `${bundle.name} (middy + zod only)`,
      measured: `${kb(bundle.bytes)} (gzip ${kb(bundle.gzipBytes)})`,
      limit: bundle.budgeted ? `≤ ${kb(bundle.budgetBytes)}` : '—',
      met,
      note: met === false && largest ? `largest input: ${largest.origin} ${kb(largest.bytes)}` : undefined,
    };
  });

/**
 * For a missed load budget, the measured contributor: the SDK packages the bundle requires at run
 * time (the runtime's, external), or — for one that requires no SDK client, as the authorizer
 * since it signs its one GetItem itself — that the rest is its own code, with the callgrind rows
 * as the noise-free figure (a wall-clock miss on a busy machine is not a miss in instructions).
 */
function loadMissNote(load: LoadMeasurement, bundle: Bundle | undefined, loadAverage: number): string {
  const sdkOnly = load.results.find((r) => r.name === 'sdk-only');
  const sdk = bundle?.externalPackages.filter((p) => p.startsWith('@aws-sdk/')) ?? [];
  const clients = sdk.filter((p) => p.startsWith('@aws-sdk/client-') || p === '@aws-sdk/lib-dynamodb');
  if (bundle && clients.length === 0) {
    return `requires no SDK client (${sdk.length ? `only ${sdk.join(', ')}` : 'no SDK package'}): the time is its own ${kb(bundle.bytes)}; see its callgrind row (noise-free), load average ${loadAverage.toFixed(1)}`;
  }
  return sdkOnly ? `the @aws-sdk/* packages alone load in +${ms(sdkOnly.overBareMs)} (the runtime's, external); see the callgrind rows` : 'see the callgrind rows';
}
const loadRows: RowSource = ({ moduleLoad: load, bundles, loadAverageAtStart }) => {
  if (!load) return [];
  return [
    { section: 'module load', budget: `bare \`node -e 0\` (median of ${load.runs})`, measured: ms(load.bareMedianMs), limit: '—' },
    ...load.results.map((target) => {
      const met = target.budgeted ? target.overBareMs <= (target.budgetMs ?? loadBudgetMs) : undefined;
      return {
        section: 'module load',
        budget: target.diagnostic ?? target.name,
        measured: `+${ms(target.overBareMs)} (${ms(target.medianMs)} total)`,
        limit: target.budgeted ? `≤ +${ms(target.budgetMs ?? loadBudgetMs)}` : '—',
        met,
        note: met === false ? loadMissNote(load, bundles?.find((b) => b.name === target.name), loadAverageAtStart) : undefined,
      };
    }),
  ];
};

const coldStartRowsOf: RowSource = ({ coldStart, moduleLoad }) =>
  coldStart ? fromTuples('cold start', coldStartRows(coldStart, moduleLoad?.bareMedianMs)) : [];

const tracerRows: RowSource = ({ tracer }) => {
  if (!tracer) return [];
  const instructions = tracer.added.instructions === undefined ? '' : `, +${(tracer.added.instructions / 1e6).toFixed(0)} M instructions`;
  return [
    {
      section: 'tracer',
      budget: 'Powertools Tracer on putDossier (not deployed: X-Ray active tracing without it)',
      measured: `+${kb(tracer.added.bytes)}, +${ms(tracer.added.loadMs)} load${instructions}`,
      limit: '—',
      note: 'measured to decide; the API functions have no load budget to spare',
    },
  ];
};

// Issue 13: a scorecard read must not grow with the number of dossiers (p50 ratio 100k ÷ 10k).
const insightReadGrowthLimit = 2;
const insightRows: RowSource = ({ insight }) => {
  if (!insight) return [];
  return [
    ...insight.costs.map((c) => ({ section: 'insight', budget: `per update: ${c.case}`, measured: `${c.requests} DynamoDB requests, ${kb(c.bytesSent)} sent, ${ms(c.ms)}`, limit: '—' })),
    ...insight.readGrowth.map((g) => ({
      section: 'insight',
      budget: `read growth 10k → 100k dossiers: ${g.read}`,
      measured: `${g.p50Ratio.toFixed(2)}× p50`,
      limit: g.read.startsWith('at-risk') ? '— (a list of dossiers, capped at 1,000)' : `≤ ${insightReadGrowthLimit}×`,
      met: g.read.startsWith('at-risk') ? undefined : g.p50Ratio <= insightReadGrowthLimit,
    })),
  ];
};

const inProcessRows: RowSource = ({ inProcess }) => {
  if (!inProcess) return [];
  const { floor } = inProcess;
  const rows: BudgetRow[] = [
    {
      section: 'in-process',
      budget: `floor: parse + zod + stringify, ${inProcess.bodyBytes} B`,
      measured: `${us(floor.meanUs)} (p50 ${usBare(floor.p50Us)}, p99 ${usBare(floor.p99Us)})`,
      limit: '—',
    },
  ];
  const describe = (t: PathTiming) => `${us(t.meanUs)} (p50 ${usBare(t.p50Us)}, p99 ${usBare(t.p99Us)}; ${t.ratioToFloor.toFixed(1)}× floor)`;
  const mockSend = inProcess.singleSend['client-mock'];
  const plainSend = inProcess.singleSend['plain-send'];
  if (mockSend && plainSend) {
    rows.push({
      section: 'in-process',
      budget: 'one storage call alone (no handler): mock lib vs plain send',
      measured: `${us(mockSend.meanUs)} vs ${us(plainSend.meanUs)} (p50 ${usBare(mockSend.p50Us)} vs ${usBare(plainSend.p50Us)})`,
      limit: '—',
    });
  }
  for (const timing of inProcess.paths) {
    const budgeted = timing.variant === 'client-mock';
    const met = budgeted ? timing.ratioToFloor <= perRequestFloorRatioBudget[timing.path] : undefined;
    // A miss names what the mock library adds: the same path with plain sends, and one mocked call's cost.
    const plain = inProcess.paths.find((t) => t.path === timing.path && t.variant === 'plain-send');
    rows.push({
      section: 'in-process',
      budget: `${timing.path} mean, ${variantLabel[timing.variant]}`,
      measured: describe(timing),
      limit: budgeted ? `≤ ${perRequestFloorRatioBudget[timing.path]}× floor` : '—',
      met,
      note:
        met === false && plain && mockSend && plainSend
          ? `the mock library costs ${us(mockSend.meanUs)} a call (a plain send ${us(plainSend.meanUs)})` +
            (timing.callsPerRequest
              ? `; ${timing.callsPerRequest} call${timing.callsPerRequest === 1 ? '' : 's'} a request, so ${((timing.callsPerRequest * (mockSend.meanUs - plainSend.meanUs)) / floor.meanUs).toFixed(1)}× floor is the mock library's alone`
              : '') +
            `; with plain sends this path is ${plain.ratioToFloor.toFixed(1)}× floor${plain.ratioToFloor > perRequestFloorRatioBudget[timing.path] ? ` (${ownCostNote[timing.path]})` : ''}`
          : undefined,
    });
  }
  return rows;
};

const twinRows: RowSource = ({ twin, roundTrips }) => {
  if (!twin) return [];
  // With the round trips of the same run: the DynamoDB calls one upsert sets off, by function.
  const perUpsert = roundTrips && dynamoCallsPerUpsert(roundTrips);
  const twinMissNote = perUpsert ? `${staticTwinMissNote}; DynamoDB calls per upsert: ${perUpsert}` : staticTwinMissNote;
  const load = twin.loadAverage ? ` (load ${twin.loadAverage.before.toFixed(2)} before, ${twin.loadAverage.after.toFixed(2)} after)` : '';
  const rows: BudgetRow[] = [
    {
      section: 'twin',
      budget: `upserts/s, ${twin.connections} connections × ${twin.durationSeconds} s${load}`,
      measured: `${twin.upsertsPerSecond.toFixed(0)}/s (${twin.accepted} × 202)`,
      limit: `≥ ${twinBudget.upsertsPerSecond}/s`,
      met: twin.upsertsPerSecond >= twinBudget.upsertsPerSecond,
      note: twin.upsertsPerSecond >= twinBudget.upsertsPerSecond ? undefined : twinMissNote,
    },
    {
      section: 'twin',
      budget: 'latency p99',
      measured: `${ms(twin.latencyMs.p99)} (p50 ${ms(twin.latencyMs.p50)}, max ${ms(twin.latencyMs.max)})`,
      limit: `< ${ms(twinBudget.p99Ms)}`,
      met: twin.latencyMs.p99 < twinBudget.p99Ms,
      note: twin.latencyMs.p99 < twinBudget.p99Ms ? undefined : twinMissNote,
    },
  ];
  if (twin.cpuMsPerUpsert !== undefined) {
    const limit = (2 * 1000) / twinBudget.upsertsPerSecond;
    rows.push({
      section: 'twin',
      budget:
        process.env.BENCH_TWIN_BACKGROUND === 'race'
          ? 'CPU per upsert, whole twin (all threads; queue workers running in the window)'
          : 'CPU per upsert, whole twin (all threads; the API path — its queued consequences wait, as on separate Lambda capacity)',
      measured: `${twin.cpuMsPerUpsert.toFixed(2)} ms`,
      limit: `≤ ${limit.toFixed(1)} ms (2 cores ÷ ${twinBudget.upsertsPerSecond}/s)`,
      met: twin.cpuMsPerUpsert <= limit,
      note: twin.cpuMsPerUpsert <= limit ? undefined : twinMissNote,
    });
  }
  if (twin.portalSyncBacklog !== undefined) {
    rows.push({
      section: 'twin',
      budget: 'portal-sync messages still queued when the load stopped',
      measured: `${twin.portalSyncBacklog} messages (one per upsert, warm-up included)`,
      limit: '—',
    });
  }
  // The Lambda-like container pools: context for the numbers above (each container is a thread).
  for (const key of ['putDossier', 'authorizer', 'portalSync'] as const) {
    const pool = twin.containers?.[key];
    if (!pool) continue;
    rows.push({
      section: 'twin',
      budget: `${key} containers (peak), cold start, heap each`,
      measured: `${pool.peakContainers} for ${pool.invocations} invocations; cold start median ${ms(pool.coldStartMs.median)} (load ${ms(pool.initMs.median)}); ${pool.heapUsedMb.toFixed(0)} MB`,
      limit: '—',
    });
  }
  rows.push({
    section: 'twin',
    budget: 'non-202 responses + errors',
    measured: `${twin.requests - twin.accepted} of ${twin.requests}; ${twin.errors} errors (${twin.timeouts} timeouts)`,
    limit: '0',
    met: twin.requests === twin.accepted && twin.errors === 0,
  });
  return rows;
};

const sections: readonly RowSource[] = [
  bundleRows,
  loadRows,
  coldStartRowsOf,
  tracerRows,
  inProcessRows,
  twinRows,
  ({ roundTrips }) => (roundTrips ? roundTripRows(roundTrips) : []),
  ({ roundTrips }) => (roundTrips ? [priceRow(priceList(roundTrips.steady))] : []),
  ({ ledger }) => (ledger ? fromTuples('ledger', ledgerRows(ledger)) : []),
  ({ partners }) => (partners ? fromTuples('partners', partnerScenarioRows(partners)) : []),
  ({ outages }) => (outages ? fromTuples('outages', outageRows(outages)) : []),
  insightRows,
  // A measurement that failed stays in the table as a miss, never silently absent.
  ({ failures }) => failures.map((f) => ({ section: f.section, budget: 'measurement', measured: 'FAILED', limit: 'measured', met: false, note: f.message.split('\n')[0] })),
];

/** Every row of the report, in table order. */
export function rowsOf(results: BenchResults): BudgetRow[] {
  return sections.flatMap((source) => source(results));
}

function table(rows: readonly BudgetRow[]): string {
  const header = ['section', 'budget', 'measured', 'limit', 'met?', 'note'];
  const cells = (r: BudgetRow) => [r.section, r.budget, r.measured, r.limit, r.met === undefined ? '' : r.met ? 'yes' : 'NO', r.note ?? ''];
  const all = [header, ...rows.map(cells)];
  const widths = header.map((_, i) => Math.max(...all.map((c) => [...(c[i] ?? '')].length)));
  const pad = (text: string, w: number) => text + ' '.repeat(Math.max(0, w - [...text].length));
  const line = (c: string[]) => c.map((text, i) => (i === c.length - 1 ? text : pad(text, widths[i] ?? 0))).join('  ').trimEnd();
  const rule = '-'.repeat(Math.min(200, widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 8)));
  return [line(header), rule, ...all.slice(1).map(line)].join('\n');
}

export function printReport(results: BenchResults): void {
  const rows = rowsOf(results);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const cores = os.cpus().length;
  console.log(`\nLienthong bench — node ${process.version}, ${cores} × ${cpu}, load average ${results.loadAverageAtStart.toFixed(2)} at start, ${new Date().toISOString()}\n`);
  console.log(table(rows));
  if (results.loadAverageAtStart > cores / 2) {
    console.log(`\nWARNING: the machine was already busy (load average ${results.loadAverageAtStart.toFixed(2)} on ${cores} cores) — timings are pessimistic; rerun on a quiet machine before acting on them.`);
  }

  if (results.roundTrips) printRoundTrips(results.roundTrips);
  if (results.roundTrips) printPriceList(priceList(results.roundTrips.steady));

  const missed = rows.filter((r) => r.met === false);
  console.log('');
  if (missed.length === 0) console.log('Every budget is met.');
  for (const row of missed) console.log(`BUDGET MISSED: ${row.section} ${row.budget}: ${row.measured}, limit ${row.limit}${row.note ? ` — ${row.note}` : ''}.`);

  const bundles = results.bundles?.filter((b) => b.budgeted) ?? [];
  if (bundles.length > 0) {
    console.log('\nLargest contributors per bundle (bytes in minified output):');
    for (const bundle of results.bundles ?? []) {
      console.log(`  ${bundle.name.padEnd(12)} ${bundle.largestInputs.map((i) => `${i.origin} ${kb(i.bytes)}`).join(', ')}; loads at run time: ${bundle.externalPackages.join(', ') || 'nothing'}`);
    }
  }
}

/**
 * The committed summary (test/bench/results/latest.json): rounded numbers only, so a diff between
 * two runs reads as a performance change. Written through a .tmp file (gitignored) and a rename,
 * so an interrupted run never leaves half a file.
 */
export function writeResults(results: BenchResults, file: string): void {
  const summary = {
    generatedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      platform: `${os.platform()} ${os.arch()}`,
      loadAverageAtStart: round(results.loadAverageAtStart, 2),
    },
    // Every row of the printed table, budgets and context alike; `met` absent on context rows.
    table: rowsOf(results),
    budgets: rowsOf(results).filter((r) => r.met !== undefined),
    roundTrips: results.roundTrips,
    priceList: results.roundTrips && priceList(results.roundTrips.steady),
    bundles: results.bundles?.map((b) => ({
      name: b.name,
      entry: b.entry,
      bytes: b.bytes,
      gzipBytes: b.gzipBytes,
      budgeted: b.budgeted,
      largestInputs: b.largestInputs,
      externalPackages: b.externalPackages,
    })),
    moduleLoad: results.moduleLoad && {
      warmups: results.moduleLoad.warmups,
      runs: results.moduleLoad.runs,
      bareMedianMs: round(results.moduleLoad.bareMedianMs),
      targets: results.moduleLoad.results.map((t) => ({ name: t.name, diagnostic: t.diagnostic, medianMs: round(t.medianMs), overBareMs: round(t.overBareMs), budgeted: t.budgeted })),
    },
    inProcess: results.inProcess && {
      warmup: results.inProcess.warmup,
      iterations: results.inProcess.iterations,
      bodyBytes: results.inProcess.bodyBytes,
      floor: roundTiming(results.inProcess.floor),
      paths: results.inProcess.paths.map((p) => ({ path: p.path, variant: p.variant, iterations: p.iterations, ...roundTiming(p), ratioToFloor: round(p.ratioToFloor, 2) })),
      singleSend: Object.fromEntries(Object.entries(results.inProcess.singleSend).map(([variant, timing]) => [variant, roundTiming(timing)])),
    },
    twin: results.twin && {
      ...results.twin,
      upsertsPerSecond: round(results.twin.upsertsPerSecond),
      latencyMs: Object.fromEntries(Object.entries(results.twin.latencyMs).map(([k, v]) => [k, round(v, 2)])),
    },
  };
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(summary, null, 2)}\n`);
  renameSync(temporary, file);
}

function roundTiming(t: { meanUs: number; p50Us: number; p99Us: number }) {
  return { meanUs: round(t.meanUs), p50Us: round(t.p50Us), p99Us: round(t.p99Us) };
}
