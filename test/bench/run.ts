import os from 'node:os';
import path from 'node:path';
import type { Bundle } from './bundles';
import { buildFunctionBundles, buildLoadDiagnostics, buildSdkBundled, coldStartBudgets, createWorkspace, kindOf, repoRoot } from './bundles';
import type { ColdStartMeasurement } from './cold-start';
import { measureFirstInvocation, measureInstructions, valgrindMissing } from './cold-start';
import type { LoadMeasurement, LoadTarget } from './module-load';
import { measureModuleLoad } from './module-load';
import type { BenchResults } from './report';
import { measureOutages } from './outages';
import { measurePartnerScenarios } from './partner-scenarios';
import { printReport, writeResults } from './report';
import { measureTwinThroughput } from './twin-throughput';
import { measureLedger } from './ledger';
import { measureRoundTrips } from './round-trips';
import { measureTracerCost } from './tracer-cost';
import { measureInsight } from './insight';

/*
 * `npm run bench`: measures the DESIGN §11 budgets and prints one table. It is a report, not a
 * gate: a missed budget still exits 0; only a measurement that could not be taken exits non-zero
 * (and then results/latest.json keeps the last complete run). Sections run one after another so
 * none competes with another for the 2 cores.
 *
 * `npm run bench -- --only outages` (or a comma list of bundles, load, in-process, twin, round-trips,
 * partners, outages, ledger) runs some sections alone; such a partial run prints its rows but leaves latest.json alone.
 */

const resultsFile = path.join(repoRoot, 'test/bench/results/latest.json');
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

const sectionNames = ['bundles', 'load', 'tracer', 'in-process', 'twin', 'round-trips', 'partners', 'outages', 'ledger', 'insight'] as const;
// The insight bench seeds 10,000 dossiers through the real updater (minutes on 2 cores): asked for by name.
const optInSections: readonly string[] = ['insight'];
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? (process.argv[onlyIndex + 1] ?? '').split(',').filter(Boolean) : undefined;
const unknown = only?.filter((name) => !(sectionNames as readonly string[]).includes(name)) ?? [];
if (only && (only.length === 0 || unknown.length > 0)) {
  console.error(`--only takes a comma list of: ${sectionNames.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  process.exit(2);
}
const wanted = (name: (typeof sectionNames)[number]) => (only ? only.includes(name) : !optInSections.includes(name));

const workspace = createWorkspace();
let bundles: Bundle[] | undefined;
let moduleLoad: LoadMeasurement | undefined;
let coldStart: ColdStartMeasurement | undefined;
const sdkBundled: Bundle[] = [];
/** `authorizer, @aws-sdk/util-dynamodb bundled in (41 kB)`: which of the runtime's packages the diagnostic carries itself. */
const sdkBundledLabel = (b: Bundle) => {
  const original = bundles?.find((o) => `${o.name}.sdk-bundled` === b.name);
  const packages = original?.externalPackages.filter((p) => p.startsWith('@aws-sdk/')) ?? [];
  return `${b.name.replace('.sdk-bundled', '')}, ${packages.length === 1 ? packages[0] : 'SDK'} bundled in (${(b.bytes / 1000).toFixed(0)} kB)`;
};
try {
  // Module load measures the bundles, so it builds them even when they are not reported.
  if (wanted('bundles') || wanted('load')) {
    bundles = await section('bundles (esbuild, as deployed)', async () => {
      const built = await buildFunctionBundles(workspace.dir);
      for (const error of built.errors) failures.push({ section: 'bundles', message: error });
      return built.bundles;
    });
  }

  if (wanted('load')) {
    moduleLoad = await section('module load (fresh node per import)', async () => {
      if (!bundles?.length) throw new Error('no bundles to load');
      const put = bundles.find((b) => b.name === 'putDossier');
      if (!put) throw new Error('no putDossier bundle for the load diagnostics');
      const diagnostics = await buildLoadDiagnostics(workspace.dir, put);
      const authorizer = bundles.find((b) => b.name === 'authorizer');
      if (!authorizer) throw new Error('no authorizer bundle for the load diagnostics');
      const authorizerSdkBundled = await buildSdkBundled(authorizer, workspace.dir);
      sdkBundled.push(diagnostics.sdkBundled, authorizerSdkBundled);
      const targets: LoadTarget[] = [
        ...bundles.map((b) => ({ name: b.name, file: b.file, budgeted: b.budgeted, budgetMs: coldStartBudgets[kindOf(b.name)].loadOverBareMs, diagnostic: b.budgeted ? undefined : `${b.name} (middy + zod only)` })),
        { name: 'putDossier.sdk-bundled', file: diagnostics.sdkBundled.file, budgeted: false, diagnostic: sdkBundledLabel(diagnostics.sdkBundled) },
        { name: 'authorizer.sdk-bundled', file: authorizerSdkBundled.file, budgeted: false, diagnostic: sdkBundledLabel(authorizerSdkBundled) },
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
  }

  // Issue 14: first invocation (load + first request) and callgrind instruction counts of each load.
  if (wanted('load') && bundles?.length) {
    const built = bundles;
    coldStart = await section('cold start (first invocation, callgrind)', async () => {
      const api = built.filter((b) => kindOf(b.name) === 'authorizer' || kindOf(b.name) === 'apiFunction');
      const firstInvocation = await measureFirstInvocation(api, workspace.dir);
      const skipped = valgrindMissing();
      if (skipped) return { firstInvocation, instructions: [], instructionsSkipped: skipped };
      const counted = [...api, ...built.filter((b) => kindOf(b.name) === 'partnerWorker'), ...built.filter((b) => b.name === 'baseline')];
      const diagnostics = sdkBundled.map((b) => ({ name: b.name, file: b.file, diagnostic: sdkBundledLabel(b) }));
      const { bare, counts } = await measureInstructions([...counted.map((b) => ({ name: b.name, file: b.file })), ...diagnostics], workspace.dir);
      return { firstInvocation, bareInstructions: bare, instructions: counts };
    });
  }
} finally {
  workspace.cleanup();
}

// Imports the real handlers into this process with mocked clients; the twin below runs in its own process.
const inProcess = wanted('in-process') ? await section('in-process cost per request', async () => (await import('./in-process')).measureInProcess()) : undefined;
const twin = wanted('twin') ? await section('twin throughput (autocannon over loopback)', () => measureTwinThroughput()) : undefined;

// Counted calls per operation; the price list is computed from them.
const roundTrips = wanted('round-trips') ? await section('round trips per operation and price list (counted at the wire)', () => measureRoundTrips()) : undefined;
const partners = wanted('partners') ? await section('partner scenarios (identity latency, portal backlog drain)', () => measurePartnerScenarios()) : undefined;
const outages = wanted('outages') ? await section('partner outages (1 minute, 1 hour, 1 day; time-scaled)', () => measureOutages()) : undefined;
const tracer = wanted('tracer') ? await section('Powertools Tracer cold-start cost (putDossier with and without)', () => measureTracerCost()) : undefined;
const insight = wanted('insight') ? await section('insight: cost per snapshot, scorecard reads at 10k / 100k dossiers', () => measureInsight()) : undefined;
const ledger = wanted('ledger') ? await section('ledger (64 writers, sealing, verify)', () => measureLedger()) : undefined;

const results: BenchResults = { bundles: wanted('bundles') ? bundles : undefined, moduleLoad, coldStart, inProcess, twin, roundTrips, partners, outages, ledger, tracer, insight, loadAverageAtStart, failures };
printReport(results);
if (only) {
  console.log(`\nPartial run (--only ${only.join(',')}): ${path.relative(process.cwd(), resultsFile)} left unchanged.`);
} else if (failures.length === 0) {
  writeResults(results, resultsFile);
  console.log(`\nResults written to ${path.relative(process.cwd(), resultsFile)}`);
} else {
  console.log(`\n${path.relative(process.cwd(), resultsFile)} left unchanged: ${failures.length} measurement(s) failed.`);
}
process.exitCode = failures.length === 0 ? 0 : 1;
