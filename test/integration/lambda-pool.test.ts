import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FunctionArtifacts } from '../../infra/local/function-artifacts';
import { FunctionTimeoutError } from '../../infra/local/function-container';
import { FunctionPool } from '../../infra/local/function-pool';
import type { FixtureEvent } from '../support/lambda-fixtures/stateful-handler';
import { eventually } from '../support/twin-fixture';

/**
 * The twin's Lambda execution model, on a function whose module-level state is observable: a
 * container per concurrent invocation, each with its own module instance, reused while warm,
 * discarded after a timeout or a crash.
 */
interface FixtureResult {
  readonly loadedAs: string;
  readonly invocations: number;
  readonly remembered: Record<string, string>;
  readonly remainingMs: number;
  readonly requestId: string;
  readonly functionName: string;
  readonly logStreamName: string;
  readonly setting: string | null;
}

const artifacts = new FunctionArtifacts(
  { stateful: 'test/support/lambda-fixtures/stateful-handler.ts', failingInit: 'test/support/lambda-fixtures/failing-init-handler.ts' },
  'source',
);
let signals: string;
const pools: FunctionPool[] = [];

beforeAll(() => {
  signals = mkdtempSync(path.join(tmpdir(), 'lienthong-pool-'));
});
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.stop()));
});
afterAll(async () => {
  await artifacts.dispose();
  rmSync(signals, { recursive: true, force: true });
});

function newPool(maxConcurrency: number, timeoutSeconds = 30, artifact = 'stateful'): FunctionPool {
  const pool = new FunctionPool(
    { functionName: 'lienthong-fixture', region: 'ap-southeast-1', memoryMb: 128, timeoutSeconds, environment: { FIXTURE_SETTING: 'as-deployed' } },
    () => artifacts.artifact(artifact),
    maxConcurrency,
  );
  pools.push(pool);
  return pool;
}
const invoke = (pool: FunctionPool, event: FixtureEvent) => pool.invoke(event) as Promise<FixtureResult>;
let signalCount = 0;
const newSignal = () => path.join(signals, `release-${signalCount++}`);
const release = (file: string) => writeFileSync(file, '');

describe('the twin’s function containers', () => {
  it('runs concurrent invocations in separate containers that share no module state, and reuses a warm one', async () => {
    const pool = newPool(2);
    const gate = newSignal();
    const both = [invoke(pool, { action: 'hold', releaseFile: gate }), invoke(pool, { action: 'hold', releaseFile: gate })];
    await eventually(async () => expect(pool.stats().busy).toBe(2), 30_000, 20);
    release(gate);
    const [a, b] = await Promise.all(both);
    expect(a!.loadedAs).not.toBe(b!.loadedAs);
    expect(a!.logStreamName).not.toBe(b!.logStreamName);
    expect([a!.invocations, b!.invocations]).toEqual([1, 1]);

    // One container remembers; the other, held at the same time, does not know it.
    const remembered = await invoke(pool, { action: 'remember', key: 'k', value: 'v' });
    expect(remembered.remembered).toEqual({ k: 'v' });
    const gate2 = newSignal();
    const again = [invoke(pool, { action: 'hold', releaseFile: gate2 }), invoke(pool, { action: 'hold', releaseFile: gate2 })];
    await eventually(async () => expect(pool.stats().busy).toBe(2), 30_000, 20);
    release(gate2);
    const results = await Promise.all(again);
    const knowing = results.filter((r) => r.remembered.k === 'v');
    expect(knowing.map((r) => r.loadedAs)).toEqual([remembered.loadedAs]);
    expect(results.filter((r) => r.remembered.k === undefined)).toHaveLength(1);
    // Both were warm: no container started beyond the first two.
    expect(new Set(results.map((r) => r.loadedAs))).toEqual(new Set([a!.loadedAs, b!.loadedAs]));
    expect(pool.stats()).toMatchObject({ coldStarts: [expect.anything(), expect.anything()], peakContainers: 2, invocations: 5 });
  });

  it('gives a container one invocation at a time: at the concurrency limit the next one waits', async () => {
    const pool = newPool(1);
    const gate = newSignal();
    const first = invoke(pool, { action: 'hold', releaseFile: gate });
    const second = invoke(pool, { action: 'state' });
    await eventually(async () => expect(pool.stats()).toMatchObject({ containers: 1, busy: 1, waiting: 1 }), 30_000, 20);
    release(gate);
    const [one, two] = await Promise.all([first, second]);
    expect(two.loadedAs).toBe(one.loadedAs);
    expect([one.invocations, two.invocations]).toEqual([1, 2]);
    expect(pool.stats().coldStarts).toHaveLength(1);
  });

  it('recreates the Lambda context and the deployed environment inside the container', async () => {
    const pool = newPool(1, 30);
    const [one, two] = [await invoke(pool, { action: 'state' }), await invoke(pool, { action: 'state' })];
    expect(one.functionName).toBe('lienthong-fixture');
    expect(one.setting).toBe('as-deployed');
    expect(one.requestId).not.toBe(two.requestId);
    expect(one.remainingMs).toBeGreaterThan(0);
    expect(one.remainingMs).toBeLessThanOrEqual(30_000);
    expect(one.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  });

  it('hands a handler error to the caller with its name, message and code, and keeps the container warm', async () => {
    const pool = newPool(1);
    const before = await invoke(pool, { action: 'state' });
    await expect(invoke(pool, { action: 'fail' })).rejects.toMatchObject({ name: 'FixtureRefusal', message: 'refused on purpose', code: 'fixture-refused' });
    const after = await invoke(pool, { action: 'state' });
    expect(after.loadedAs).toBe(before.loadedAs);
    expect(pool.stats().discarded).toBe(0);
  });

  it('fails an invocation that outlives the timeout and discards its container', async () => {
    const pool = newPool(1, 1);
    const before = await invoke(pool, { action: 'state' });
    const timedOut = invoke(pool, { action: 'hang' });
    await expect(timedOut).rejects.toBeInstanceOf(FunctionTimeoutError);
    await expect(timedOut).rejects.toThrow('Task timed out after 1.00 seconds');
    expect(pool.stats()).toMatchObject({ containers: 0, discarded: 1 });
    const after = await invoke(pool, { action: 'state' });
    expect(after.loadedAs).not.toBe(before.loadedAs);
    expect(after.invocations).toBe(1);
  });

  it('fails the invocation whose container crashes, and starts a fresh one for the next', async () => {
    const pool = newPool(1);
    const before = await invoke(pool, { action: 'state' });
    await expect(invoke(pool, { action: 'crash' })).rejects.toThrow('stray failure');
    expect(pool.stats()).toMatchObject({ containers: 0, discarded: 1 });
    const after = await invoke(pool, { action: 'state' });
    expect(after.loadedAs).not.toBe(before.loadedAs);
  });

  it('fails each invocation whose cold start fails to load the module, and tries a fresh container next time', async () => {
    const pool = newPool(2, 30, 'failingInit');
    await expect(invoke(pool, { action: 'state' })).rejects.toMatchObject({ name: 'ConfigurationError', message: 'configuration refused at cold start' });
    await expect(invoke(pool, { action: 'state' })).rejects.toThrow('configuration refused at cold start');
    expect(pool.stats()).toMatchObject({ containers: 0, busy: 0, waiting: 0, coldStarts: [] });
  });

  it('terminates every container when stopped; later invocations fail', async () => {
    const pool = newPool(2);
    await pool.warm(2);
    expect(pool.stats().containers).toBe(2);
    await pool.stop();
    expect(pool.stats().containers).toBe(0);
    await expect(invoke(pool, { action: 'state' })).rejects.toThrow('stopping');
  });
});
