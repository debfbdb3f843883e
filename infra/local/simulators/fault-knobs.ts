import type { ServerResponse } from 'node:http';
import * as z from 'zod';

/**
 * Fault knobs every simulator shares, settable at run time (`POST <sim>/_faults`) and seeded so
 * a test that sets `errorRate` gets the same failures every run.
 */
export const FaultSettings = z.strictObject({
  /** Added to every answer. */
  latencyMs: z.int().min(0).max(60_000).default(0),
  /** Share of calls answered HTTP 503, drawn from the seeded generator. */
  errorRate: z.number().min(0).max(1).default(0),
  /** Every call's connection is dropped without an answer (a network failure). */
  down: z.boolean().default(false),
  /** The next N calls are answered HTTP 429 with this Retry-After. */
  throttle: z.strictObject({ calls: z.int().min(0), retryAfterSeconds: z.int().min(0).max(86_400) }).default({ calls: 0, retryAfterSeconds: 1 }),
  /**
   * The partner's quota: calls beyond this many in a rolling second are answered HTTP 429 with
   * Retry-After 1 (0: no quota). What the gateway's pace must stay under.
   */
  rateLimitPerSecond: z.number().min(0).max(100_000).default(0),
  seed: z.int().default(20261122),
});
export type FaultSettings = z.output<typeof FaultSettings>;

/** mulberry32: tiny, fast and good enough to make fault injection repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** What the partner saw, for tests and the bench: every call and how the knobs answered it. */
export interface Traffic {
  calls: number;
  served: number;
  down: number;
  throttled: number;
  errors: number;
  /** Epoch milliseconds of the latest served call (0 before any). */
  lastServedAt: number;
}

const noTraffic = (): Traffic => ({ calls: 0, served: 0, down: 0, throttled: 0, errors: 0, lastServedAt: 0 });

export class FaultInjector {
  private settings: FaultSettings = FaultSettings.parse({});
  private random = seededRandom(this.settings.seed);
  private traffic: Traffic = noTraffic();
  /** Start times of the calls admitted in the last second (the quota window). */
  private window: number[] = [];

  get counters(): Traffic {
    return { ...this.traffic };
  }

  get current(): FaultSettings {
    return this.settings;
  }

  /** Merges a partial update; a new seed restarts the generator. */
  update(partial: unknown): FaultSettings {
    const merged = FaultSettings.parse({ ...this.settings, ...(partial as object) });
    if (merged.seed !== this.settings.seed) this.random = seededRandom(merged.seed);
    this.settings = merged;
    return merged;
  }

  reset(): void {
    this.settings = FaultSettings.parse({});
    this.random = seededRandom(this.settings.seed);
    this.traffic = noTraffic();
    this.window = [];
  }

  /**
   * Applies the knobs to one call. Returns the fault it answered with, or undefined when the
   * call should be served normally (after any latency).
   */
  async intercept(response: ServerResponse): Promise<'down' | 'throttled' | 'error' | undefined> {
    const fault = await this.decide(response);
    this.traffic.calls++;
    if (fault === 'down') this.traffic.down++;
    else if (fault === 'throttled') this.traffic.throttled++;
    else if (fault === 'error') this.traffic.errors++;
    else {
      this.traffic.served++;
      this.traffic.lastServedAt = Date.now();
    }
    return fault;
  }

  private async decide(response: ServerResponse): Promise<'down' | 'throttled' | 'error' | undefined> {
    if (this.settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.settings.latencyMs));
    if (this.settings.down) {
      response.socket?.destroy();
      return 'down';
    }
    if (this.settings.throttle.calls > 0) {
      this.settings = { ...this.settings, throttle: { ...this.settings.throttle, calls: this.settings.throttle.calls - 1 } };
      return throttle(response, this.settings.throttle.retryAfterSeconds);
    }
    if (this.settings.rateLimitPerSecond > 0) {
      const now = Date.now();
      this.window = this.window.filter((at) => at > now - 1000);
      if (this.window.length >= this.settings.rateLimitPerSecond) return throttle(response, 1);
      this.window.push(now);
    }
    if (this.settings.errorRate > 0 && this.random() < this.settings.errorRate) {
      response.writeHead(503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error_code: '503', message: 'Service Unavailable' }));
      return 'error';
    }
    return undefined;
  }
}

function throttle(response: ServerResponse, retryAfterSeconds: number): 'throttled' {
  response.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfterSeconds) });
  response.end(JSON.stringify({ error_code: '429', message: 'Vượt quá hạn mức gọi API' }));
  return 'throttled';
}
