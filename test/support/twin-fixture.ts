import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Scope } from '../../contracts/api/scopes';
import type { FunctionCode } from '../../infra/local/lambda-runtime';
import type { Twin } from '../../infra/local/twin';
import type { FunctionKey } from '../../infra/topology/functions';
import type { QueueKey } from '../../infra/topology/resources';
import { startTwin } from '../../infra/local/twin';

export interface TwinFixture {
  readonly twin: Twin;
  readonly dataDir: string;
  /** Creates an API key with exactly these scopes, straight in the clients table. */
  readonly keyWith: (...scopes: Scope[]) => Promise<string>;
  readonly stop: () => Promise<void>;
}

/**
 * A twin on free ports with its own temporary data dir, in memory unless told otherwise. The
 * authorizer cache is off unless asked for: tests revoke keys and expect the very next request
 * to be refused, which API Gateway's 5-minute cache (the twin's default) would delay.
 */
/**
 * Portal timings short enough for a test to watch the whole story of an uncertain attempt: retries
 * a second or two apart, a held call that times out, the verifier and the sweeper acting at once, and a
 * read-back grace long enough for the test to release a held step call within it on a loaded machine.
 */
export const quickPortalTimings = {
  PORTAL_SYNC_BACKOFF_BASE_SECONDS: '1',
  PORTAL_SYNC_BACKOFF_MAX_SECONDS: '2',
  PORTAL_TIMEOUT_MS: '2000',
  // Only dossiers with an unknown outcome are verified, and at once.
  PORTAL_VERIFY_SAMPLE_SHARE: '0',
  PORTAL_VERIFY_DELAY_SECONDS: '0',
  PORTAL_VERIFY_SETTLE_SECONDS: '0',
  PORTAL_SWEEP_STALE_SECONDS: '1',
  PORTAL_READBACK_GRACE_SECONDS: '8',
} as const;

export async function startTestTwin(
  options: {
    dataDir?: string;
    inMemory?: boolean;
    functionEnvironment?: Record<string, string>;
    authorizerCacheSeconds?: number;
    functionCode?: FunctionCode;
    countRoundTrips?: boolean;
  } = {},
): Promise<TwinFixture> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'lienthong-test-'));
  const twin = await startTwin({
    port: 0,
    dataDir,
    inMemory: options.inMemory ?? true,
    region: 'ap-southeast-1',
    schedules: false,
    // A partner marked down is probed every second (production: 20 s), so outages end within a test.
    functionEnvironment: { PARTNER_PROBE_INTERVAL_SECONDS: '1', PARTNER_PACE_GROW_SECONDS: '1', ...options.functionEnvironment },
    authorizerCacheSeconds: options.authorizerCacheSeconds ?? 0,
    functionCode: options.functionCode,
    countRoundTrips: options.countRoundTrips,
  });
  const { saveNewApiKey } = await import('../../functions/adapters/api-key-store');
  const { generateApiKey } = await import('../../functions/core/access/api-keys');
  return {
    twin,
    dataDir,
    keyWith: async (...scopes) => {
      const { key, keyId, keyHash } = generateApiKey();
      await saveNewApiKey({ keyHash, keyId, name: `test-${keyId}`, scopes, status: 'active', createdAt: new Date().toISOString() });
      return key;
    },
    stop: async () => {
      await twin.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface CallResult {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
  readonly text: string;
}

/** One HTTP call to the twin; the body is parsed when it is JSON of any flavour. */
export async function call(
  baseUrl: string,
  method: string,
  urlPath: string,
  options: { key?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  let body: string | Buffer | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${baseUrl}${urlPath}`, { method, headers, body });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, text, body: /json/.test(contentType) && text ? JSON.parse(text) : text };
}

/** Polls until the check passes or the deadline passes; the last failure is rethrown. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** Messages on one of the twin's queues: waiting, received but not yet deleted, dead-lettered. */
export interface QueueDepth {
  readonly waiting: number;
  readonly inFlight: number;
  readonly deadLettered: number;
}

export async function queueDepth(twin: Twin, queue: QueueKey): Promise<QueueDepth> {
  const sqs = new SQSClient({ endpoint: twin.sqsEndpoint, region: twin.region });
  try {
    const count = async (url: string) => {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }),
      );
      return {
        waiting: Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
        inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
    };
    const main = await count(twin.queueUrls[queue].main);
    const dead = await count(twin.queueUrls[queue].deadLetter);
    return { ...main, deadLettered: dead.waiting + dead.inFlight };
  } finally {
    sqs.destroy();
  }
}

/**
 * The drain signal: the queue and its DLQ hold nothing and no batch of its worker is in flight.
 * Rejects with the last depth seen once the deadline passes.
 */
export async function drained(twin: Twin, queue: QueueKey, worker: FunctionKey, timeoutMs = 30_000): Promise<void> {
  await eventually(
    async () => {
      const depth = await queueDepth(twin, queue);
      if (depth.waiting + depth.inFlight + depth.deadLettered + twin.batchesInFlight(worker) > 0) {
        throw new Error(`${queue} not drained: ${JSON.stringify({ ...depth, batchesInFlight: twin.batchesInFlight(worker) })}`);
      }
    },
    timeoutMs,
    200,
  );
}
