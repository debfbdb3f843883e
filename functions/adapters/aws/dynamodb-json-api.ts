import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ConfigurationError } from '../../core/errors';
import { maxAttempts, retryDelayMs, retryKindOf } from './aws-standard-retry';
import { signRequest } from './sigv4';

/*
 * DynamoDB's JSON API called directly: one SigV4-signed POST per operation (sigv4.ts) over
 * Node's http/https, for a function whose cold start cannot afford @aws-sdk/client-dynamodb —
 * requiring it is ~280 M of the authorizer's ~300 M instructions of load (bench, callgrind).
 * Node's http rather than fetch: the first fetch() of a process loads undici (~600 M
 * instructions on Node 20, callgrind; node:http's first request ~70 M). The SDK's transport is
 * node:http too, and its global agents keep connections alive (Node ≥ 19), so a warm container
 * reuses its TLS connection.
 *
 * What the SDK client would do and this does too: credentials from the environment Lambda sets
 * from the execution role, the region from AWS_REGION, the endpoint override the twin uses
 * (AWS_ENDPOINT_URL_DYNAMODB, else AWS_ENDPOINT_URL), the standard retry mode
 * (aws-standard-retry.ts), the app id in the user agent (the twin counts round trips by it), and
 * no request timeout (the SDK sets none either: the function's own timeout bounds a call).
 * Every other function stays on the SDK; this serves the authorizer's one GetItem.
 */

/** A call that failed for good: the service's error code (or Node's transport code) and its HTTP status if an answer came. */
export class DynamoDbCallError extends Error {
  override readonly name = 'DynamoDbCallError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | undefined,
    readonly attempts: number,
  ) {
    super(message);
  }
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

function env(name: string): string | undefined {
  return process.env[name] || undefined;
}

function settings() {
  const region = env('AWS_REGION');
  const accessKeyId = env('AWS_ACCESS_KEY_ID');
  const secretAccessKey = env('AWS_SECRET_ACCESS_KEY');
  if (!region || !accessKeyId || !secretAccessKey) throw new ConfigurationError('invalid configuration: AWS_REGION or AWS credentials missing');
  const endpoint = env('AWS_ENDPOINT_URL_DYNAMODB') ?? env('AWS_ENDPOINT_URL') ?? `https://dynamodb.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
  return { region, endpoint: new URL(endpoint), credentials: { accessKeyId, secretAccessKey, sessionToken: env('AWS_SESSION_TOKEN') } };
}

function send(endpoint: URL, headers: Record<string, string>, body: string): Promise<Answer> {
  const requestFn = endpoint.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = requestFn(endpoint, { method: 'POST', headers }, (incoming: IncomingMessage) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => resolve({ status: incoming.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * DynamoDB names the error in the body: `{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"…"}`.
 * Anything else (a proxy's page, an empty 503) is named by its status.
 */
function failureOf(answer: Answer): { code: string; message: string } {
  let parsed: { __type?: unknown; message?: unknown; Message?: unknown } = {};
  try {
    parsed = JSON.parse(answer.body) as typeof parsed;
  } catch {
    // Not JSON: the status says enough.
  }
  const type = String(parsed.__type ?? `HTTP${answer.status}`);
  return { code: type.slice(type.lastIndexOf('#') + 1), message: String(parsed.message ?? parsed.Message ?? '') };
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One DynamoDB operation (`GetItem`, …) with its JSON-protocol input; resolves to its JSON output. */
export async function callDynamoDb<Output>(operation: string, input: object): Promise<Output> {
  const { region, endpoint, credentials } = settings();
  const body = JSON.stringify(input);
  for (let attempt = 1; ; attempt++) {
    // Signed afresh per attempt: X-Amz-Date is part of the signature.
    const headers = signRequest(
      {
        method: 'POST',
        path: endpoint.pathname,
        headers: {
          host: endpoint.host,
          'content-type': 'application/x-amz-json-1.0',
          'content-length': String(Buffer.byteLength(body)),
          'x-amz-target': `DynamoDB_20120810.${operation}`,
        },
        body,
      },
      credentials,
      region,
      'dynamodb',
      new Date(),
    );
    // The SDK's form of the app id: the twin's round-trip counter tells callers apart by it.
    const appId = env('AWS_SDK_UA_APP_ID');
    headers['user-agent'] = `lienthong${appId ? ` app/${appId}` : ''}`;

    let answer: Answer | NodeJS.ErrnoException;
    try {
      answer = await send(endpoint, headers, body);
    } catch (error) {
      answer = error as NodeJS.ErrnoException;
    }
    if (!(answer instanceof Error) && answer.status < 300) return JSON.parse(answer.body) as Output;
    const status = answer instanceof Error ? undefined : answer.status;
    // Without an answer, Node's transport code (ECONNRESET, ECONNREFUSED…) decides whether to retry.
    const { code, message } = answer instanceof Error ? { code: answer.code ?? 'NetworkError', message: answer.message } : failureOf(answer);
    const kind = retryKindOf(code, status);
    if (kind === 'final' || attempt >= maxAttempts) {
      throw new DynamoDbCallError(code, `DynamoDB ${operation}: ${code} (HTTP ${status ?? 'none'}) after ${attempt} attempt(s) ${message}`, status, attempt);
    }
    await wait(retryDelayMs(kind, attempt - 1));
  }
}
