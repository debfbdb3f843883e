/** DESIGN.md §6: visibility = min(12 h, base · 2^(attempt-1)) ± 20 % jitter, or the partner's Retry-After. */
export const maxBackoffSeconds = 12 * 60 * 60;

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
