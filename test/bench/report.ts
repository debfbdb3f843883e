import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Bundle } from './bundles';
import type { InProcessMeasurement, PathTiming, Variant } from './in-process';
import { perRequestFloorRatioBudget } from './in-process';
import type { ColdStartMeasurement } from './cold-start';
import { coldStartRows } from './cold-start';
import type { LoadMeasurement } from './module-load';
import { loadBudgetMs } from './module-load';
import { round } from './stats';
import type { LedgerMeasurement } from './ledger';
import { ledgerRows } from './ledger';
import type { TwinMeasurement } from './twin-throughput';
import { twinBudget } from './twin-throughput';
import type { OutageBench } from './outages';
import { outageRows } from './outages';
import type { PartnerScenarios } from './partner-scenarios';
import { partnerScenarioRows } from './partner-scenarios';

/** Everything one `npm run bench` measured; a section is absent when its measurement failed. */
export interface BenchResults {
  readonly bundles?: readonly Bundle[];
  readonly moduleLoad?: LoadMeasurement;
  /** First invocation and callgrind instruction counts of the loads (cold-start.ts). */
  readonly coldStart?: ColdStartMeasurement;
  readonly inProcess?: InProcessMeasurement;
  readonly twin?: TwinMeasurement;
  /** Identity latency and the portal backlog drain (partner-scenarios.ts). */
  readonly partners?: PartnerScenarios;
  /** Portal and city outages of 1 minute, 1 hour and 1 day, time-scaled (outages.ts). */
  readonly outages?: OutageBench;
  readonly ledger?: LedgerMeasurement;
  /** 1-minute load average before the bench started: other work on the box inflates every timing. */
  readonly loadAverageAtStart: number;
  readonly failures: readonly { readonly section: string; readonly message: string }[];
}

/** One line of the table. `met` is undefined for context rows that carry no budget. */
interface Row {
  readonly section: string;
  readonly what: string;
  readonly value: string;
  readonly budget: string;
  readonly met?: boolean;
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const us = (value: number) => `${value.toFixed(value >= 100 ? 0 : 1)} µs`;
const usBare = (value: number) => value.toFixed(value >= 100 ? 0 : 1);

const variantLabel: Record<Variant, string> = {
  'client-mock': 'aws-sdk-client-mock',
  'plain-send': 'plain async send, no mock lib',
  'sdk-canned-http': 'real SDK stack, canned HTTP',
};

function rowsOf(results: BenchResults): Row[] {
  const rows: Row[] = [];

  for (const bundle of results.bundles ?? []) {
    rows.push({
      section: 'bundle',
      what: bundle.budgeted ? bundle.name : `${bundle.name} (middy + zod only)`,
      value: `${kb(bundle.bytes)} (gzip ${kb(bundle.gzipBytes)})`,
      budget: bundle.budgeted ? `≤ ${kb(bundle.budgetBytes)}` : '—',
      met: bundle.budgeted ? bundle.bytes <= bundle.budgetBytes : undefined,
    });
  }

  const load = results.moduleLoad;
  if (load) {
    rows.push({ section: 'module load', what: `bare \`node -e 0\` (median of ${load.runs})`, value: ms(load.bareMedianMs), budget: '—' });
    for (const target of load.results) {
      rows.push({
        section: 'module load',
        what: target.diagnostic ?? target.name,
        value: `+${ms(target.overBareMs)} (${ms(target.medianMs)} total)`,
        budget: target.budgeted ? `≤ +${ms(target.budgetMs ?? loadBudgetMs)}` : '—',
        met: target.budgeted ? target.overBareMs <= (target.budgetMs ?? loadBudgetMs) : undefined,
      });
    }
  }

  if (results.coldStart) {
    for (const [what, value, budget, met] of coldStartRows(results.coldStart, results.moduleLoad?.bareMedianMs)) {
      rows.push({ section: 'cold start', what, value, budget, met: met === '' ? undefined : met === 'yes' });
    }
  }

  const inProcess = results.inProcess;
  if (inProcess) {
    const { floor } = inProcess;
    rows.push({
      section: 'in-process',
      what: `floor: parse + zod + stringify, ${inProcess.bodyBytes} B`,
      value: `${us(floor.meanUs)} (p50 ${usBare(floor.p50Us)}, p99 ${usBare(floor.p99Us)})`,
      budget: '—',
    });
    const describe = (t: PathTiming) => `${us(t.meanUs)} (p50 ${usBare(t.p50Us)}, p99 ${usBare(t.p99Us)}; ${t.ratioToFloor.toFixed(1)}× floor)`;
    const mockSend = inProcess.singleSend['client-mock'];
    const plainSend = inProcess.singleSend['plain-send'];
    if (mockSend && plainSend) {
      rows.push({
        section: 'in-process',
        what: 'one storage call alone (no handler): mock lib vs plain send',
        value: `${us(mockSend.meanUs)} vs ${us(plainSend.meanUs)} (p50 ${usBare(mockSend.p50Us)} vs ${usBare(plainSend.p50Us)})`,
        budget: '—',
      });
    }
    for (const timing of inProcess.paths) {
      const budgeted = timing.variant === 'client-mock';
      rows.push({
        section: 'in-process',
        what: `${timing.path} mean, ${variantLabel[timing.variant]}`,
        value: describe(timing),
        budget: budgeted ? `≤ ${perRequestFloorRatioBudget[timing.path]}× floor` : '—',
        met: budgeted ? timing.ratioToFloor <= perRequestFloorRatioBudget[timing.path] : undefined,
      });
    }
  }

  const twin = results.twin;
  if (twin) {
    rows.push({
      section: 'twin',
      what: `upserts/s, ${twin.connections} connections × ${twin.durationSeconds} s`,
      value: `${twin.upsertsPerSecond.toFixed(0)}/s (${twin.accepted} × 202)`,
      budget: `≥ ${twinBudget.upsertsPerSecond}/s`,
      met: twin.upsertsPerSecond >= twinBudget.upsertsPerSecond,
    });
    rows.push({
      section: 'twin',
      what: 'latency p99',
      value: `${ms(twin.latencyMs.p99)} (p50 ${ms(twin.latencyMs.p50)}, max ${ms(twin.latencyMs.max)})`,
      budget: `< ${ms(twinBudget.p99Ms)}`,
      met: twin.latencyMs.p99 < twinBudget.p99Ms,
    });
    if (twin.portalSyncBacklog !== undefined) {
      rows.push({
        section: 'twin',
        what: 'portal-sync messages still queued when the load stopped',
        value: `${twin.portalSyncBacklog} messages (one per upsert, warm-up included)`,
        budget: '—',
      });
    }
    // The Lambda-like container pools: context for the numbers above (each container is a thread).
    for (const key of ['putDossier', 'authorizer', 'portalSync'] as const) {
      const pool = twin.containers?.[key];
      if (!pool) continue;
      rows.push({
        section: 'twin',
        what: `${key} containers (peak), cold start, heap each`,
        value: `${pool.peakContainers} for ${pool.invocations} invocations; cold start median ${ms(pool.coldStartMs.median)} (load ${ms(pool.initMs.median)}); ${pool.heapUsedMb.toFixed(0)} MB`,
        budget: '—',
      });
    }
    rows.push({
      section: 'twin',
      what: 'non-202 responses + errors',
      value: `${twin.requests - twin.accepted} of ${twin.requests}; ${twin.errors} errors (${twin.timeouts} timeouts)`,
      budget: '0',
      met: twin.requests === twin.accepted && twin.errors === 0,
    });
  }
  if (results.ledger) {
    for (const [what, value, budget, met] of ledgerRows(results.ledger)) {
      rows.push({ section: 'ledger', what, value, budget, met: met === '' ? undefined : met === 'yes' });
    }
  }
  if (results.partners) {
    for (const [what, value, budget, met] of partnerScenarioRows(results.partners)) {
      rows.push({ section: 'partners', what, value, budget, met: met === '' ? undefined : met === 'yes' });
    }
  }
  if (results.outages) {
    for (const [what, value, budget, met] of outageRows(results.outages)) {
      rows.push({ section: 'outages', what, value, budget, met: met === '' ? undefined : met === 'yes' });
    }
  }
  return rows;
}

function table(rows: readonly Row[]): string {
  const header: Row = { section: 'section', what: 'measurement', value: 'measured', budget: 'budget' };
  const metText = (row: Row) => (row === header ? 'met?' : row.met === undefined ? '' : row.met ? 'yes' : 'NO');
  const all = [header, ...rows];
  const width = (pick: (r: Row) => string) => Math.max(...all.map((r) => [...pick(r)].length));
  const widths = [width((r) => r.section), width((r) => r.what), width((r) => r.value), width((r) => r.budget)];
  const pad = (text: string, w: number) => text + ' '.repeat(Math.max(0, w - [...text].length));
  const line = (r: Row) => [pad(r.section, widths[0] ?? 0), pad(r.what, widths[1] ?? 0), pad(r.value, widths[2] ?? 0), pad(r.budget, widths[3] ?? 0), metText(r)].join('  ').trimEnd();
  const rule = '-'.repeat(widths.reduce((sum, w) => sum + w + 2, 4));
  return [line(header), rule, ...rows.map(line)].join('\n');
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

  const missed = rows.filter((r) => r.met === false);
  console.log('');
  if (missed.length === 0 && results.failures.length === 0) console.log('Every budget is met.');
  for (const row of missed) console.log(`BUDGET MISSED: ${row.section} ${row.what}: ${row.value}, budget ${row.budget}.`);
  for (const failure of results.failures) console.log(`MEASUREMENT FAILED: ${failure.section}: ${failure.message}`);

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
    budgets: rowsOf(results)
      .filter((r) => r.met !== undefined)
      .map((r) => ({ measurement: `${r.section}: ${r.what}`, measured: r.value, budget: r.budget, met: r.met })),
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
