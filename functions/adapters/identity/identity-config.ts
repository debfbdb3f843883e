import * as z from 'zod';
import { loadEnv, once } from '../../config/env';
import { loadPartnerSecret, loadStringSecret } from '../partner-secrets';

/** The population-database relay and the circuit breaker in front of it (PARTNERS.md §2). */
const IdentityEnv = z.object({
  IDENTITY_RELAY_URL: z.url(),
  /** AWS: secret JSON { token, integrationCode } issued for the city's integration. */
  IDENTITY_RELAY_SECRET_ARN: z.string().optional(),
  /** Twin: the same JSON inline. */
  IDENTITY_RELAY_CREDENTIALS: z.string().optional(),
  /** MaDVC: the public service asking. */
  IDENTITY_SERVICE_CODE: z.string().min(1).default('LIENTHONG-HCM'),
  IDENTITY_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3000),
  /** Share of failed calls (over the rolling window) that opens the breaker. */
  IDENTITY_BREAKER_ERROR_PERCENT: z.coerce.number().min(1).max(100).default(50),
  /** Calls in the window before the breaker may open at all. */
  IDENTITY_BREAKER_MIN_CALLS: z.coerce.number().int().min(1).default(4),
  /** How long the breaker stays open before a half-open probe. */
  IDENTITY_BREAKER_RESET_MS: z.coerce.number().int().min(100).default(15_000),
  /** AWS: the gateway's own key for hashing personal identifiers in the ledger. */
  LEDGER_HMAC_KEY_SECRET_ARN: z.string().optional(),
  LEDGER_HMAC_KEY: z.string().min(16).optional(),
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

export const RelayCredentials = z.object({ token: z.string().min(1), integrationCode: z.string().min(1) });

export const relayCredentials = () =>
  loadPartnerSecret(RelayCredentials, { secretArn: identityConfig().IDENTITY_RELAY_SECRET_ARN, inline: identityConfig().IDENTITY_RELAY_CREDENTIALS });

export const ledgerHmacKey = () =>
  loadStringSecret(z.string().min(16), { secretArn: identityConfig().LEDGER_HMAC_KEY_SECRET_ARN, inline: identityConfig().LEDGER_HMAC_KEY });
