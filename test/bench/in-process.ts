import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import { DossierSnapshotInput } from '../../contracts/api/dossier';
import type { Route } from '../../contracts/api/routes';
import { routes } from '../../contracts/api/routes';
import { documentClient } from '../../functions/adapters/aws/dynamodb-client';
import { sqsClient } from '../../functions/adapters/aws/sqs-client';
import { incomingCall, proxyEvent } from '../../infra/local/rest-api-events';
import { sampleDossier, sampleDossierCode } from '../../infra/local/sample-dossier';
import { queues, tables } from '../../infra/topology/resources';
import { mean, percentile } from './stats';

/**
 * Issue 14: per request in-process, storage and queue answered by aws-sdk-client-mock, at most this
 * many times the floor measured in the same run (parse + full zod parse + stringify of the same
 * dossier). A ratio, because the µs figure moves with the machine; DESIGN §11's 45 µs was one.
 */
export const perRequestFloorRatioBudget = { PUT: 2, GET: 1.2 } as const;

/**
 * Where a path's own CPU goes when it misses even with plain sends: shares of the handler's CPU
 * samples from `node --cpu-prof --import tsx test/bench/profile-path.ts PUT` (2026-11-30, after
 * the version history moved into the snapshot's write). Rerun after a change; shares, not µs.
 */
export const ownCostNote: Record<'PUT' | 'GET', string> = {
  PUT: 'own CPU: body parse 42% (JSON 8%, zod 34%: the floor\'s own work, slower amid the rest than in its tight loop), portal re-check 31% (translation, PortalDossier and PortalStep parse), snapshot stringify + SHA-256 12%, middy + logger + headers 10%, storage and queue calls 3%',
  GET: 'own CPU: deadline clocks computed on read ~40%, response stringify ~30%, middy + logger + headers ~15%',
};

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type Item = Record<string, unknown>;

export type Variant = 'client-mock' | 'plain-send' | 'sdk-canned-http';

export interface Timing {
  readonly meanUs: number;
  readonly p50Us: number;
  readonly p99Us: number;
}

export interface PathTiming extends Timing {
  readonly path: 'PUT' | 'GET';
  readonly variant: Variant;
  readonly iterations: number;
  readonly ratioToFloor: number;
  /** Storage and queue calls one request makes (counted from the mock's history; client-mock only). */
  readonly callsPerRequest?: number;
}

export interface InProcessMeasurement {
  readonly iterations: number;
  readonly warmup: number;
  readonly bodyBytes: number;
  readonly floor: Timing;
  readonly paths: readonly PathTiming[];
  /**
   * One DynamoDB Query sent through the document client and answered, with no handler around it:
   * what each storage or queue call of a path costs under each variant before any gateway code runs.
   */
  readonly singleSend: Readonly<Partial<Record<Variant, Timing>>>;
}

const region = 'ap-southeast-1';
const accountId = '000000000000';

/**
 * What Lambda would set (CDK sets the resource variables, the runtime the region and credentials),
 * at production log level. It must be in place before the handlers are imported: the logger reads
 * its level and the resource names are validated when the modules first use them.
 */
export function configureEnvironment(): void {
  const env = process.env;
  env.AWS_REGION = region;
  env.AWS_ACCESS_KEY_ID = 'bench';
  env.AWS_SECRET_ACCESS_KEY = 'bench';
  env.POWERTOOLS_LOG_LEVEL = 'INFO';
  env.POWERTOOLS_SERVICE_NAME = 'lienthong';
  for (const table of Object.values(tables)) env[table.envVar] = table.localName;
  for (const queue of Object.values(queues)) {
    env[queue.envVar] = `https://sqs.${region}.amazonaws.com/${accountId}/${queue.localName}`;
    env[queue.deadLetter.envVar] = `https://sqs.${region}.amazonaws.com/${accountId}/${queue.deadLetter.localName}`;
  }
}

const context: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'lienthong-bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:lienthong-bench`,
  memoryLimitInMB: '512',
  awsRequestId: 'bench',
  logGroupName: '/aws/lambda/lienthong-bench',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

function routeOf(operationId: string): Route {
  const route = routes.find((r) => r.operationId === operationId);
  if (!route) throw new Error(`no route ${operationId}`);
  return route;
}

/**
 * A fresh proxy event per call, built by the twin's own event builder with the headers API
 * Gateway forwards: the header normaliser rewrites `headers` in place, so reusing one event
 * would make every call after the first cheaper than in production.
 */
export function eventFactory(method: 'PUT' | 'GET', body: string | undefined): (i: number) => APIGatewayProxyEvent {
  const route = routeOf(method === 'PUT' ? 'putDossier' : 'getDossier');
  const path = `/v1/dossiers/${sampleDossierCode}`;
  const bodyBuffer = Buffer.from(body ?? '', 'utf8');
  const authorizer = { principalId: 'key-bench', clientName: 'dvc-hcm', keyId: 'key-bench', scopes: 'dossiers:read dossiers:write' };
  return (i) =>
    proxyEvent(
      incomingCall({
        method,
        target: path,
        rawHeaders: Object.entries({
          host: 'abcdef1234.execute-api.ap-southeast-1.amazonaws.com',
          'user-agent': 'dvc-hcm/2.4 node',
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(bodyBuffer.length) }),
          authorization: 'Bearer lt_bench_0000000000000000000000000000',
          'x-amzn-trace-id': `Root=1-6740a1b2-${i.toString(16).padStart(24, '0')}`,
          'x-forwarded-for': '203.0.113.10',
          'x-forwarded-port': '443',
          'x-forwarded-proto': 'https',
        }).flat(),
        body: bodyBuffer,
        sourceIp: '203.0.113.10',
      }),
      route,
      { code: sampleDossierCode },
      `bench-${i}`,
      authorizer,
    );
}

/** One call, checked: a wrong status means the setup is broken and every timing would be meaningless. */
async function invoke(handler: Handler, event: APIGatewayProxyEvent, expectedStatus: number): Promise<void> {
  const result = await handler(event, context);
  if (result.statusCode !== expectedStatus) {
    throw new Error(`${event.httpMethod} answered ${result.statusCode} instead of ${expectedStatus}: ${result.body.slice(0, 500)}`);
  }
}

/**
 * Times each call on its own so the percentiles are per request. The event is built, and
 * `betweenCalls` runs, outside the clock.
 */
async function timeHandler(
  handler: Handler,
  makeEvent: (i: number) => APIGatewayProxyEvent,
  expectedStatus: number,
  warmup: number,
  iterations: number,
  betweenCalls?: (i: number) => void,
): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    betweenCalls?.(i);
    const event = makeEvent(i);
    const started = process.hrtime.bigint();
    const result = await handler(event, context);
    const elapsed = process.hrtime.bigint() - started;
    if (result.statusCode !== expectedStatus) {
      throw new Error(`${event.httpMethod} answered ${result.statusCode} instead of ${expectedStatus}: ${result.body.slice(0, 500)}`);
    }
    if (i >= warmup) samples.push(Number(elapsed) / 1000);
  }
  return summarise(samples);
}

function summarise(samplesUs: readonly number[]): Timing {
  return { meanUs: mean(samplesUs), p50Us: percentile(samplesUs, 50), p99Us: percentile(samplesUs, 99) };
}

/** The least any PUT must do with this body: parse it, validate it, write JSON back out. */
function timeFloor(body: string, warmup: number, iterations: number): Timing {
  const samples: number[] = [];
  let sink = 0; // keeps the work observable so the JIT cannot drop it
  for (let i = 0; i < warmup + iterations; i++) {
    const started = process.hrtime.bigint();
    sink += JSON.stringify(DossierSnapshotInput.parse(JSON.parse(body))).length;
    const elapsed = process.hrtime.bigint() - started;
    if (i >= warmup) samples.push(Number(elapsed) / 1000);
  }
  if (sink === 0) throw new Error('floor produced nothing');
  return summarise(samples);
}

/** Shadows a client's prototype `send` with an own property; returns the undo. */
function replaceSend(client: object, send: (command: unknown) => Promise<unknown>): () => void {
  Object.defineProperty(client, 'send', { value: send, configurable: true, writable: true });
  return () => {
    delete (client as { send?: unknown }).send;
  };
}

interface CannedHttpHandler {
  handle(request: { headers: Record<string, string>; body?: unknown }): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Uint8Array } }>;
}

/**
 * Swaps the clients' HTTP layer for canned AWS responses, so the SDK's whole middleware stack
 * (marshalling, serialisation, SigV4 signing, deserialisation, SQS's MD5 check) runs as in Lambda,
 * minus the network. The stack reads `config.requestHandler` on every send.
 */
function replaceRequestHandler(client: { config: unknown }, handler: CannedHttpHandler): () => void {
  const config = client.config as { requestHandler: unknown };
  const original = config.requestHandler;
  config.requestHandler = { ...handler, updateHttpClientConfig: () => undefined, httpHandlerConfigs: () => ({}) };
  return () => {
    config.requestHandler = original;
  };
}

/** The SDK hands JSON-protocol bodies over as bytes (older versions: a string). */
function bodyText(body: unknown): string {
  return body instanceof Uint8Array ? new TextDecoder().decode(body) : String(body);
}

/**
 * The item a write leaves behind on a new dossier, for PutItem (its Item) and for an UpdateItem
 * made of `SET #name = :value` and `SET #name = list_append(if_not_exists(#name, :empty), :value)`
 * clauses (its Key plus every set attribute) — the PUT path has used both. Works on
 * document-client inputs and on their marshalled wire form alike: the values are carried over as is.
 */
function writtenItem(input: { Item?: unknown; Key?: unknown; UpdateExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> }): Item | undefined {
  if (input.Item) return input.Item as Item;
  if (!input.Key || !input.UpdateExpression) return undefined;
  const set = /^\s*SET\s+(.*)$/i.exec(input.UpdateExpression);
  if (!set?.[1] || /\b(REMOVE|ADD|DELETE)\b/i.test(set[1])) throw new Error(`the bench only understands SET updates, not: ${input.UpdateExpression}`);
  const item: Item = { ...(input.Key as Item) };
  for (const clause of set[1].split(/,(?![^(]*\))(?![^(]*\([^(]*\))/)) {
    const [name = '', value = ''] = clause.split(/=(.*)/s).map((part) => part.trim());
    const appended = /^list_append\(if_not_exists\((#\w+), (:\w+)\), (:\w+)\)$/.exec(value);
    if (value.includes('(') && !appended) throw new Error(`the bench only understands plain values and list_append on a new item, not: ${value}`);
    item[input.ExpressionAttributeNames?.[name] ?? name] = input.ExpressionAttributeValues?.[appended ? appended[3]! : value];
  }
  return item;
}

function awsJson(body: Uint8Array) {
  return { response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'bench' }, body } };
}

/** Times `documentClient().send(Query)` alone, with the same reset cadence as the paths. */
async function timeSingleSend(warmup: number, iterations: number, betweenCalls?: (i: number) => void): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    betweenCalls?.(i);
    const command = new QueryCommand({
      TableName: 'lienthong-dossiers',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `DOSSIER#${sampleDossierCode}` },
      ConsistentRead: true,
    });
    const started = process.hrtime.bigint();
    await documentClient().send(command);
    const elapsed = process.hrtime.bigint() - started;
    if (i >= warmup) samples.push(Number(elapsed) / 1000);
  }
  return summarise(samples);
}

const messageId = '5fea7756-0ea4-451a-a703-a558b933e274';

/**
 * The dossier partition as the PUT path leaves it (its STATE item exactly as written, plus the
 * portal sync item), so a GET reads back a realistic partition. Runs the PUT handler once in this
 * process with both clients' `send` answered in place.
 */
export async function capturePutPartition(): Promise<Item[]> {
  configureEnvironment();
  const put = (await import('../../functions/put-dossier/handler')).handler as unknown as Handler;
  let stateItem: Item | undefined;
  const undoCapture = [
    replaceSend(documentClient(), async (command) => {
      if (command instanceof PutCommand || command instanceof UpdateCommand) stateItem = writtenItem(command.input);
      return {};
    }),
    replaceSend(sqsClient(), async () => ({ MessageId: messageId })),
  ];
  try {
    await invoke(put, eventFactory('PUT', JSON.stringify(sampleDossier()))(0), 202);
  } finally {
    undoCapture.forEach((undo) => undo());
  }
  if (!stateItem) throw new Error('the PUT path wrote no STATE item');
  const syncItem: Item = { pk: stateItem.pk, sk: 'SYNC#PORTAL', ackVersion: 1, attempts: 0, lastReceivedVersion: 1, lastReceivedAt: stateItem.storedAt };
  return [stateItem, syncItem];
}

/**
 * Warm-up matters: zod and the handlers take ~1,000 calls to settle in the JIT (the floor's mean
 * halves between its first and second thousand calls). The SDK variant is ~20× slower per call and
 * only a diagnostic, so it runs fewer iterations to keep the whole bench near 2 minutes.
 */
export async function measureInProcess(options = { warmup: 2_000, iterations: 5_000, sdkWarmup: 200, sdkIterations: 1_000 }): Promise<InProcessMeasurement> {
  configureEnvironment();
  const put = (await import('../../functions/put-dossier/handler')).handler as unknown as Handler;
  const get = (await import('../../functions/get-dossier/handler')).handler as unknown as Handler;

  const body = JSON.stringify(sampleDossier());
  const putEvent = eventFactory('PUT', body);
  const getEvent = eventFactory('GET', undefined);
  const partition = await capturePutPartition();
  const stateItem = partition[0]!;

  const floor = timeFloor(body, options.warmup, options.iterations);
  const paths: PathTiming[] = [];
  const singleSend: Partial<Record<Variant, Timing>> = {};
  const measurePaths = async (variant: Variant, warmup = options.warmup, iterations = options.iterations, betweenCalls?: (i: number) => void, countCalls?: () => number) => {
    for (const [path, handler, makeEvent, status] of [
      ['PUT', put, putEvent, 202],
      ['GET', get, getEvent, 200],
    ] as const) {
      const timing = await timeHandler(handler, makeEvent, status, warmup, iterations, betweenCalls);
      // One more request, its calls counted: what the mock library's per-call cost is multiplied by.
      let callsPerRequest: number | undefined;
      if (countCalls) {
        betweenCalls?.(0);
        await invoke(handler, makeEvent(warmup + iterations), status);
        callsPerRequest = countCalls();
      }
      paths.push({ path, variant, iterations, ...timing, ratioToFloor: timing.meanUs / floor.meanUs, callsPerRequest });
    }
  };

  // 1. The budgeted setup: aws-sdk-client-mock (sinon stubs on the clients' prototypes, with call history).
  const dynamoMock = mockClient(DynamoDBDocumentClient);
  dynamoMock.on(PutCommand).resolves({}).on(UpdateCommand).resolves({}).on(QueryCommand).resolves({ Items: partition });
  const sqsMock = mockClient(SQSClient);
  sqsMock.on(SendMessageCommand).resolves({ MessageId: messageId });
  try {
    // sinon keeps every call (command, input item, a captured Error) until reset. Left to grow over
    // 14,000 calls it turns into GC work no Lambda and no single test would see, so it is cleared
    // every 100 calls, outside the clock — as a test's beforeEach(() => mock.reset()) would.
    const resetEvery100 = (i: number) => {
      if (i % 100 === 0) {
        dynamoMock.resetHistory();
        sqsMock.resetHistory();
      }
    };
    await measurePaths('client-mock', options.warmup, options.iterations, resetEvery100, () => dynamoMock.calls().length + sqsMock.calls().length);
    singleSend['client-mock'] = await timeSingleSend(options.warmup, options.iterations, resetEvery100);
  } finally {
    dynamoMock.restore();
    sqsMock.restore();
  }

  // 2. The same answers from a bare async function: the difference to 1 is the mock library's own cost.
  const undoPlain = [
    replaceSend(documentClient(), async (command) => (command instanceof QueryCommand ? { Items: partition } : {})),
    replaceSend(sqsClient(), async () => ({ MessageId: messageId })),
  ];
  try {
    await measurePaths('plain-send');
    singleSend['plain-send'] = await timeSingleSend(options.warmup, options.iterations);
  } finally {
    undoPlain.forEach((undo) => undo());
  }

  // 3. Diagnostic: the real SDK stack over canned HTTP answers — what Lambda pays besides the network.
  let queryAnswer: Uint8Array | undefined;
  const encoder = new TextEncoder();
  const emptyObject = encoder.encode('{}');
  const undoHttp = [
    replaceRequestHandler(documentClient(), {
      handle: async (request) => {
        const target = request.headers['x-amz-target'] ?? '';
        if (target.endsWith('.PutItem') || target.endsWith('.UpdateItem')) {
          // The first write tells us the marshalled STATE item; Query answers with it from then on.
          queryAnswer ??= encoder.encode(
            JSON.stringify({
              Count: 2,
              ScannedCount: 2,
              Items: [
                writtenItem(JSON.parse(bodyText(request.body)) as Parameters<typeof writtenItem>[0]),
                { pk: { S: String(stateItem?.pk) }, sk: { S: 'SYNC#PORTAL' }, ackVersion: { N: '1' }, attempts: { N: '0' }, lastReceivedVersion: { N: '1' } },
              ],
            }),
          );
          return awsJson(emptyObject.slice());
        }
        if (target.endsWith('.Query') && queryAnswer) return awsJson(queryAnswer.slice());
        throw new Error(`unexpected DynamoDB call ${target}`);
      },
    }),
    replaceRequestHandler(sqsClient(), {
      handle: async (request) => {
        const { MessageBody } = JSON.parse(bodyText(request.body)) as { MessageBody: string };
        const md5 = createHash('md5').update(MessageBody).digest('hex');
        return awsJson(encoder.encode(JSON.stringify({ MessageId: messageId, MD5OfMessageBody: md5 })));
      },
    }),
  ];
  try {
    await measurePaths('sdk-canned-http', options.sdkWarmup, options.sdkIterations);
  } finally {
    undoHttp.forEach((undo) => undo());
  }

  return { warmup: options.warmup, iterations: options.iterations, bodyBytes: Buffer.byteLength(body), floor, paths, singleSend };
}
