import type { BuildOptions } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * How every Lambda function is bundled — the single source for the CDK stack
 * (infra/constructs/functions.ts), the bench (test/bench/bundles.ts) and the twin when it runs the
 * deployed artifacts (infra/local/lambda-runtime.ts). Measured effects are in the bench report.
 */

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Lambda runtime ships SDK v3; bundles import it at run time instead of carrying it. */
export const externalModules: readonly string[] = ['@aws-sdk/*'];

/**
 * Packages replaced by a stub at bundle time, as paths relative to the project root (esbuild
 * resolves an alias target from its working directory, which is the project root for both the
 * CDK and the bench). None today: the only one (form-data, pulled in by axios) went with axios,
 * when partner calls moved to Node's fetch.
 */
export const moduleAliases: Readonly<Record<string, string>> = {};

/** The Lambda runtime's Node version (the stack deploys nodejs22.x). */
const target = 'node22';

/** ESM sources of dual packages first: they tree-shake better than the CommonJS ones. */
const mainFields = ['module', 'main'];

/** Bundled CommonJS dependencies call require(); ESM output has none unless the banner makes one. */
const esmRequireBanner = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * Output format. CommonJS, because the SDK stays external: from an ESM bundle, Node loads each
 * external SDK package through its ESM→CJS bridge (cjs-module-lexer over ~1 MB of dist-cjs,
 * format detection per file), which the bench measured at tens of ms per cold start; a CJS
 * bundle require()s the very same files directly. Nothing in the functions needs ESM output
 * (no top-level await, no import.meta), and middy's ESM-only package is bundled, not loaded.
 */
export const outputFormat = 'cjs' as 'cjs' | 'esm';

/** The settings every function bundle shares, in esbuild's own terms, for an output format. */
export function lambdaBundlingAs(format: 'cjs' | 'esm'): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format,
    target,
    minify: true,
    mainFields: [...mainFields],
    external: [...externalModules],
    alias: { ...moduleAliases },
    ...(format === 'esm' ? { banner: { js: esmRequireBanner } } : {}),
    absWorkingDir: projectRoot,
  };
}

/** What the stack deploys. */
export const lambdaBundling: BuildOptions = lambdaBundlingAs(outputFormat);

/** File extension for the format: Node treats `.mjs` as ESM and `.cjs` as CommonJS whatever package.json says. */
export const bundleExtension = (format: 'cjs' | 'esm' = outputFormat) => (format === 'esm' ? 'mjs' : 'cjs');

/**
 * The same settings as aws-cdk-lib/aws-lambda-nodejs `BundlingOptions` fields (kept free of a CDK
 * import so the bench and the twin do not load aws-cdk-lib). The construct spreads these.
 */
export const cdkBundling = {
  format: outputFormat,
  target,
  minify: true,
  externalModules: [...externalModules],
  mainFields: [...mainFields],
  banner: outputFormat === 'esm' ? esmRequireBanner : undefined,
  /** aws-lambda-nodejs passes these to the esbuild CLI as `--alias:<package>=<path>` (cwd = project root). */
  esbuildArgs: Object.fromEntries(Object.entries(moduleAliases).map(([name, target]) => [`--alias:${name}`, target])),
} as const;
