import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { median } from './stats';

/** DESIGN §11: module load ≤ 100 ms over a bare `node -e 0` measured in the same run. */
export const loadBudgetMs = 100;

export interface LoadTarget {
  readonly name: string;
  readonly file: string;
  readonly budgeted: boolean;
  /** Diagnostics explain a number; they are not part of any budget. */
  readonly diagnostic?: string;
  /** NODE_OPTIONS for this target's process only (the bare run never gets any). */
  readonly nodeOptions?: string;
  /** The load budget over bare node when budgeted; DESIGN §11's 100 ms unless the kind of function has its own. */
  readonly budgetMs?: number;
}

export interface LoadResult extends LoadTarget {
  readonly medianMs: number;
  readonly overBareMs: number;
}

export interface LoadMeasurement {
  readonly warmups: number;
  readonly runs: number;
  readonly bareMedianMs: number;
  readonly results: readonly LoadResult[];
}

/**
 * The child's environment: ours minus NODE_OPTIONS, which tsx (running this bench) may use to
 * register its loader — a child carrying it would pay tsx's start-up and skew every number.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  delete env.NODE_OPTIONS;
  return env;
}

/** Wall time of one fresh node process running `args` to completion, in ms. */
function timeProcess(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.error) throw child.error;
  if (child.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited with ${child.status ?? child.signal}: ${child.stderr.toString().trim().slice(0, 800)}`);
  }
  return elapsed;
}

export interface LoadOptions {
  readonly warmups: number;
  /** Measured rounds wanted; every round loads every target once. */
  readonly runs: number;
  /** The section stops after this long once `minRuns` rounds are in, so more functions never push the bench past ~2 minutes. */
  readonly timeBoxMs: number;
  readonly minRuns: number;
}

/**
 * Cold load as Lambda's init phase sees it: a new process loading the bundle as the runtime would. Rounds are
 * interleaved (bare node, then every bundle, then again) so machine drift during the run hits every
 * target alike; the bare-node median of the same rounds is subtracted. Spawning synchronously keeps
 * this process idle while a child runs, so the two never compete for the 2 cores.
 */
export function measureModuleLoad(
  targets: readonly LoadTarget[],
  cwd: string,
  options: LoadOptions = { warmups: 3, runs: 15, timeBoxMs: 55_000, minRuns: 7 },
): LoadMeasurement {
  const env = childEnv();
  const bareArgs = ['-e', '0'];
  // As Lambda's Node runtime (itself an ES module) loads a handler: `.mjs` by import(), `.cjs`
  // (and `.js` outside a "type": "module" package) by require(). Both children start the ESM
  // loader, as the runtime has, so neither format gets a cheaper start than in Lambda.
  const argsOf = (file: string) =>
    file.endsWith('.cjs')
      ? ['--input-type=module', '-e', `import { createRequire } from 'node:module'; createRequire(import.meta.url)(${JSON.stringify(file)});`]
      : ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)})`];

  const started = Date.now();
  const bare: number[] = [];
  const samples = targets.map((): number[] => []);
  for (let round = 0; round < options.warmups + options.runs; round++) {
    const measured = round >= options.warmups;
    const bareMs = timeProcess(bareArgs, cwd, env);
    if (measured) bare.push(bareMs);
    targets.forEach((target, i) => {
      const ms = timeProcess(argsOf(target.file), cwd, target.nodeOptions ? { ...env, NODE_OPTIONS: target.nodeOptions } : env);
      if (measured) samples[i]?.push(ms);
    });
    if (bare.length >= options.minRuns && Date.now() - started > options.timeBoxMs) break;
  }

  const bareMedianMs = median(bare);
  return {
    warmups: options.warmups,
    runs: bare.length,
    bareMedianMs,
    results: targets.map((target, i) => {
      const medianMs = median(samples[i] ?? []);
      return { ...target, medianMs, overBareMs: medianMs - bareMedianMs };
    }),
  };
}
