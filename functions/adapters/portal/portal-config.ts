import * as z from '../../../contracts/zod-mini';
import type { PortalStatusMap } from '../../../contracts/portal/status-mapping';
import { portalFieldLimits } from '../../../contracts/portal/limits';
import { portalStatusMap } from '../../../contracts/portal/status-mapping';
import { envInt } from '../../config/env-number';
import { loadEnv, once } from '../../config/env';

/** Where and how to reach the national portal (through the city's LGSP). Validated at cold start. */
const PortalEnv = z.object({
  PORTAL_BASE_URL: z.url(),
  PORTAL_AUTH_PATH: z._default(z.string().check(z.startsWith('/')), '/auth/login'),
  PORTAL_SERVICE_PATH: z._default(z.string().check(z.startsWith('/')), '/service'),
  /** madonvi: the city's unit code at the portal. */
  PORTAL_UNIT_CODE: z._default(z.string().check(z.minLength(1), z.maxLength(portalFieldLimits.unitCode)), 'H29'),
  PORTAL_TIMEOUT_MS: envInt(100, 60_000, 10_000),
  /** AWS: the Secrets Manager secret holding { username, password }. */
  PORTAL_CREDENTIALS_SECRET_ARN: z.optional(z.string()),
  /** Twin: the same JSON inline. */
  PORTAL_CREDENTIALS: z.optional(z.string()),
  PORTAL_STATUS_MAP: z.optional(z.string()),
});

export interface PortalConfig {
  readonly baseUrl: string;
  readonly authPath: string;
  readonly servicePath: string;
  readonly unitCode: string;
  readonly timeoutMs: number;
  readonly credentialsSecretArn?: string;
  readonly inlineCredentials?: string;
  readonly statusMap: PortalStatusMap;
}

export const portalConfig = once((): PortalConfig => {
  const env = loadEnv(PortalEnv);
  if (!env.PORTAL_CREDENTIALS_SECRET_ARN && !env.PORTAL_CREDENTIALS) {
    throw new Error('invalid configuration: set PORTAL_CREDENTIALS_SECRET_ARN (AWS) or PORTAL_CREDENTIALS (twin)');
  }
  return {
    baseUrl: env.PORTAL_BASE_URL.replace(/\/$/, ''),
    authPath: env.PORTAL_AUTH_PATH,
    servicePath: env.PORTAL_SERVICE_PATH,
    unitCode: env.PORTAL_UNIT_CODE,
    timeoutMs: env.PORTAL_TIMEOUT_MS,
    credentialsSecretArn: env.PORTAL_CREDENTIALS_SECRET_ARN,
    inlineCredentials: env.PORTAL_CREDENTIALS,
    statusMap: portalStatusMap(env.PORTAL_STATUS_MAP),
  };
});
