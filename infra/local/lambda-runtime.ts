import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FunctionKey } from '../topology/functions';
import { bundleWorkspace } from './bundle-workspace';
import { invokeOverWire } from './lambda-wire';
import { functions } from '../topology/functions';

// The twin calls handlers of every shape (HTTP, authorizer, SQS, schedule).
export type AnyHandler = (event: any, context: Context) => Promise<any>;

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * What the twin runs for a function:
 * - `source` (the default): its TypeScript entry, loaded by this process's TypeScript loader;
 * - `bundled`: the artifact Lambda gets, built with infra/bundling-options.ts (SDK external,
 *   stubs aliased, minified) — proves the deployed bundles work, not just the sources.
 */
export type FunctionCode = 'source' | 'bundled';

/**
 * Loads the very module Lambda runs (the entry the CDK stack bundles) and calls it with a
 * Lambda-shaped context. Modules load lazily, like a cold start, once per process.
 */
export class LambdaRuntime {
  private readonly loaded = new Map<FunctionKey, Promise<AnyHandler>>();
  private bundleDir: { readonly dir: string; readonly cleanup: () => void } | undefined;

  constructor(
    private readonly region: string,
    private readonly code: FunctionCode = 'source',
  ) {}

  /** Invokes a function synchronously, its event and result crossing as JSON as in Lambda. */
  async invoke<T>(key: FunctionKey, event: unknown): Promise<T> {
    return invokeOverWire<T>(await this.handlerOf(key), event, this.contextFor(key));
  }

  /** Where `bundled` mode wrote the bundles it loaded (until dispose). */
  get bundleDirectory(): string | undefined {
    return this.bundleDir?.dir;
  }

  /** Removes the bundles built for `bundled` mode. */
  dispose(): void {
    this.bundleDir?.cleanup();
    this.bundleDir = undefined;
  }

  private handlerOf(key: FunctionKey): Promise<AnyHandler> {
    let handler = this.loaded.get(key);
    if (!handler) {
      const load = this.code === 'bundled' ? this.loadBundle(key) : import(pathToFileURL(path.join(projectRoot, functions[key].entry)).href);
      handler = load.then((module: { handler?: AnyHandler }) => {
        if (typeof module.handler !== 'function') throw new Error(`${functions[key].entry} exports no handler`);
        return module.handler;
      });
      this.loaded.set(key, handler);
    }
    return handler;
  }

  /** Builds the function as the stack deploys it and loads it as Lambda's runtime would. */
  private async loadBundle(key: FunctionKey): Promise<{ handler?: AnyHandler }> {
    const [esbuild, { bundleExtension, lambdaBundling, outputFormat }] = await Promise.all([import('esbuild'), import('../bundling-options')]);
    this.bundleDir ??= bundleWorkspace('lienthong-twin-bundles-');
    const file = path.join(this.bundleDir.dir, `${key}.${bundleExtension()}`);
    await esbuild.build({ ...lambdaBundling, entryPoints: [path.join(projectRoot, functions[key].entry)], outfile: file, logLevel: 'warning' });
    return outputFormat === 'cjs' ? (createRequire(import.meta.url)(file) as { handler?: AnyHandler }) : import(pathToFileURL(file).href);
  }

  private contextFor(key: FunctionKey): Context {
    const definition = functions[key];
    const deadline = Date.now() + definition.timeoutSeconds * 1000;
    const functionName = `lienthong-${key}`;
    return {
      callbackWaitsForEmptyEventLoop: false,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${this.region}:000000000000:function:${functionName}`,
      memoryLimitInMB: String(definition.memoryMb),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: 'local-twin',
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
  }
}

