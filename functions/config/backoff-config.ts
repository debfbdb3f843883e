import * as z from 'zod';
import type { BackoffPolicy } from '../core/backoff';
import { maxBackoffSeconds } from '../core/backoff';
import { loadEnv } from './env';

/** `<PREFIX>_BACKOFF_BASE_SECONDS` / `_MAX_SECONDS`; the twin's tests shorten them. */
export function backoffFromEnv(prefix: string, defaults: BackoffPolicy): BackoffPolicy {
  const base = `${prefix}_BACKOFF_BASE_SECONDS`;
  const max = `${prefix}_BACKOFF_MAX_SECONDS`;
  const env = loadEnv(
    z.object({
      [base]: z.coerce.number().int().min(1).max(3600).default(defaults.baseSeconds),
      [max]: z.coerce.number().int().min(1).max(maxBackoffSeconds).default(defaults.maxSeconds),
    }),
  );
  return { baseSeconds: env[base] as number, maxSeconds: env[max] as number };
}
