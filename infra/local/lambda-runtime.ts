import type { FunctionKey } from '../topology/functions';
import { functionDefinitions, functions } from '../topology/functions';
import type { FunctionCode } from './function-artifacts';
import { FunctionArtifacts } from './function-artifacts';
import type { PoolStats } from './function-pool';
import { FunctionPool } from './function-pool';

export type { FunctionCode } from './function-artifacts';

/**
 * How many containers a function without a queue trigger (API routes, the authorizer, schedules)
 * may run at once. In AWS, API Gateway → Lambda scales out to the account's concurrency (1,000
 * by default); on a 2-core laptop more threads than this only add memory (~20 MB of heap each)
 * and JIT warm-ups, not throughput. Queue-triggered functions take their event-source mapping's
 * maximum concurrency instead.
 */
export const defaultApiConcurrency = 8;

export interface LambdaRuntimeOptions {
  readonly code?: FunctionCode;
  /** The functions' environment variables (the twin's configuration), fixed like a deployment's. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** The concurrency limit of functions without a queue trigger. */
  readonly apiConcurrency?: number;
  /**
   * Tag each function's SDK calls with its key (AWS_SDK_UA_APP_ID → `app/<key>` in the user
   * agent), so a round-trip counter in front of the embedded services can tell callers apart.
   */
  readonly tagSdkCalls?: boolean;
}

/**
 * Runs the functions as Lambda does: a pool of containers per function (function-pool.ts), each
 * a worker thread with its own module instance and state, one invocation per container at a
 * time, growing on demand (cold starts) up to the function's concurrency limit — the event-source
 * mapping's `maxConcurrency` for queue workers, `apiConcurrency` for the rest.
 */
export class LambdaRuntime {
  private readonly pools = new Map<FunctionKey, FunctionPool>();
  private readonly artifacts: FunctionArtifacts;
  private readonly environment: Readonly<Record<string, string | undefined>>;
  private readonly apiConcurrency: number;
  private readonly tagSdkCalls: boolean;

  constructor(
    private readonly region: string,
    options: LambdaRuntimeOptions = {},
  ) {
    this.artifacts = new FunctionArtifacts(
      Object.fromEntries(Object.entries(functions).map(([key, definition]) => [key, definition.entry])),
      options.code ?? 'source',
    );
    this.environment = { ...(options.environment ?? process.env) };
    this.apiConcurrency = options.apiConcurrency ?? defaultApiConcurrency;
    this.tagSdkCalls = options.tagSdkCalls ?? false;
  }

  /** Invokes a function synchronously, its event and result crossing as JSON as in Lambda. */
  async invoke<T>(key: FunctionKey, event: unknown): Promise<T> {
    // Events and results cross as JSON text as in Lambda (function-container.ts), and a result
    // over Lambda's response limit is refused there.
    return (await this.pool(key).invoke(event)) as T;
  }

  /**
   * Starts `containers` containers of each function given (at most its concurrency limit), so
   * their first requests are warm (or wait less) — Lambda's provisioned concurrency.
   */
  async prewarm(keys: readonly FunctionKey[], containers = 1): Promise<void> {
    await Promise.all(keys.map((key) => this.pool(key).warm(containers)));
  }

  /** How each function's pool has scaled so far (functions never invoked are absent). */
  stats(): Partial<Record<FunctionKey, PoolStats>> {
    return Object.fromEntries([...this.pools].map(([key, pool]) => [key, pool.stats()]));
  }

  /** Where the functions' built code lives (until stop). */
  get bundleDirectory(): string | undefined {
    return this.artifacts.directory;
  }

  /** Terminates every container and removes the built code. */
  async stop(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.stop()));
    await this.artifacts.dispose();
  }

  private pool(key: FunctionKey): FunctionPool {
    let pool = this.pools.get(key);
    if (!pool) {
      const definition = functionDefinitions[key];
      pool = new FunctionPool(
        {
          functionName: `lienthong-${key}`,
          region: this.region,
          memoryMb: definition.memoryMb,
          timeoutSeconds: definition.timeoutSeconds,
          environment: this.tagSdkCalls ? { ...this.environment, AWS_SDK_UA_APP_ID: key } : this.environment,
        },
        () => this.artifacts.artifact(key),
        definition.queueTrigger?.maxConcurrency ?? this.apiConcurrency,
      );
      this.pools.set(key, pool);
    }
    return pool;
  }
}

/** The functions API Gateway invokes (the routes' and the authorizer): neither queue- nor schedule-triggered. */
export function apiFunctionKeys(): FunctionKey[] {
  return (Object.keys(functionDefinitions) as FunctionKey[]).filter((key) => !functionDefinitions[key].queueTrigger && !functionDefinitions[key].schedule);
}
