import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundleExtension, externalModules, lambdaBundlingAs, outputFormat } from '../../infra/bundling-options';
import { bundleWorkspace } from '../../infra/local/bundle-workspace';
import type { FunctionDefinition } from '../../infra/topology/functions';
import { functions } from '../../infra/topology/functions';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** DESIGN §11: "≤ 120 KB minified". Read as decimal kilobytes (the stricter reading; 120 KiB would be 122,880). */
export const bundleBudgetBytes = 120_000;

/**
 * Issue 14's tighter budgets, by kind of function: the API functions a caller waits on (the
 * authorizer runs before every one of them) and the workers that call a partner. Every other
 * function keeps DESIGN §11's 120 kB. Bytes are the deployed file (minified, `@aws-sdk/*` left to
 * the runtime's SDK, no source map): what the zip carries and Lambda reads and compiles.
 */
export const apiFunctionNames = ['authorizer', 'putDossier', 'getDossier', 'getPayment', 'getDelivery', 'health'] as const;
export const coldStartBudgets = {
  authorizer: { bytes: 40_000, loadOverBareMs: 60 },
  apiFunction: { bytes: 100_000, loadOverBareMs: 100 },
  partnerWorker: { bytes: 200_000, loadOverBareMs: 100 },
  other: { bytes: bundleBudgetBytes, loadOverBareMs: 100 },
} as const;

export type FunctionKind = keyof typeof coldStartBudgets;

/** A partner worker: consumes a queue or runs on a schedule, and calls a partner. */
export function kindOf(name: string): FunctionKind {
  if (name === 'authorizer') return 'authorizer';
  if ((apiFunctionNames as readonly string[]).includes(name)) return 'apiFunction';
  const definition = (functions as Record<string, FunctionDefinition>)[name];
  if (definition?.partners?.length && (definition.queueTrigger || definition.schedule)) return 'partnerWorker';
  return 'other';
}

/**
 * What the CDK stack bundles with (infra/bundling-options.ts, shared with the construct), so the
 * sizes are the deployed ones. Only the bench's own needs are added: the metafile for the
 * largest-contributor column, and errors returned rather than printed.
 */
const benchBuildOptions: esbuild.BuildOptions = { metafile: true, logLevel: 'silent' };

export interface Bundle {
  readonly name: string;
  readonly entry: string;
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Whether a size budget applies (gateway functions yes; baseline and diagnostics no). */
  readonly budgeted: boolean;
  /** The size budget by kind of function (coldStartBudgets); meaningful when `budgeted`. */
  readonly budgetBytes: number;
  /** Packages (or repo folders) contributing the most output bytes: what to cut first. */
  readonly largestInputs: readonly { readonly origin: string; readonly bytes: number }[];
  /** Bare package names left as runtime imports (the SDK clients it will load at cold start). */
  readonly externalPackages: readonly string[];
  /** How Lambda loads it: `import()` for ESM (.mjs), `require()` for CommonJS (.cjs). */
  readonly format: 'esm' | 'cjs';
}

/** Bundles are built outside the repo, next to a link to its node_modules (see bundle-workspace.ts). */
export const createWorkspace = () => bundleWorkspace('lienthong-bench-');

interface BuildVariant {
  readonly sdkExternal: boolean;
  readonly budgeted: boolean;
  /** Diagnostics only: the other output format than the deployed one. */
  readonly format?: 'esm' | 'cjs';
  /** Diagnostics only: write a source map next to the bundle, as the stack deploys it (no sources inside). */
  readonly sourceMap?: boolean;
}

async function build(name: string, entry: string, outDir: string, options: BuildVariant): Promise<Bundle> {
  const format = options.format ?? outputFormat;
  const file = path.join(outDir, `${name}.${bundleExtension(format)}`);
  const result = await esbuild.build({
    ...lambdaBundlingAs(format),
    ...benchBuildOptions,
    entryPoints: [path.resolve(repoRoot, entry)],
    outfile: file,
    external: options.sdkExternal ? [...externalModules] : [],
    ...(options.sourceMap ? { sourcemap: true, sourcesContent: false } : {}),
  });
  const output = Object.values(result.metafile?.outputs ?? {})[0];
  if (!output) throw new Error(`esbuild produced no output for ${entry}`);
  const code = readFileSync(file);

  const byOrigin = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    byOrigin.set(originOf(input), (byOrigin.get(originOf(input)) ?? 0) + bytesInOutput);
  }
  const largestInputs = [...byOrigin]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([origin, bytes]) => ({ origin, bytes }));
  const externalPackages = [...new Set(output.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => packageOf(i.path)))].sort();

  const budgetBytes = coldStartBudgets[kindOf(name)].bytes;
  return { name, entry, file, bytes: code.length, gzipBytes: gzipSync(code).length, budgeted: options.budgeted, budgetBytes, largestInputs, externalPackages, format };
}

/**
 * Every function of the topology, plus the middy + zod baseline, exactly as Lambda would get them.
 * One function that does not build is reported and the others are still measured.
 */
export async function buildFunctionBundles(outDir: string): Promise<{ bundles: Bundle[]; errors: string[] }> {
  const bundles: Bundle[] = [];
  const errors: string[] = [];
  const targets = [
    ...Object.entries(functions).map(([key, definition]) => ({ name: key, entry: definition.entry, budgeted: true })),
    { name: 'baseline', entry: 'test/bench/baseline-handler.ts', budgeted: false },
  ];
  for (const target of targets) {
    try {
      bundles.push(await build(target.name, target.entry, outDir, { sdkExternal: true, budgeted: target.budgeted }));
    } catch (error) {
      errors.push(`${target.name} (${target.entry}) did not build: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { bundles, errors };
}

export interface LoadDiagnostics {
  /** The same handler with the SDK bundled in: no SDK files to resolve at run time. */
  readonly sdkBundled: Bundle;
  /** The same handler in the format not deployed (ESM vs CommonJS), to show what the choice costs. */
  readonly otherFormat: Bundle;
  /** A module that only loads the SDK packages the handler leaves external, the way the bundle does. */
  readonly sdkOnlyFile: string;
  /**
   * The same handler with its source map beside it. The stack deploys every function so and sets
   * NODE_OPTIONS=--enable-source-maps, which makes Node read and parse the map while loading.
   */
  readonly withSourceMap: Bundle;
}

/**
 * Load-time diagnostics for the PUT function (not budgeted, not deployed). The SDK packages have
 * no `exports` map, so Node loads their one-file `dist-cjs` builds whichever way they are asked
 * for; what differs is the way in. `require` (a CommonJS bundle) compiles and runs them; `import`
 * (an ESM bundle) goes through Node's ESM→CJS bridge, which first lexes every file for its named
 * exports and detects its module format. These variants show how much of the cold load that is.
 */
export async function buildLoadDiagnostics(outDir: string, put: Bundle): Promise<LoadDiagnostics> {
  const sdkBundled = await build(`${put.name}.sdk-bundled`, put.entry, outDir, { sdkExternal: false, budgeted: false });
  const other = outputFormat === 'cjs' ? 'esm' : 'cjs';
  const otherFormat = await build(`${put.name}.${other}-output`, put.entry, outDir, { sdkExternal: true, budgeted: false, format: other });
  // The SDK packages the handler loads, alone, loaded the way the deployed format loads them.
  const sdkOnlyFile = path.join(outDir, `sdk-only.${bundleExtension()}`);
  const load = (p: string) => (outputFormat === 'cjs' ? `require(${JSON.stringify(p)});` : `import ${JSON.stringify(p)};`);
  writeFileSync(sdkOnlyFile, put.externalPackages.map(load).join('\n'));
  const withSourceMap = await build(`${put.name}.source-map`, put.entry, outDir, { sdkExternal: true, budgeted: false, sourceMap: true });
  return { sdkBundled, otherFormat, sdkOnlyFile, withSourceMap };
}

/** A diagnostic: the same function with `@aws-sdk/*` bundled in and tree-shaken (not deployed, not budgeted). */
export function buildSdkBundled(bundle: Bundle, outDir: string): Promise<Bundle> {
  return build(`${bundle.name}.sdk-bundled`, bundle.entry, outDir, { sdkExternal: false, budgeted: false });
}

function originOf(input: string): string {
  const marker = 'node_modules/';
  const at = input.lastIndexOf(marker);
  if (at >= 0) return packageOf(input.slice(at + marker.length));
  const parts = input.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : input;
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

