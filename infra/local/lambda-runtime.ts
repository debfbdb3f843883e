import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FunctionKey } from '../topology/functions';
import { functions } from '../topology/functions';

// The twin calls handlers of every shape (HTTP, authorizer, SQS, schedule).
export type AnyHandler = (event: any, context: Context) => Promise<any>;

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Loads the very module Lambda runs (the entry the CDK stack bundles) and calls it with a
 * Lambda-shaped context. Modules load lazily, like a cold start, once per process.
 */
export class LambdaRuntime {
  private readonly loaded = new Map<FunctionKey, Promise<AnyHandler>>();

  constructor(private readonly region: string) {}

  async invoke<T>(key: FunctionKey, event: unknown): Promise<T> {
    const handler = await this.handlerOf(key);
    return (await handler(event, this.contextFor(key))) as T;
  }

  private handlerOf(key: FunctionKey): Promise<AnyHandler> {
    let handler = this.loaded.get(key);
    if (!handler) {
      const file = pathToFileURL(path.join(projectRoot, functions[key].entry)).href;
      handler = import(file).then((module: { handler?: AnyHandler }) => {
        if (typeof module.handler !== 'function') throw new Error(`${functions[key].entry} exports no handler`);
        return module.handler;
      });
      this.loaded.set(key, handler);
    }
    return handler;
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
