import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';

/*
 * A function for the container-pool tests (test/integration/lambda-pool.test.ts). Everything at
 * module level here is what a real function keeps per container: an identity drawn at load, an
 * invocation counter, a cache.
 */
const loadedAs = randomUUID();
let invocations = 0;
const cache = new Map<string, string>();

export type FixtureEvent =
  | { readonly action: 'state' }
  | { readonly action: 'remember'; readonly key: string; readonly value: string }
  /** Holds the invocation until the file exists: the test's explicit release signal. */
  | { readonly action: 'hold'; readonly releaseFile: string }
  | { readonly action: 'hang' }
  | { readonly action: 'fail' }
  | { readonly action: 'crash' };

export const handler = async (event: FixtureEvent, context: Context) => {
  invocations++;
  switch (event.action) {
    case 'remember':
      cache.set(event.key, event.value);
      break;
    case 'hold':
      while (!existsSync(event.releaseFile)) await new Promise((resolve) => setTimeout(resolve, 10));
      break;
    case 'hang':
      await new Promise(() => undefined);
      break;
    case 'fail':
      throw Object.assign(new Error('refused on purpose'), { name: 'FixtureRefusal', code: 'fixture-refused' });
    case 'crash':
      // An error nobody awaits, as a stray callback would throw: it takes the container down.
      setTimeout(() => {
        throw new Error('stray failure');
      }, 0);
      await new Promise(() => undefined);
      break;
    case 'state':
      break;
  }
  return {
    loadedAs,
    invocations,
    remembered: Object.fromEntries(cache),
    remainingMs: context.getRemainingTimeInMillis(),
    requestId: context.awsRequestId,
    functionName: context.functionName,
    logStreamName: context.logStreamName,
    setting: process.env.FIXTURE_SETTING ?? null,
  };
};
