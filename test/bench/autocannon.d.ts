// autocannon ships no type declarations (and @types/autocannon is not installed); these cover only
// what test/bench/twin-throughput.ts uses. Kept next to the bench, the only user.
declare module 'autocannon' {
  interface Histogram {
    /** Sum of the recorded values (completed requests for `requests`). */
    readonly total: number;
    readonly average: number;
    readonly stddev: number;
    readonly min: number;
    readonly max: number;
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
  }

  interface RequestOptions {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** Called before every send of this request; returning a new request varies path, body or headers. */
    setupRequest?: (request: RequestOptions, context: Record<string, unknown>) => RequestOptions | undefined;
  }

  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    timeout?: number;
    requests?: RequestOptions[];
    warmup?: { connections?: number; duration?: number };
  }

  interface Result {
    readonly requests: Histogram;
    readonly latency: Histogram;
    readonly throughput: Histogram;
    /** Seconds. */
    readonly duration: number;
    readonly errors: number;
    readonly timeouts: number;
    readonly non2xx: number;
    readonly resets: number;
    readonly statusCodeStats: Record<string, { readonly count: number }>;
  }

  function autocannon(options: Options): PromiseLike<Result>;
  export default autocannon;
}
