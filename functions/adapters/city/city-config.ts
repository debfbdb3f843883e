import * as z from '../../../contracts/zod-mini';
import { loadEnv, once } from '../../config/env';
import { envInt } from '../../config/env-number';
import { loadStringSecret } from '../partners/partner-secrets';

/**
 * Where the city dossier system takes deliveries, and how long to keep trying. The default
 * schedule (after the first attempt) sums to about three days (3.2): 5 s, 30 s, 2 min, 10 min,
 * 30 min, 1 h, 3 h, 6 h, then 11 h six times — under SQS's 12-hour visibility limit per receive.
 */
export const defaultCityRetryScheduleSeconds = [5, 30, 120, 600, 1800, 3600, 10_800, 21_600, 39_600, 39_600, 39_600, 39_600, 39_600, 39_600];

const CityEnv = z.object({
  CITY_INTAKE_URL: z.url(),
  CITY_WEBHOOK_SECRET_ARN: z.optional(z.string()),
  CITY_WEBHOOK_SECRET: z.optional(z.string().check(z.startsWith('whsec_'))),
  CITY_DELIVERY_TIMEOUT_MS: envInt(100, 60_000, 10_000),
  /** Comma-separated seconds; the twin's tests shorten it. */
  CITY_DELIVERY_RETRY_SCHEDULE: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d+(,\d+)*$/)),
      z.transform((s: string) => s.split(',').map(Number)),
    ),
  ),
});

export const cityConfig = once(() => {
  const env = loadEnv(CityEnv);
  if (!env.CITY_WEBHOOK_SECRET_ARN && !env.CITY_WEBHOOK_SECRET) {
    throw new Error('invalid configuration: set CITY_WEBHOOK_SECRET_ARN (AWS) or CITY_WEBHOOK_SECRET (twin)');
  }
  return {
    intakeUrl: env.CITY_INTAKE_URL,
    timeoutMs: env.CITY_DELIVERY_TIMEOUT_MS,
    retryScheduleSeconds: env.CITY_DELIVERY_RETRY_SCHEDULE ?? defaultCityRetryScheduleSeconds,
    secretArn: env.CITY_WEBHOOK_SECRET_ARN,
    inlineSecret: env.CITY_WEBHOOK_SECRET,
  };
});

/** A bare `whsec_…` string; in Secrets Manager stored as the JSON string "whsec_…". */
export const citySigningSecret = () =>
  loadStringSecret(z.string().check(z.startsWith('whsec_')), { secretArn: cityConfig().secretArn, inline: cityConfig().inlineSecret });
