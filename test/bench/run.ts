import os from 'node:os';
import path from 'node:path';
import type { Bundle } from './bundles';
import { buildFunctionBundles, buildLoadDiagnostics, createWorkspace, repoRoot } from './bundles';
import type { LoadMeasurement, LoadTarget } from './module-load';
import { measureModuleLoad } from './module-load';
import type { BenchResults } from './report';
import { measurePartnerScenarios } from './partner-scenarios';
import { printReport, writeResults } from './report';
import { measureTwinThroughput } from './twin-throughput';
import { measureLedger } from './ledger';
import { parseArgs } from 'node:util';

/*
 * `npm run bench`: measures the DESIGN §11 budgets and prints one table. It is a report, not a
 * gate: a missed budget still exits 0; only a measurement that could not be taken exits non-zero
 * (and then results/latest.json keeps the last complete run). Sections run one after another so
 * none competes with another for the 2 cores.
 */

const resultsFile = path.join(repoRoot, 'test/bench/results/latest.json');
/**
 * `npm run bench -- --only ledger` runs one section (bundles, load, in-process, twin, partners,
 * ledger) and prints its rows; results/latest.json is only written by a full run.
 */
const { values: cli } = parseArgs({ options: { only: { type: 'string' } } });
const wanted = (name: string) => !cli.only || cli.only === name;
const loadAverageAtStart = os.loadavg()[0] ?? 0;
const failures: { section: string; message: string }[] = [];

async function section<T>(name: string, measure: () => Promise<T> | T): Promise<T | undefined> {
  const started = Date.now();
  console.error(`[bench] ${name}…`);
  try {
    const result = await measure();
    console.error(`[bench] ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`[bench] ${name} FAILED: ${message}`);
    failures.push({ section: name, message: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

let bundles: Bundle[] | undefined;
let moduleLoad: LoadMeasurement | undefined;
const workspace = wanted('bundles') || wanted('load') ? createWorkspace() : undefined;
if (workspace) {
  try {
    bundles = await section('bundles (esbuild, as deployed)', async () => {
      const built = await buildFunctionBundles(workspace.dir);
      for (const error of built.errors) failures.push({ section: 'bundles', message: error });
      return built.bundles;
    });

    if (wanted('load')) moduleLoad = await section('module load (fresh node per import)', async () => {
      if (!bundles?.length) throw new Error('no bundles to load');
      const put = bundles.find((b) => b.name === 'putDossier');
      if (!put) throw new Error('no putDossier bundle for the load diagnostics');
      const diagnostics = await buildLoadDiagnostics(workspace.dir, put);
      const targets: LoadTarget[] = [
        ...bundles.map((b) => ({ name: b.name, file: b.file, budgeted: b.budgeted, diagnostic: b.budgeted ? undefined : `${b.name} (middy + zod only)` })),
        { name: 'putDossier.sdk-bundled', file: diagnostics.sdkBundled.file, budgeted: false, diagnostic: `putDossier, SDK bundled in (${(diagnostics.sdkBundled.bytes / 1000).toFixed(0)} kB)` },
        {
          name: `putDossier.${diagnostics.otherFormat.format}-output`,
          file: diagnostics.otherFormat.file,
          budgeted: false,
          diagnostic: diagnostics.otherFormat.format === 'esm' ? 'putDossier as ESM (SDK import()ed)' : 'putDossier as CJS (SDK require()d)',
        },
        {
          name: 'putDossier.source-maps',
          file: diagnostics.withSourceMap.file,
          budgeted: false,
          diagnostic: 'putDossier + .map, NODE_OPTIONS=--enable-source-maps (as the stack sets it)',
          nodeOptions: '--enable-source-maps',
        },
        { name: 'sdk-only', file: diagnostics.sdkOnlyFile, budgeted: false, diagnostic: `its ${put.externalPackages.length} SDK packages alone (${put.format === 'cjs' ? 'require' : 'import'})` },
      ];
      return measureModuleLoad(targets, workspace.dir);
    });
  } finally {
    workspace.cleanup();
  }
}

// Imports the real handlers into this process with mocked clients; the twin below runs in its own process.
const inProcess = wanted('in-process') ? await section('in-process cost per request', async () => (await import('./in-process')).measureInProcess()) : undefined;
const twin = wanted('twin') ? await section('twin throughput (autocannon over loopback)', () => measureTwinThroughput()) : undefined;

const partners = wanted('partners') ? await section('partner scenarios (identity latency, portal backlog drain)', () => measurePartnerScenarios()) : undefined;
const ledger = wanted('ledger') ? await section('ledger (64 writers, sealing, verify)', () => measureLedger()) : undefined;

const results: BenchResults = { bundles, moduleLoad, inProcess, twin, partners, ledger, loadAverageAtStart, failures };
printReport(results);
if (cli.only) {
  console.log(`\nOnly the ${cli.only} section ran: ${path.relative(process.cwd(), resultsFile)} is written by a full run.`);
} else if (failures.length === 0) {
  writeResults(results, resultsFile);
  console.log(`\nResults written to ${path.relative(process.cwd(), resultsFile)}`);
} else {
  console.log(`\n${path.relative(process.cwd(), resultsFile)} left unchanged: ${failures.length} measurement(s) failed.`);
}
process.exitCode = failures.length === 0 ? 0 : 1;
