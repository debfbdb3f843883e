import * as z from '../../contracts/zod-mini';
import type { BackoffPolicy } from '../core/partners/backoff';
import { maxBackoffSeconds } from '../core/partners/backoff';
import { loadEnv } from './env';
import { envInt } from './env-number';

/** `<PREFIX>_BACKOFF_BASE_SECONDS` / `_MAX_SECONDS`; the twin's tests shorten them. */
export function backoffFromEnv(prefix: string, defaults: BackoffPolicy): BackoffPolicy {
  const base = `${prefix}_BACKOFF_BASE_SECONDS`;
  const max = `${prefix}_BACKOFF_MAX_SECONDS`;
  const env = loadEnv(
    z.object({
      [base]: envInt(1, 3600, defaults.baseSeconds),
      [max]: envInt(1, maxBackoffSeconds, defaults.maxSeconds),
    }),
  );
  return { baseSeconds: env[base] as number, maxSeconds: env[max] as number };
}
