import * as z from 'zod';
import type { PortalStatusMap } from '../../../contracts/portal/status-mapping';
import { portalFieldLimits } from '../../../contracts/portal/limits';
import { portalStatusMap } from '../../../contracts/portal/status-mapping';
import { loadEnv, once } from '../../config/env';

/** Where and how to reach the national portal (through the city's LGSP). Validated at cold start. */
const PortalEnv = z.object({
  PORTAL_BASE_URL: z.url(),
  PORTAL_AUTH_PATH: z.string().startsWith('/').default('/auth/login'),
  PORTAL_SERVICE_PATH: z.string().startsWith('/').default('/service'),
  /** madonvi: the city's unit code at the portal. */
  PORTAL_UNIT_CODE: z.string().min(1).max(portalFieldLimits.unitCode).default('H29'),
  PORTAL_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** AWS: the Secrets Manager secret holding { username, password }. */
  PORTAL_CREDENTIALS_SECRET_ARN: z.string().optional(),
  /** Twin: the same JSON inline. */
  PORTAL_CREDENTIALS: z.string().optional(),
  PORTAL_STATUS_MAP: z.string().optional(),
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
