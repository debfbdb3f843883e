import { randomBytes, randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { platformLimits } from '../../contracts/platform/limits';
import type { FunctionArtifact } from './function-artifacts';
import { LambdaResponseTooLargeError } from './lambda-wire';

/*
 * One Lambda execution environment ("container") of the twin: a worker thread with its own
 * module graph, so every module-level singleton of the function (SDK clients, caches, circuit
 * breakers, Powertools batch processors, the logger) exists once per container, as in Lambda.
 * The pool (function-pool.ts) hands it one invocation at a time.
 *
 * The worker's code is plain CommonJS evaluated from a string, like embedded-thread.ts: it must
 * start the same way under tsx (npm start), vitest and the bench, and a worker thread on Node 20
 * cannot inherit a TypeScript loader (`--import tsx` registers hooks the worker never sees). So
 * the function is loaded as built JavaScript (function-artifacts.ts), the way Lambda loads it.
 */

/** What a container needs to play one function's execution environment. */
export interface ContainerSpec {
  /** The Lambda function name, e.g. `lienthong-putDossier`. */
  readonly functionName: string;
  readonly region: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** The function's environment variables, as deployed: every container of it gets the same. */
  readonly environment: Readonly<Record<string, string | undefined>>;
}

/** Measured when the container started: its cold start. */
export interface ContainerInit {
  /** From creating the thread until the handler was ready (thread start + module load). */
  readonly coldStartMs: number;
  /** The module load alone, timed inside the container (Lambda's "Init Duration"). */
  readonly initMs: number;
  /** The container's V8 heap in use right after the load, in MB (isolate-local, unlike RSS). */
  readonly heapUsedMb: number;
}

/** A handler failure as the caller sees it, rebuilt from what the container reported. */
export class FunctionError extends Error {
  constructor(
    name: string,
    message: string,
    readonly code: string | undefined,
    stack: string | undefined,
  ) {
    super(message);
    this.name = name;
    if (stack) this.stack = stack;
  }
}

/** Lambda's answer when an invocation outlives the function's timeout; the container is discarded. */
export class FunctionTimeoutError extends Error {
  readonly code = 'Sandbox.Timedout';
  constructor(timeoutSeconds: number) {
    super(`Task timed out after ${timeoutSeconds.toFixed(2)} seconds`);
    this.name = 'FunctionTimeoutError';
  }
}

/** The container died under an invocation (uncaught error, unhandled rejection, out of memory). */
export class ContainerCrashError extends Error {
  readonly code = 'Runtime.ExitError';
  constructor(reason: string) {
    super(`Runtime exited: ${reason}`);
    this.name = 'ContainerCrashError';
  }
}

type WorkerReply =
  | { readonly kind: 'ready'; readonly initMs: number; readonly heapUsedBytes: number }
  | { readonly kind: 'load-failed'; readonly error: SerializedError }
  | { readonly kind: 'result'; readonly id: number; readonly resultJson: string; readonly meter: InvocationMeter }
  | { readonly kind: 'error'; readonly id: number; readonly error: SerializedError; readonly meter: InvocationMeter };

/** Measured inside the container for one invocation: what Lambda bills (duration) and CloudWatch ingests (log bytes). */
export interface InvocationMeter {
  readonly durationMs: number;
  /** Bytes the function wrote to stdout and stderr during the invocation (Lambda's own START/END/REPORT lines not included). */
  readonly logBytes: number;
}

interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
}

const workerSource = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { randomUUID } = require('node:crypto');
const { pathToFileURL } = require('node:url');
const v8 = require('node:v8');

const { artifact, context: base, sourceMaps } = workerData;
if (sourceMaps) process.setSourceMapsEnabled(true);

// Counts what the function logs (CloudWatch bills ingestion by the byte); the lines still go out.
let logBytes = 0;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    logBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    return write(chunk, ...rest);
  };
}

function serialize(error) {
  if (error instanceof Error) return { name: error.name, message: error.message, code: typeof error.code === 'string' ? error.code : undefined, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

async function load() {
  const started = performance.now();
  const module = artifact.format === 'cjs' ? require(artifact.file) : await import(pathToFileURL(artifact.file).href);
  const handler = module.handler ?? (module.default && module.default.handler);
  if (typeof handler !== 'function') throw new Error(artifact.file + ' exports no handler');
  return { handler, initMs: performance.now() - started };
}

load().then(
  ({ handler, initMs }) => {
    parentPort.on('message', async ({ id, eventJson, deadline, requestId }) => {
      const context = {
        callbackWaitsForEmptyEventLoop: false,
        functionName: base.functionName,
        functionVersion: '$LATEST',
        invokedFunctionArn: base.invokedFunctionArn,
        memoryLimitInMB: base.memoryLimitInMB,
        awsRequestId: requestId,
        logGroupName: base.logGroupName,
        logStreamName: base.logStreamName,
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
      };
      logBytes = 0;
      const started = performance.now();
      const meter = () => ({ durationMs: performance.now() - started, logBytes });
      try {
        // The event crosses as JSON text, as Lambda's runtime API hands it over; the handler gets what JSON.parse makes of it.
        const result = await handler(JSON.parse(eventJson), context);
        // Lambda hands the caller the JSON serialisation of the result (undefined becomes null).
        parentPort.postMessage({ kind: 'result', id, resultJson: JSON.stringify(result) ?? 'null', meter: meter() });
      } catch (error) {
        parentPort.postMessage({ kind: 'error', id, error: serialize(error), meter: meter() });
      }
    });
    parentPort.postMessage({ kind: 'ready', initMs, heapUsedBytes: v8.getHeapStatistics().used_heap_size });
  },
  (error) => parentPort.postMessage({ kind: 'load-failed', error: serialize(error) }),
);
`;

/** A log stream name in Lambda's format: one per execution environment. */
function logStreamName(): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

export class FunctionContainer {
  /** The container's log stream, which also names it in stats and tests. */
  readonly id = logStreamName();
  private readonly worker: Worker;
  private readonly started = performance.now();
  private nextId = 1;
  private current: { readonly id: number; readonly resolve: (value: unknown) => void; readonly reject: (error: Error) => void; readonly timer: NodeJS.Timeout } | undefined;
  private dead: Error | undefined;
  /** Resolves once the handler is loaded; rejects if the module fails to load (an init error). */
  readonly ready: Promise<ContainerInit>;
  invocations = 0;
  /** The last settled invocation's duration and log bytes (read by the pool right after it). */
  lastMeter: InvocationMeter | undefined;
  /** Whether the handler loaded: a container whose init failed never served. */
  wasReady = false;

  constructor(
    private readonly spec: ContainerSpec,
    artifact: FunctionArtifact,
    /** Told once when the container can serve no more (crash, timeout, stop). */
    private readonly onDeath: (container: FunctionContainer) => void,
  ) {
    const arn = `arn:aws:lambda:${spec.region}:000000000000:function:${spec.functionName}`;
    this.worker = new Worker(workerSource, {
      eval: true,
      name: `${spec.functionName} ${this.id.slice(-8)}`,
      env: { ...spec.environment },
      // Lambda's memory setting bounds the whole environment; the heap is the part V8 can enforce.
      resourceLimits: { maxOldGenerationSizeMb: spec.memoryMb },
      workerData: {
        artifact,
        sourceMaps: artifact.sourceMaps,
        context: {
          functionName: spec.functionName,
          invokedFunctionArn: arn,
          memoryLimitInMB: String(spec.memoryMb),
          logGroupName: `/aws/lambda/${spec.functionName}`,
          logStreamName: this.id,
        },
      },
    });

    this.ready = new Promise<ContainerInit>((resolve, reject) => {
      this.worker.once('message', (reply: WorkerReply) => {
        if (reply.kind === 'ready') {
          this.wasReady = true;
          this.worker.on('message', (message: WorkerReply) => this.settle(message));
          resolve({ coldStartMs: performance.now() - this.started, initMs: reply.initMs, heapUsedMb: reply.heapUsedBytes / 1_048_576 });
        } else if (reply.kind === 'load-failed') {
          reject(toError(reply.error));
          this.die(toError(reply.error));
        }
      });
      this.worker.on('error', (error) => {
        reject(error);
        this.die(new ContainerCrashError(error.message));
      });
      this.worker.once('exit', (code) => {
        const error = new ContainerCrashError(`exit code ${code}`);
        reject(error);
        this.die(error);
      });
    });
    // A failed load is reported to whoever awaits `ready`; this only keeps it from being "unhandled".
    this.ready.catch(() => undefined);
  }

  get alive(): boolean {
    return this.dead === undefined;
  }

  /**
   * Runs one invocation; the pool never calls this while another is in flight. The event and the
   * result cross as JSON as in Lambda, and a result over Lambda's synchronous response limit is
   * refused (LambdaResponseTooLargeError; in AWS, API Gateway then answers 5xx).
   */
  invoke(event: unknown): Promise<unknown> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.current) return Promise.reject(new Error(`${this.spec.functionName}: container ${this.id} is busy`));
    const id = this.nextId++;
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    this.invocations++;
    return new Promise((resolve, reject) => {
      // The function's timeout is enforced here, outside the container: in Lambda a timed-out
      // invocation is an error to the caller and its environment is not reused.
      const timer = setTimeout(() => this.die(new FunctionTimeoutError(this.spec.timeoutSeconds)), timeoutMs);
      this.current = { id, resolve, reject, timer };
      // JSON text both ways (a string crosses the thread boundary as one copy, where an object is
      // structured-cloned node by node): the wire format Lambda itself uses.
      this.worker.postMessage({ id, eventJson: JSON.stringify(event ?? null), deadline: Date.now() + timeoutMs, requestId: randomUUID() });
    });
  }

  /** Ends the container (at shutdown); an invocation in flight fails. */
  async stop(): Promise<void> {
    this.die(new ContainerCrashError('the twin is stopping'));
    await this.worker.terminate();
  }

  private settle(message: WorkerReply): void {
    const current = this.current;
    if (!current || (message.kind !== 'result' && message.kind !== 'error') || message.id !== current.id) return;
    clearTimeout(current.timer);
    this.current = undefined;
    this.lastMeter = message.meter;
    if (message.kind === 'result') {
      try {
        current.resolve(parseResult(message.resultJson));
      } catch (error) {
        current.reject(error as Error);
      }
    }
    else current.reject(toError(message.error));
  }

  private die(reason: Error): void {
    if (this.dead) return;
    this.dead = reason;
    const current = this.current;
    this.current = undefined;
    if (current) {
      clearTimeout(current.timer);
      current.reject(reason);
    }
    void this.worker.terminate();
    this.onDeath(this);
  }
}

function parseResult(payload: string): unknown {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: skip counting bytes for payloads that cannot be over.
  const bytes = payload.length * 3 <= platformLimits.lambdaResponseBytes ? payload.length : Buffer.byteLength(payload, 'utf8');
  if (bytes > platformLimits.lambdaResponseBytes) throw new LambdaResponseTooLargeError(bytes);
  return JSON.parse(payload);
}

function toError(error: SerializedError): FunctionError {
  return new FunctionError(error.name, error.message, error.code, error.stack);
}
