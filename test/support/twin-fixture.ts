import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Scope } from '../../contracts/api/scopes';
import type { FunctionCode } from '../../infra/local/lambda-runtime';
import type { Twin } from '../../infra/local/twin';
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
export async function startTestTwin(
  options: {
    dataDir?: string;
    inMemory?: boolean;
    functionEnvironment?: Record<string, string>;
    authorizerCacheSeconds?: number;
    functionCode?: FunctionCode;
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
  });
  const { saveNewApiKey } = await import('../../functions/adapters/api-key-store');
  const { generateApiKey } = await import('../../functions/core/api-keys');
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
