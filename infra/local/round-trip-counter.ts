import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, listen } from './net';

/**
 * A counting relay in front of an embedded service (dynalite or local SQS): every request the
 * functions send is one round trip, counted by caller and API operation, then passed on
 * unchanged. The caller is the SDK user agent's `app/<id>`, which the twin sets per function
 * (AWS_SDK_UA_APP_ID) when it counts. Counting at the wire, not in the handlers, means nothing in
 * `functions/` changes for the measurement and every retry or extra call shows.
 *
 * For DynamoDB it also asks for the consumed capacity (ReturnConsumedCapacity TOTAL, which the
 * functions never set themselves), so the price list can use dynalite's own item-size
 * arithmetic: on-demand read and write request units are the same numbers.
 */

export interface CallTally {
  calls: number;
  /** DynamoDB only: capacity units dynalite reports (table only; GSI writes not included). */
  capacityUnits: number;
  requestBytes: number;
  /** SQS only: requests as billed, one per started 64 KB of request payload. */
  billedRequests: number;
  /** Calls per table (DynamoDB; SQS: per queue name). */
  byTable: Record<string, number>;
}

/** caller → operation → tally. */
export type RoundTripCounts = Record<string, Record<string, CallTally>>;

export interface RoundTripCounter {
  readonly endpoint: string;
  /** A copy of the counts so far. */
  readonly snapshot: () => RoundTripCounts;
  readonly stop: () => Promise<void>;
}

/** Powertools appends its own `-PT-…` marker to the app id; function keys are plain camelCase. */
const appIdPattern = /(?:^|\s)app\/([A-Za-z0-9]+)/;

export async function startRoundTripCounter(target: string, kind: 'dynamodb' | 'sqs'): Promise<RoundTripCounter> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const counts: RoundTripCounts = {};

  const tally = (caller: string, operation: string): CallTally => {
    const byOperation = (counts[caller] ??= {});
    return (byOperation[operation] ??= { calls: 0, capacityUnits: 0, requestBytes: 0, billedRequests: 0, byTable: {} });
  };

  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      let body = Buffer.concat(chunks);
      const caller = appIdPattern.exec(String(incoming.headers['user-agent'] ?? ''))?.[1] ?? 'twin';
      const operation = operationOf(incoming, body);
      const entry = tally(caller, operation);
      entry.calls++;
      entry.requestBytes += body.length;
      entry.billedRequests += Math.max(1, Math.ceil(body.length / 65_536));
      const parsed = parseJson(body);
      // A batch names its tables in RequestItems (one call over two tables counts as "a+b").
      const batchTables = parsed?.RequestItems && typeof parsed.RequestItems === 'object' ? Object.keys(parsed.RequestItems as object).sort().join('+') : undefined;
      const table =
        typeof parsed?.TableName === 'string' ? parsed.TableName : batchTables ?? (typeof parsed?.QueueUrl === 'string' ? parsed.QueueUrl.slice(parsed.QueueUrl.lastIndexOf('/') + 1) : '');
      entry.byTable[table] = (entry.byTable[table] ?? 0) + 1;
      const askCapacity = kind === 'dynamodb' && parsed !== undefined;
      if (askCapacity) {
        parsed.ReturnConsumedCapacity ??= 'TOTAL';
        body = Buffer.from(JSON.stringify(parsed));
      }
      const headers = { ...incoming.headers, host: upstream.host, 'content-length': String(body.length) };
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers, agent },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
          answer.on('end', () => {
            const answerBody = Buffer.concat(answerChunks);
            if (askCapacity) entry.capacityUnits += capacityOf(answerBody);
            outgoing.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'content-length': String(answerBody.length) });
            outgoing.end(answerBody);
          });
        },
      );
      forward.on('error', (error) => {
        outgoing.writeHead(502);
        outgoing.end(error.message);
      });
      forward.end(body);
    });
  });
  await listen(server, 0);
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    snapshot: () => structuredClone(counts),
    stop: async () => {
      await closeServer(server);
      agent.destroy();
    },
  };
}

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `DynamoDB_20120810.PutItem` → PutItem; SQS over JSON (`AmazonSQS.SendMessage`) or the query protocol (`Action=`). */
function operationOf(request: IncomingMessage, body: Buffer): string {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body.toString('utf8'))?.[1];
  return action ?? 'unknown';
}

/** Sums ConsumedCapacity of a DynamoDB answer (one object, or a list for batch calls). */
function capacityOf(answer: Buffer): number {
  try {
    const consumed = (JSON.parse(answer.toString('utf8')) as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
    const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
    return list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
  } catch {
    return 0;
  }
}

/** What `after` counted beyond `before`, per caller and operation (entries with no new call dropped). */
export function countsBetween(before: RoundTripCounts, after: RoundTripCounts): RoundTripCounts {
  const result: RoundTripCounts = {};
  for (const [caller, operations] of Object.entries(after)) {
    for (const [operation, now] of Object.entries(operations)) {
      const then = before[caller]?.[operation];
      const calls = now.calls - (then?.calls ?? 0);
      if (calls === 0) continue;
      const byTable: Record<string, number> = {};
      for (const [table, n] of Object.entries(now.byTable)) if (n - (then?.byTable[table] ?? 0) > 0) byTable[table] = n - (then?.byTable[table] ?? 0);
      (result[caller] ??= {})[operation] = {
        calls,
        capacityUnits: now.capacityUnits - (then?.capacityUnits ?? 0),
        requestBytes: now.requestBytes - (then?.requestBytes ?? 0),
        billedRequests: now.billedRequests - (then?.billedRequests ?? 0),
        byTable,
      };
    }
  }
  return result;
}
