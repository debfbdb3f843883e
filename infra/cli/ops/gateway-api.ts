import { readFileSync } from 'node:fs';
import path from 'node:path';
import { requireOutput, UsageError } from './target';

/**
 * How the operator commands reach the gateway: over its /v1/ops API with an operator key, exactly
 * as the console does. The twin's URL and operator key come from `<data dir>/twin.json`; a
 * deployed stack's URL from its ApiUrl output (`--stack <name>`, read from CloudFormation with
 * the default AWS credentials) or from `--url` (ApiUrl, or the console's CloudFront URL, which
 * routes /v1/* to the API), with `--key` (or LIENTHONG_OPS_URL / LIENTHONG_OPS_KEY, LIENTHONG_STACK).
 * A stack stores keys only as hashes, so its operator key is always the operator's to give.
 */
export interface GatewayApi {
  readonly description: string;
  get(path: string): Promise<any>;
  post(path: string, body?: unknown): Promise<any>;
}

export const apiOptions = {
  url: { type: 'string' },
  stack: { type: 'string' },
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

export function gatewayApi(values: Record<string, string | boolean | undefined>, readOutputs: (stackName: string) => Promise<Record<string, string>> = defaultReadOutputs): GatewayApi {
  const explicitUrl = (values.url as string | undefined) ?? process.env.LIENTHONG_OPS_URL;
  const stackName = (values.stack as string | undefined) ?? process.env.LIENTHONG_STACK;
  let key = (values.key as string | undefined) ?? process.env.LIENTHONG_OPS_KEY;
  let where: Promise<string>;
  let description: string;
  if (explicitUrl) {
    where = Promise.resolve(explicitUrl);
    description = explicitUrl;
  } else if (stackName) {
    if (!key) throw new UsageError(`--stack needs an operator key (--key or LIENTHONG_OPS_KEY): npm run keys -- create --aws --table <ClientsTableName> --name <operator> --scopes ops:read,ops:write`);
    where = readOutputs(stackName).then((outputs) => requireOutput(outputs, 'ApiUrl', stackName));
    description = `stack ${stackName}`;
  } else {
    const dataDir = path.resolve((values['data-dir'] as string | undefined) ?? process.env.LIENTHONG_DATA_DIR ?? '.lienthong');
    let twin: { gatewayUrl: string; operatorKey?: string };
    try {
      twin = JSON.parse(readFileSync(path.join(dataDir, 'twin.json'), 'utf8'));
    } catch {
      throw new UsageError(`no running twin found (${path.join(dataDir, 'twin.json')} is missing): start it with npm start, or pass --stack (or --url) and --key`);
    }
    where = Promise.resolve(twin.gatewayUrl);
    description = twin.gatewayUrl;
    key ??= twin.operatorKey;
    if (!key) throw new UsageError('twin.json has no operator key: restart the twin (npm start), or pass --key');
  }
  const send = async (method: string, urlPath: string, body?: unknown) => {
    const root = (await where).replace(/\/$/, '');
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
  return { description, get: (p) => send('GET', p), post: (p, b) => send('POST', p, b) };
}

// Loaded only for a stack: the twin's commands never pay for the CloudFormation client.
const defaultReadOutputs = async (stackName: string) => (await import('./stack-outputs')).readStackOutputs(stackName);
