/**
 * DESIGN.md §6: visibility = min(cap, base · 2^(attempt-1)) ± 20 % jitter, or the partner's
 * Retry-After. The cap is 11 h, not 12: SQS limits a message's visibility to 12 hours counted
 * from the receive, so a 12 h delay set after any processing time would be refused.
 */
export const maxBackoffSeconds = 11 * 60 * 60;

export interface BackoffPolicy {
  readonly baseSeconds: number;
  readonly maxSeconds: number;
}

/**
 * Seconds until the next attempt. `failures` counts consecutive failures including this one.
 * Jitter spreads a burst of messages that failed together (an outage) so they do not return to
 * the partner in lockstep. A Retry-After from the partner wins, within the cap.
 */
export function retryDelaySeconds(
  failures: number,
  policy: BackoffPolicy,
  retryAfterSeconds: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterSeconds !== undefined) return Math.min(policy.maxSeconds, Math.max(1, Math.ceil(retryAfterSeconds)));
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const nominal = Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** exponent);
  const jittered = nominal * (0.8 + 0.4 * random());
  return Math.min(policy.maxSeconds, Math.max(1, Math.round(jittered)));
}
