/*
 * The AWS SDK v3 "standard" retry mode, for calls made without the SDK (dynamodb-json-api.ts):
 * 3 attempts in all, full-jitter exponential backoff from a 100 ms base (500 ms when throttled),
 * capped at 20 s, and what the SDK retries for DynamoDB: throttling (by code, or HTTP 429), 5xx,
 * and connections reset or refused. Not carried over: the per-client retry quota (a token bucket
 * of 500 that a one-request-at-a-time Lambda container cannot drain before its 5 s timeout) and
 * clock-skew correction (Lambda's clock is kept by AWS).
 */

export const maxAttempts = 3;

// The SDK's lists (@smithy/service-error-classification), less the codes only other services send
// (EC2ThrottledException, SlowDown, …) and the SDK's own TimeoutError (no request timeout here).
const throttlingCodes = new Set(['ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'ThrottlingException', 'LimitExceededException', 'TransactionInProgressException']);
const transientCodes = new Set(['RequestTimeout', 'RequestTimeoutException', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);
const transientStatuses = new Set([500, 502, 503, 504]);

export type RetryKind = 'throttling' | 'transient' | 'final';

/** `code`: the service's error code or Node's transport code; `status`: absent when no answer came. */
export function retryKindOf(code: string, status: number | undefined): RetryKind {
  if (status === 429 || throttlingCodes.has(code)) return 'throttling';
  if (transientCodes.has(code) || (status !== undefined && transientStatuses.has(status))) return 'transient';
  return 'final';
}

/** The wait before retry number `retry` (0 for the first retry), as the SDK computes it. */
export function retryDelayMs(kind: Exclude<RetryKind, 'final'>, retry: number, random: () => number = Math.random): number {
  const base = kind === 'throttling' ? 500 : 100;
  return Math.floor(Math.min(20_000, random() * 2 ** retry * base));
}
