import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FunctionKey } from '../topology/functions';
import { functionDefinitions } from '../topology/functions';
import type { QueueKey } from '../topology/resources';
import { buildConsole } from '../console/build-console';
import { serveConsole } from './console-files';
import { ensureDemoKey, ensureOperatorKey } from './demo-key';
import { startEmbeddedDynamoDb } from './embedded-dynamodb';
import type { QueueUrls } from './embedded-sqs';
import { startEmbeddedSqs } from './embedded-sqs';
import type { FunctionCode } from './lambda-runtime';
import { apiFunctionKeys, LambdaRuntime } from './lambda-runtime';
import { ensureTwinLedgerFiles } from './ledger-key';
import { closeServer, embeddedServiceClientConfig, listen } from './net';
import { QueuePoller } from './queue-poller';
import { createRestApiServer, defaultAuthorizerCacheSeconds } from './rest-api';
import type { RoundTripCounts } from './round-trip-counter';
import { startRoundTripCounter } from './round-trip-counter';
import { Scheduler } from './scheduler';
import { startSimulators } from './simulators/start-simulators';
import { configureFunctionEnvironment } from './twin-environment';

export interface TwinOptions {
  /** HTTP port of the gateway; 0 picks a free one. */
  readonly port: number;
  /** Where twin.json and (when persistent) the DynamoDB data live. */
  readonly dataDir: string;
  /** Keep DynamoDB data in memory only. */
  readonly inMemory: boolean;
  readonly region: string;
  /** Run schedules on their timers (tests trigger them by hand instead). */
  readonly schedules: boolean;
  /** Ports of the partner simulators; 0 (the default) picks free ones. */
  readonly simulatorPorts?: { readonly portal?: number; readonly city?: number; readonly identity?: number; readonly payment?: number };
  /** Extra environment for the functions (tests shorten backoffs and sweeper thresholds). */
  readonly functionEnvironment?: Record<string, string>;
  /**
   * API Gateway's authorizer result cache TTL, in seconds: a policy is reused for the same
   * Authorization header this long. Defaults to 300, as the stack deploys it; 0 turns it off (tests
   * that revoke a key and expect the next request to fail).
   */
  readonly authorizerCacheSeconds?: number;
  /** Run the functions' TypeScript sources (default) or the bundles Lambda would get. */
  readonly functionCode?: FunctionCode;
  /**
   * The concurrency limit (most containers) of each function without a queue trigger; queue
   * workers take their event-source mapping's maximum concurrency. Defaults to `defaultApiConcurrency`.
   */
  readonly apiConcurrency?: number;
  /**
   * Start one container of every API function at once, in the background (npm start, the bench),
   * so the first requests find them warm or already starting. Tests leave it off: each test
   * starts only the containers it uses.
   */
  readonly prewarm?: boolean;
  /**
   * Count the functions' DynamoDB and SQS round trips (per function and API operation) through a
   * relay in front of each embedded service (round-trip-counter.ts); `twin.roundTrips()` reads them.
   */
  readonly countRoundTrips?: boolean;
}

/** What scripts read from `<data dir>/twin.json`. */
export interface TwinDescription {
  readonly gatewayUrl: string;
  readonly apiKey: string;
  /** A key with the ops scopes only, for the console and `npm run ops`. */
  readonly operatorKey: string;
  /** The operators' web console. */
  readonly consoleUrl: string;
  readonly simulators: Record<string, string>;
  readonly dynamodbEndpoint: string;
  readonly sqsEndpoint: string;
  readonly region: string;
  readonly queueUrls: Record<QueueKey, QueueUrls>;
  /** The ledger's anchors (the twin's stand-in for the Object Lock bucket) and the key that checks them. */
  readonly ledgerAnchorDir: string;
  readonly ledgerPublicKeyFile: string;
}

export interface Twin extends TwinDescription {
  readonly runtime: LambdaRuntime;
  readonly runSchedule: (key: FunctionKey) => Promise<unknown>;
  /** Batches of a queue-triggered function handed to it and not yet settled (deleted or released). */
  readonly batchesInFlight: (key: FunctionKey) => number;
  /**
   * Resolves when the function's mapping next settles a batch: the signal to look again at what
   * the worker changes (take it before looking, so a batch settled meanwhile is not missed).
   */
  readonly nextBatchSettled: (key: FunctionKey) => Promise<void>;
  /** ReceiveMessage calls a queue-triggered function's mapping has made (see QueuePoller.receivesCompleted). */
  readonly receivesCompleted: (key: FunctionKey) => number;
  /**
   * Disables or enables every queue's event-source mapping, or only those of `only` (as the Lambda
   * API can, one mapping at a time): while disabled, messages wait in their queues. Disabling
   * resolves once batches already received are settled.
   */
  readonly setEventSourceMappings: (enabled: boolean, only?: readonly FunctionKey[]) => Promise<void>;
  /** The counted round trips so far (only with `countRoundTrips`). */
  readonly roundTrips?: () => { readonly dynamodb: RoundTripCounts; readonly sqs: RoundTripCounts };
  readonly stop: () => Promise<void>;
}

/**
 * The local twin: embedded DynamoDB and SQS, the REST API emulator, queue pollers and schedules
 * around the very handlers Lambda runs. Starts in well under a second.
 */
export async function startTwin(options: TwinOptions): Promise<Twin> {
  mkdirSync(options.dataDir, { recursive: true });
  const dynamodb = await startEmbeddedDynamoDb({ dataDir: options.inMemory ? undefined : path.join(options.dataDir, 'dynamodb'), region: options.region });
  const sqs = await startEmbeddedSqs(options.region);
  const simulators = await startSimulators(options.simulatorPorts ?? {});
  const ledgerFiles = ensureTwinLedgerFiles(options.dataDir, options.inMemory);
  // The twin's own pollers keep talking to SQS directly: only the functions' calls are counted.
  const counters = options.countRoundTrips
    ? { dynamodb: await startRoundTripCounter(dynamodb.endpoint, 'dynamodb'), sqs: await startRoundTripCounter(sqs.endpoint, 'sqs') }
    : undefined;
  configureFunctionEnvironment({
    region: options.region,
    dynamodbEndpoint: counters?.dynamodb.endpoint ?? dynamodb.endpoint,
    sqsEndpoint: counters?.sqs.endpoint ?? sqs.endpoint,
    // The SDK sends a call to its queue URL's host, so counted queues get URLs on the relay.
    queueUrls: counters ? relayedQueueUrls(sqs.queueUrls, counters.sqs.endpoint) : sqs.queueUrls,
    partners: simulators.environment,
    ledger: ledgerFiles,
    overrides: options.functionEnvironment ?? {},
  });

  const descriptionFile = path.join(options.dataDir, 'twin.json');
  const previous = options.inMemory ? undefined : previousDescription(descriptionFile);
  const apiKey = await ensureDemoKey(previous?.apiKey);
  const operatorKey = await ensureOperatorKey(previous?.operatorKey);

  // The functions' environment is fixed here, as a deployment fixes it: every container gets this copy.
  const runtime = new LambdaRuntime(options.region, {
    code: options.functionCode,
    environment: { ...process.env },
    apiConcurrency: options.apiConcurrency,
    tagSdkCalls: options.countRoundTrips,
  });
  // In the background: the twin answers at once, and a request arriving before its function's
  // container is ready waits for that container rather than starting another.
  if (options.prewarm) runtime.prewarm(apiFunctionKeys()).catch((error: unknown) => console.error('[twin] pre-warming failed', (error as Error).message));
  const consoleDir = await buildConsole(path.join(options.dataDir, 'console'));
  const api = createRestApiServer(runtime, options.region, {
    authorizerCacheSeconds: options.authorizerCacheSeconds ?? defaultAuthorizerCacheSeconds,
    // In AWS, CloudFront serves the console from S3 and routes /v1/* to the API on the same origin.
    serveOther: (request, response) => serveConsole(consoleDir, request, response),
  });
  await listen(api, options.port);
  const gatewayUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  simulators.connectGateway(gatewayUrl);

  const pollers = await startPollers(runtime, sqs.endpoint, sqs.queueUrls, options.region);
  const pollerOf = (key: FunctionKey) => pollers.find((p) => p.functionKey === key);
  const scheduler = new Scheduler(runtime);
  if (options.schedules) scheduler.start();

  const description: TwinDescription = {
    gatewayUrl,
    apiKey,
    operatorKey,
    consoleUrl: `${gatewayUrl}/console/`,
    simulators: simulators.urls,
    dynamodbEndpoint: dynamodb.endpoint,
    sqsEndpoint: sqs.endpoint,
    region: options.region,
    queueUrls: sqs.queueUrls,
    ledgerAnchorDir: ledgerFiles.anchorDir,
    ledgerPublicKeyFile: ledgerFiles.publicKeyFile,
  };
  writeFileSync(descriptionFile, `${JSON.stringify(description, null, 2)}\n`);

  let stopped = false;
  return {
    ...description,
    runtime,
    runSchedule: (key) => scheduler.runNow(key),
    batchesInFlight: (key) => pollerOf(key)?.batchesInFlight ?? 0,
    nextBatchSettled: (key) =>
      new Promise<void>((resolve, reject) => {
        const poller = pollerOf(key);
        if (!poller) return reject(new Error(`${key} has no event-source mapping`));
        const off = poller.onBatchSettled(() => {
          off();
          resolve();
        });
      }),
    receivesCompleted: (key) => pollerOf(key)?.receivesCompleted ?? 0,
    setEventSourceMappings: async (enabled, only) => {
      const chosen = pollers.filter((p) => !only || only.includes(p.functionKey));
      if (!enabled) await Promise.all(chosen.map((p) => p.disable()));
      else for (const poller of chosen) if (!poller.enabled) poller.start();
    },
    roundTrips: counters && (() => ({ dynamodb: counters.dynamodb.snapshot(), sqs: counters.sqs.snapshot() })),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      scheduler.stop();
      await Promise.all(pollers.map((p) => p.stop()));
      await closeServer(api);
      // Every container ends before the storage and queues it talks to go away.
      await runtime.stop();
      await simulators.stop();
      await Promise.all([counters?.dynamodb.stop(), counters?.sqs.stop()]);
      await sqs.stop();
      await dynamodb.stop();
    },
  };
}

function relayedQueueUrls(queueUrls: Record<QueueKey, QueueUrls>, relay: string): Record<QueueKey, QueueUrls> {
  const onRelay = (url: string) => new URL(new URL(url).pathname, relay).toString();
  return Object.fromEntries(
    Object.entries(queueUrls).map(([key, urls]) => [key, { main: onRelay(urls.main), deadLetter: onRelay(urls.deadLetter) }]),
  ) as Record<QueueKey, QueueUrls>;
}

function previousDescription(descriptionFile: string): Partial<TwinDescription> | undefined {
  try {
    return JSON.parse(readFileSync(descriptionFile, 'utf8')) as Partial<TwinDescription>;
  } catch {
    return undefined;
  }
}

async function startPollers(
  runtime: LambdaRuntime,
  endpoint: string,
  queueUrls: Record<QueueKey, QueueUrls>,
  region: string,
): Promise<QueuePoller[]> {
  const client = new SQSClient(embeddedServiceClientConfig(endpoint, region));
  try {
    const pollers: QueuePoller[] = [];
    for (const [key, definition] of Object.entries(functionDefinitions) as [FunctionKey, (typeof functionDefinitions)[FunctionKey]][]) {
      if (!definition.queueTrigger) continue;
      const queueUrl = queueUrls[definition.queueTrigger.queue].main;
      const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
      const poller = new QueuePoller(runtime, key, queueUrl, Attributes?.QueueArn ?? '', endpoint, region);
      poller.start();
      pollers.push(poller);
    }
    return pollers;
  } finally {
    client.destroy();
  }
}
