import type { FunctionArtifact } from './function-artifacts';
import type { ContainerInit, ContainerSpec } from './function-container';
import { FunctionContainer } from './function-container';

/** What the pool of one function reports: how Lambda would have scaled it. */
export interface PoolStats {
  /** Containers alive now (busy, idle or starting). */
  readonly containers: number;
  readonly busy: number;
  /** Invocations waiting for a container (only when the pool is at its concurrency limit). */
  readonly waiting: number;
  /** The most containers alive at once. */
  readonly peakContainers: number;
  /** Every cold start so far, oldest first. */
  readonly coldStarts: readonly ContainerInit[];
  readonly invocations: number;
  /** Containers discarded after a timeout or a crash. */
  readonly discarded: number;
  /** Sum over settled invocations of Lambda's billed duration (each rounded up to the next ms). */
  readonly billedMs: number;
  /** Bytes the function logged over all settled invocations. */
  readonly logBytes: number;
}

/**
 * The execution environments of one function, scaled as Lambda scales them: an invocation takes
 * an idle (warm) container; when none is idle and the function is below its concurrency limit,
 * a new container starts (a cold start); at the limit, the invocation waits for the first
 * container to come free. Lambda would throttle instead (429 to API Gateway, a retry by the
 * event-source mapping); the twin queues, which only a burst beyond the limit can tell apart.
 * Each container serves one invocation at a time. A container that timed out or crashed is
 * discarded; the next invocation that needs one starts a fresh one.
 */
export class FunctionPool {
  private readonly containers = new Set<FunctionContainer>();
  private readonly idle: FunctionContainer[] = [];
  private readonly waiters: ((container: FunctionContainer) => void)[] = [];
  /** Containers alive or being started: what counts against the concurrency limit. */
  private slots = 0;
  private starting = 0;
  private busy = 0;
  private peak = 0;
  private discarded = 0;
  private invocations = 0;
  private billedMs = 0;
  private logBytes = 0;
  private stopped = false;
  private readonly coldStarts: ContainerInit[] = [];

  constructor(
    private readonly spec: ContainerSpec,
    private readonly artifact: () => Promise<FunctionArtifact>,
    /** The most containers (= concurrent invocations) the function may have. */
    readonly maxConcurrency: number,
  ) {
    if (!(maxConcurrency >= 1)) throw new Error(`${spec.functionName}: the concurrency limit must be at least 1`);
  }

  async invoke(event: unknown): Promise<unknown> {
    const container = await this.acquire();
    this.busy++;
    this.invocations++;
    try {
      return await container.invoke(event);
    } finally {
      const meter = container.lastMeter;
      if (meter) {
        this.billedMs += Math.max(1, Math.ceil(meter.durationMs));
        this.logBytes += meter.logBytes;
        container.lastMeter = undefined;
      }
      this.busy--;
      this.release(container);
    }
  }

  /** Starts containers until `count` are alive (pre-warming); resolves when they are ready. */
  async warm(count = 1): Promise<void> {
    const wanted = Math.min(count, this.maxConcurrency) - this.slots;
    const started: Promise<FunctionContainer>[] = [];
    for (let i = 0; i < wanted; i++) started.push(this.startContainer().then((container) => (this.release(container), container)));
    const results = await Promise.allSettled(started);
    // A stop while warming is not a failure of the warm-up.
    const failed = results.find((r) => r.status === 'rejected');
    if (failed && !this.stopped) throw failed.reason;
  }

  stats(): PoolStats {
    return {
      containers: this.slots,
      busy: this.busy,
      waiting: this.waiters.length,
      peakContainers: this.peak,
      coldStarts: [...this.coldStarts],
      invocations: this.invocations,
      discarded: this.discarded,
      billedMs: this.billedMs,
      logBytes: this.logBytes,
    };
  }

  /** Terminates every container; later invocations fail. */
  async stop(): Promise<void> {
    this.stopped = true;
    // Containers still starting are in the set too: they end here, whatever stage they are at.
    await Promise.allSettled([...this.containers].map((c) => c.stop()));
  }

  private acquire(): Promise<FunctionContainer> {
    if (this.stopped) return Promise.reject(new Error(`${this.spec.functionName}: the twin is stopping`));
    const warm = this.idle.pop();
    if (warm) return Promise.resolve(warm);
    return new Promise<FunctionContainer>((resolve, reject) => {
      this.waiters.push(resolve);
      // Grow while more invocations wait than containers are already starting for them.
      if (this.slots < this.maxConcurrency && this.waiters.length > this.starting) {
        this.startContainer().then(
          (container) => this.release(container),
          (error: unknown) => {
            // An init error fails the invocation that caused the cold start, as in Lambda.
            const index = this.waiters.indexOf(resolve);
            if (index >= 0) {
              this.waiters.splice(index, 1);
              reject(error);
            }
          },
        );
      }
    });
  }

  private async startContainer(): Promise<FunctionContainer> {
    this.starting++;
    this.slots++;
    this.peak = Math.max(this.peak, this.slots);
    let container: FunctionContainer | undefined;
    try {
      const artifact = await this.artifact();
      if (this.stopped) throw new Error(`${this.spec.functionName}: the twin is stopping`);
      container = new FunctionContainer(this.spec, artifact, (dead) => this.forget(dead));
      this.containers.add(container);
      this.coldStarts.push(await container.ready);
      return container;
    } catch (error) {
      // A container that never got ready frees its slot here (forget() skips it).
      if (container) this.containers.delete(container);
      this.slots--;
      throw error;
    } finally {
      this.starting--;
    }
  }

  /** A container is free: it serves the longest-waiting invocation, or waits idle (warm). */
  private release(container: FunctionContainer): void {
    if (!container.alive || this.stopped) return;
    const next = this.waiters.shift();
    if (next) next(container);
    else this.idle.push(container);
  }

  private forget(container: FunctionContainer): void {
    // Only a container that got ready counts here: one whose init failed is handled by its start.
    if (!container.wasReady || !this.containers.delete(container)) return;
    this.slots--;
    if (!this.stopped) this.discarded++;
    const index = this.idle.indexOf(container);
    if (index >= 0) this.idle.splice(index, 1);
    // Invocations still waiting need a replacement for the capacity just lost.
    if (!this.stopped && this.waiters.length > this.starting && this.slots < this.maxConcurrency) {
      this.startContainer().then(
        (replacement) => this.release(replacement),
        (error: unknown) => console.error(`[twin] ${this.spec.functionName}: a replacement container failed to start`, (error as Error).message),
      );
    }
  }
}
