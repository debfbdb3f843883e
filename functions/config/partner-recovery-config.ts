import * as z from '../../contracts/zod-mini';
import type { GatedPartner, RecoverySettings } from '../core/partners/partner-health';
import { loadEnv } from './env';
import { envInt, envNumber } from './env-number';

/** Per-partner quotas (requests per rolling second): the city system takes more than the portal's LGSP quota allows. */
const defaultQuota: Record<GatedPartner, number> = { portal: 10, city: 20 };

/**
 * The share of a partner's quota the pace aims at. Pacing at the quota itself leaves nothing for
 * arrival jitter: requests spaced exactly 1/quota apart when they leave bunch up on the way (a
 * stalled event loop, a slow hop), and the partner counts arrivals, so the drain met 429s
 * (bench, load 2.4: 3 of 45 portal calls). It also leaves room for the portal calls no worker
 * paces: the verifier's and the operators' TraCuuHoSo.
 */
const defaultHeadroom = 0.8;

/**
 * `PARTNER_DOWN_AFTER_FAILURES`, `PARTNER_PROBE_INTERVAL_SECONDS`, `PARTNER_PACE_GROW_SECONDS`,
 * `PARTNER_PACE_CUT_COOLDOWN_SECONDS`, `PARTNER_HEALTH_CACHE_MS`, `PARTNER_PACE_HEADROOM` for every
 * partner; per partner `<PARTNER>_QUOTA_PER_SECOND` (what the partner allows), `<PARTNER>_PACE_MAX_PER_SECOND`
 * (the ceiling; by default the quota × the headroom) and `<PARTNER>_PACE_CONTAINERS` (set from the
 * topology's maximum concurrency by CDK and the twin).
 */
export function recoverySettingsFromEnv(partner: GatedPartner): RecoverySettings {
  const prefix = partner.toUpperCase();
  const env = loadEnv(
    z.object({
      PARTNER_DOWN_AFTER_FAILURES: envInt(1, 1000, 5),
      // Whole seconds: a probe tick is an SQS message delayed by DelaySeconds (0–900).
      PARTNER_PROBE_INTERVAL_SECONDS: envInt(1, 900, 20),
      PARTNER_PACE_GROW_SECONDS: envNumber(0.1, 3600, 10),
      PARTNER_PACE_CUT_COOLDOWN_SECONDS: envNumber(0, 600, 2),
      PARTNER_HEALTH_CACHE_MS: envInt(0, 60_000, 1000),
      PARTNER_PACE_HEADROOM: envNumber(0.1, 1, defaultHeadroom),
      [`${prefix}_QUOTA_PER_SECOND`]: envNumber(0.1, 10_000, defaultQuota[partner]),
      [`${prefix}_PACE_MAX_PER_SECOND`]: z.optional(z.coerce.number().check(z.minimum(0.1), z.maximum(10_000))),
      [`${prefix}_PACE_CONTAINERS`]: envInt(1, 1000, 1),
    }),
  );
  const quota = env[`${prefix}_QUOTA_PER_SECOND`] as number;
  const ceiling = (env[`${prefix}_PACE_MAX_PER_SECOND`] as number | undefined) ?? quota * (env.PARTNER_PACE_HEADROOM as number);
  return {
    downAfterFailures: env.PARTNER_DOWN_AFTER_FAILURES as number,
    probeIntervalSeconds: env.PARTNER_PROBE_INTERVAL_SECONDS as number,
    paceCeilingPerSecond: ceiling,
    paceFloorPerSecond: Math.min(ceiling, 0.5),
    paceGrowEverySeconds: env.PARTNER_PACE_GROW_SECONDS as number,
    paceCutCooldownSeconds: env.PARTNER_PACE_CUT_COOLDOWN_SECONDS as number,
    containers: env[`${prefix}_PACE_CONTAINERS`] as number,
    cacheMs: env.PARTNER_HEALTH_CACHE_MS as number,
  };
}
