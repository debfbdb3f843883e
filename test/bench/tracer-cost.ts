import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleExtension, lambdaBundlingAs, outputFormat } from '../../infra/bundling-options';
import { createWorkspace, repoRoot } from './bundles';
import { measureModuleLoad } from './module-load';

/*
 * What the Powertools Tracer would cost one API function's cold start (issue 12: "Powertools Tracer
 * where it pays for itself — measure its cold-start cost"). The PUT handler is built twice, as the
 * stack builds functions (infra/bundling-options.ts): as deployed, and wrapped with the Tracer
 * (test/bench/tracer-handler.ts). Both loads are timed in fresh node processes, interleaved with a
 * bare `node -e 0`, by the same routine as the bench's module-load section; with valgrind present,
 * callgrind also counts the instructions of each load (one process each, deterministic enough to
 * compare where wall times on a shared machine are noisy).
 */

const valgrind = '/usr/bin/valgrind';

const variants = [
  { name: 'putDossier', entry: 'functions/put-dossier/handler.ts' },
  { name: 'putDossier+tracer', entry: 'test/bench/tracer-handler.ts' },
] as const;

export interface TracerVariant {
  readonly name: string;
  readonly bytes: number;
  readonly loadMedianMs: number;
  readonly loadOverBareMs: number;
  /** Instructions of the whole process loading the bundle (callgrind), when valgrind is installed. */
  readonly instructions?: number;
}

export interface TracerCost {
  readonly runs: number;
  readonly bareMedianMs: number;
  readonly bareInstructions?: number;
  readonly variants: readonly TracerVariant[];
  /** What the Tracer adds: bytes, median load (ms) and instructions. */
  readonly added: { readonly bytes: number; readonly loadMs: number; readonly instructions?: number };
}

async function build(entry: string, outfile: string): Promise<number> {
  await esbuild.build({ ...lambdaBundlingAs(outputFormat), entryPoints: [path.resolve(repoRoot, entry)], outfile, logLevel: 'silent' });
  return readFileSync(outfile).length;
}

/** Instructions executed by a node process running `args` (callgrind's "Collected" total). */
function countInstructions(args: readonly string[], cwd: string): number {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'lienthong-callgrind-')), 'out');
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  delete env.NODE_OPTIONS;
  // --smc-check=all: V8 writes and runs its own machine code, which valgrind must re-read.
  const child = spawnSync(valgrind, ['--tool=callgrind', '--smc-check=all', `--callgrind-out-file=${out}`, process.execPath, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 300_000,
  });
  rmSync(path.dirname(out), { recursive: true, force: true });
  const collected = /Collected\s*:\s*(\d+)/.exec(child.stderr.toString());
  if (child.status !== 0 || !collected) throw new Error(`callgrind failed (${child.status ?? child.signal}): ${child.stderr.toString().slice(-600)}`);
  return Number(collected[1]);
}

/** Builds both variants in a scratch workspace, measures them, and cleans up. */
export async function measureTracerCost(options: { runs?: number; callgrind?: boolean } = {}): Promise<TracerCost> {
  const workspace = createWorkspace();
  // The Tracer switches itself off outside Lambda; these make the load take Lambda's path.
  const saved = { fn: process.env.AWS_LAMBDA_FUNCTION_NAME, exec: process.env.AWS_EXECUTION_ENV };
  process.env.AWS_LAMBDA_FUNCTION_NAME = 'lienthong-putDossier';
  process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs22.x';
  try {
    const built = [];
    for (const variant of variants) {
      const file = path.join(workspace.dir, `${variant.name}.${bundleExtension()}`);
      built.push({ ...variant, file, bytes: await build(variant.entry, file) });
    }
    const runs = options.runs ?? 15;
    const load = measureModuleLoad(
      built.map((b) => ({ name: b.name, file: b.file, budgeted: false })),
      workspace.dir,
      { warmups: 2, runs, timeBoxMs: 60_000, minRuns: Math.min(runs, 7) },
    );
    const useCallgrind = (options.callgrind ?? true) && existsSync(valgrind);
    const loadArgs = (file: string) => ['-e', `require(${JSON.stringify(file)})`];
    const bareInstructions = useCallgrind ? countInstructions(['-e', '0'], workspace.dir) : undefined;
    const results: TracerVariant[] = built.map((b, i) => ({
      name: b.name,
      bytes: b.bytes,
      loadMedianMs: load.results[i]!.medianMs,
      loadOverBareMs: load.results[i]!.overBareMs,
      ...(useCallgrind ? { instructions: countInstructions(loadArgs(b.file), workspace.dir) } : {}),
    }));
    const [plain, traced] = results as [TracerVariant, TracerVariant];
    return {
      runs: load.runs,
      bareMedianMs: load.bareMedianMs,
      ...(bareInstructions !== undefined ? { bareInstructions } : {}),
      variants: results,
      added: {
        bytes: traced.bytes - plain.bytes,
        loadMs: traced.loadMedianMs - plain.loadMedianMs,
        ...(traced.instructions !== undefined && plain.instructions !== undefined ? { instructions: traced.instructions - plain.instructions } : {}),
      },
    };
  } finally {
    if (saved.fn === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    else process.env.AWS_LAMBDA_FUNCTION_NAME = saved.fn;
    if (saved.exec === undefined) delete process.env.AWS_EXECUTION_ENV;
    else process.env.AWS_EXECUTION_ENV = saved.exec;
    workspace.cleanup();
  }
}

function printTable(cost: TracerCost): void {
  const millions = (n: number | undefined) => (n === undefined ? '—' : `${(n / 1e6).toFixed(1)} M`);
  const rows = [
    ['variant', 'bundle', 'load median', 'over bare node', 'instructions'],
    ['node -e 0', '—', `${cost.bareMedianMs.toFixed(1)} ms`, '—', millions(cost.bareInstructions)],
    ...cost.variants.map((v) => [v.name, `${(v.bytes / 1000).toFixed(1)} kB`, `${v.loadMedianMs.toFixed(1)} ms`, `+${v.loadOverBareMs.toFixed(1)} ms`, millions(v.instructions)]),
    ['Tracer adds', `${(cost.added.bytes / 1000).toFixed(1)} kB`, `${cost.added.loadMs.toFixed(1)} ms`, '', millions(cost.added.instructions)],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
  console.log(`(${cost.runs} rounds, medians of fresh node processes; instructions: callgrind, one process each)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  printTable(await measureTracerCost());
}
