import * as z from '../../contracts/zod-mini';
import type { GatedPartner, RecoverySettings } from '../core/partners/partner-health';
import { loadEnv } from './env';
import { envInt, envNumber } from './env-number';

/** Per-partner defaults: the city system takes more than the portal's LGSP quota allows. */
const defaultCeiling: Record<GatedPartner, number> = { portal: 10, city: 20 };

/**
 * `PARTNER_DOWN_AFTER_FAILURES`, `PARTNER_PROBE_INTERVAL_SECONDS`, `PARTNER_PACE_GROW_SECONDS`,
 * `PARTNER_PACE_CUT_COOLDOWN_SECONDS`, `PARTNER_HEALTH_CACHE_MS` for every partner;
 * `<PARTNER>_PACE_MAX_PER_SECOND` (the ceiling) and `<PARTNER>_PACE_CONTAINERS` (set from the
 * topology's maximum concurrency by CDK and the twin) per partner.
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
      [`${prefix}_PACE_MAX_PER_SECOND`]: envNumber(0.1, 10_000, defaultCeiling[partner]),
      [`${prefix}_PACE_CONTAINERS`]: envInt(1, 1000, 1),
    }),
  );
  const ceiling = env[`${prefix}_PACE_MAX_PER_SECOND`] as number;
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
