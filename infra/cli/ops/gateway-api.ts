import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './target';

/**
 * How the operator commands reach the gateway: over its /v1/ops API with an operator key, exactly
 * as the console does. The twin's URL and operator key come from `<data dir>/twin.json`; a
 * deployed stack's from `--url` and `--key` (or LIENTHONG_OPS_URL / LIENTHONG_OPS_KEY; the URL is
 * the stack output ApiUrl or the console's CloudFront URL, which routes /v1/* to the API).
 */
export interface GatewayApi {
  readonly description: string;
  get(path: string): Promise<any>;
  post(path: string, body?: unknown): Promise<any>;
}

export const apiOptions = {
  url: { type: 'string' },
  key: { type: 'string' },
  json: { type: 'boolean' },
  'data-dir': { type: 'string' },
} as const;

export class GatewayAnswerError extends Error {
  readonly code = 'gateway-answer';
  constructor(readonly status: number, readonly problem: { title?: string; detail?: string }) {
    super(`HTTP ${status}: ${problem.title ?? ''}${problem.detail ? ` — ${problem.detail}` : ''}`);
  }
}

export function gatewayApi(values: Record<string, string | boolean | undefined>): GatewayApi {
  let baseUrl = (values.url as string | undefined) ?? process.env.LIENTHONG_OPS_URL;
  let key = (values.key as string | undefined) ?? process.env.LIENTHONG_OPS_KEY;
  if (!baseUrl || !key) {
    const dataDir = path.resolve((values['data-dir'] as string | undefined) ?? process.env.LIENTHONG_DATA_DIR ?? '.lienthong');
    let twin: { gatewayUrl: string; operatorKey?: string };
    try {
      twin = JSON.parse(readFileSync(path.join(dataDir, 'twin.json'), 'utf8'));
    } catch {
      throw new UsageError(`no running twin found (${path.join(dataDir, 'twin.json')} is missing): start it with npm start, or pass --url and --key`);
    }
    baseUrl ??= twin.gatewayUrl;
    key ??= twin.operatorKey;
    if (!key) throw new UsageError('twin.json has no operator key: restart the twin (npm start), or pass --key');
  }
  const root = baseUrl.replace(/\/$/, '');
  const send = async (method: string, urlPath: string, body?: unknown) => {
    const response = await fetch(`${root}${urlPath}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new GatewayAnswerError(response.status, parsed ?? {});
    return parsed;
  };
  return { description: root, get: (p) => send('GET', p), post: (p, b) => send('POST', p, b) };
}
