import * as z from '../../contracts/zod-mini';
import type { VerificationSampling } from '../core/portal/portal-verification';
import { loadEnv, once } from './env';
import { envInt, envNumber } from './env-number';

/**
 * The verifier's settings. The sync worker reads the sampling half (it puts acknowledged dossiers
 * on the verifier's list); the verifier reads the rest.
 */
const VerificationEnv = z.object({
  /** Share of ordinary acknowledgements verified (dossiers after an unknown outcome always are). */
  PORTAL_VERIFY_SAMPLE_SHARE: envNumber(0, 1, 0.05),
  /** Seconds between an acknowledgement and its first check. */
  PORTAL_VERIFY_DELAY_SECONDS: envInt(0, 86_400, 60),
  /** After an unknown outcome, the portal may still apply the request this long: keep checking. */
  PORTAL_VERIFY_SETTLE_SECONDS: envInt(0, 7 * 86_400, 900),
  /**
   * After a step call whose answer was lost, the sync waits this long for the portal to apply it
   * before resending steps the portal does not hold (a duplicate step cannot be taken back).
   */
  PORTAL_READBACK_GRACE_SECONDS: envInt(0, 3600, 60),
  /** How often a dossier within that window is checked again. */
  PORTAL_VERIFY_RECHECK_SECONDS: envInt(0, 86_400, 120),
});

export const verificationConfig = once(() => {
  const env = loadEnv(VerificationEnv);
  const sampling: VerificationSampling = { share: env.PORTAL_VERIFY_SAMPLE_SHARE, delaySeconds: env.PORTAL_VERIFY_DELAY_SECONDS };
  return {
    sampling,
    readBackGraceSeconds: env.PORTAL_READBACK_GRACE_SECONDS,
    settleSeconds: env.PORTAL_VERIFY_SETTLE_SECONDS,
    recheckSeconds: env.PORTAL_VERIFY_RECHECK_SECONDS,
  };
});
