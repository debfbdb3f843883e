import * as z from '../../../contracts/zod-mini';
import { loadEnv, once } from '../../config/env';
import { envInt, envNumber } from '../../config/env-number';
import { loadPartnerSecret, loadStringSecret } from '../partners/partner-secrets';

/** The population-database relay and the circuit breaker in front of it (PARTNERS.md §2). */
const IdentityEnv = z.object({
  IDENTITY_RELAY_URL: z.url(),
  /** AWS: secret JSON { token, integrationCode } issued for the city's integration. */
  IDENTITY_RELAY_SECRET_ARN: z.optional(z.string()),
  /** Twin: the same JSON inline. */
  IDENTITY_RELAY_CREDENTIALS: z.optional(z.string()),
  /** MaDVC: the public service asking. */
  IDENTITY_SERVICE_CODE: z._default(z.string().check(z.minLength(1)), 'LIENTHONG-HCM'),
  IDENTITY_TIMEOUT_MS: envInt(100, 30_000, 3000),
  /** Share of failed calls (over the rolling window) that opens the breaker. */
  IDENTITY_BREAKER_ERROR_PERCENT: envNumber(1, 100, 50),
  /** Calls in the window before the breaker may open at all. */
  IDENTITY_BREAKER_MIN_CALLS: envInt(1, Number.MAX_SAFE_INTEGER, 4),
  /** How long the breaker stays open before a half-open probe. */
  IDENTITY_BREAKER_RESET_MS: envInt(100, Number.MAX_SAFE_INTEGER, 15_000),
  /** AWS: the gateway's own key for hashing personal identifiers in the ledger. */
  LEDGER_HMAC_KEY_SECRET_ARN: z.optional(z.string()),
  LEDGER_HMAC_KEY: z.optional(z.string().check(z.minLength(16))),
});

export const identityConfig = once(() => {
  const env = loadEnv(IdentityEnv);
  if (!env.IDENTITY_RELAY_SECRET_ARN && !env.IDENTITY_RELAY_CREDENTIALS) {
    throw new Error('invalid configuration: set IDENTITY_RELAY_SECRET_ARN (AWS) or IDENTITY_RELAY_CREDENTIALS (twin)');
  }
  if (!env.LEDGER_HMAC_KEY_SECRET_ARN && !env.LEDGER_HMAC_KEY) {
    throw new Error('invalid configuration: set LEDGER_HMAC_KEY_SECRET_ARN (AWS) or LEDGER_HMAC_KEY (twin)');
  }
  return env;
});

export const RelayCredentials = /* @__PURE__ */ (() => z.object({ token: z.string().check(z.minLength(1)), integrationCode: z.string().check(z.minLength(1)) }))();

export const relayCredentials = () =>
  loadPartnerSecret(RelayCredentials, { secretArn: identityConfig().IDENTITY_RELAY_SECRET_ARN, inline: identityConfig().IDENTITY_RELAY_CREDENTIALS });

export const ledgerHmacKey = () =>
  loadStringSecret(z.string().check(z.minLength(16)), { secretArn: identityConfig().LEDGER_HMAC_KEY_SECRET_ARN, inline: identityConfig().LEDGER_HMAC_KEY });
