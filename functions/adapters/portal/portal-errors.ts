import { portalErrorCodes } from '../../../contracts/portal/codes';
import type { PortalAnswer } from '../../../contracts/portal/envelope';
import { PartnerOutcomeUnknownError, PartnerRejectedError, PartnerRetryableError } from '../../core/partners/partner-errors';
import { isPartnerHttpError } from '../partners/partner-http-client';

/*
 * `name` and `code` are spelled out: the deployed bundles are minified, which renames classes, so
 * nothing may read an error's class name at run time. `code` is what the ledger records.
 */

/** The answer says the session is unknown or expired: log in again once. */
export class PortalSessionInvalidError extends Error {
  override readonly name = 'PortalSessionInvalidError';
  readonly code = 'portal-session-invalid';
}

/** DongBoHoSoMC was sent with the wrong `isUpdating` for what the portal holds. */
export class PortalDossierPresenceError extends Error {
  override readonly name = 'PortalDossierPresenceError';
  readonly code: 'portal-dossier-exists' | 'portal-dossier-unknown';
  constructor(readonly portalHasIt: boolean) {
    super(portalHasIt ? 'the portal already has this dossier' : 'the portal does not have this dossier');
    this.code = portalHasIt ? 'portal-dossier-exists' : 'portal-dossier-unknown';
  }
}

/** Codes for the portal's own outcomes that are errors without a `code` of their own. */
export function portalFallbackCode(error: Error): string {
  if (error instanceof PortalSessionInvalidError) return 'portal-session-invalid';
  if (error instanceof PortalDossierPresenceError) return error.portalHasIt ? 'portal-dossier-exists' : 'portal-dossier-unknown';
  return 'portal-unexpected';
}

const isOneOf = (codes: readonly string[], code: string) => codes.includes(code);

/** Classifies an envelope whose error_code is not success. */
export function classifyPortalAnswer(answer: PortalAnswer): Error {
  const code = answer.error_code;
  const message = (answer.message ?? '').slice(0, 300);
  if (isOneOf(portalErrorCodes.sessionInvalid, code)) return new PortalSessionInvalidError(message);
  if (isOneOf(portalErrorCodes.dossierExists, code)) return new PortalDossierPresenceError(true);
  if (isOneOf(portalErrorCodes.dossierUnknown, code)) return new PortalDossierPresenceError(false);
  if (isOneOf(portalErrorCodes.quotaExceeded, code)) return new PartnerRetryableError(`portal-quota-${code}`, `portal quota: ${message}`);
  if (isOneOf(portalErrorCodes.internal, code)) return new PartnerRetryableError(`portal-error-${code}`, `portal internal error: ${message}`);
  return new PartnerRejectedError(`portal-rejected-${code}`, `portal rejected the payload: ${message}`);
}

/**
 * Failures before the request could reach the portal: it cannot have been applied. Every other
 * failure without an answer (timeout, reset, hang-up) leaves the outcome unknown.
 */
const neverSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_INVALID_URL']);
/** A proxy (the LGSP) answering for an upstream that may have applied the request. */
const proxyGaveUpStatuses = new Set([502, 504]);

/**
 * Classifies a transport failure. Retryable: no answer (network, timeout), 5xx, 429 with its
 * Retry-After. LGSP's 401/403 mean our credentials or permissions are wrong — an operator fixes
 * that, and messages must survive until then, so they are retried (and alarmed) rather than
 * dead-lettered. Other 4xx are permanent. A request that may have been applied without our
 * hearing of it is a PartnerOutcomeUnknownError, so the sync reads the portal back first.
 */
export function classifyTransportError(error: unknown): Error {
  if (!isPartnerHttpError(error)) return error instanceof Error ? error : new Error(String(error));
  const status = error.response?.status;
  if (status === undefined) {
    const timedOut = error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT';
    const code = timedOut ? 'portal-timeout' : 'portal-unreachable';
    const message = `portal: ${error.code}`;
    return neverSentCodes.has(error.code) ? new PartnerRetryableError(code, message) : new PartnerOutcomeUnknownError(code, message);
  }
  if (proxyGaveUpStatuses.has(status)) return new PartnerOutcomeUnknownError(`portal-http-${status}`, `portal answered HTTP ${status}`);
  if (status === 429) {
    return new PartnerRetryableError('portal-http-429', 'portal quota exceeded (HTTP 429)', retryAfterSeconds(error.response?.headers.get('retry-after') ?? undefined));
  }
  if (status >= 500) return new PartnerRetryableError(`portal-http-${status}`, `portal answered HTTP ${status}`);
  if (status === 401 || status === 403) return new PartnerRetryableError(`portal-http-${status}`, `LGSP refused our credentials (HTTP ${status})`);
  return new PartnerRejectedError(`portal-http-${status}`, `portal answered HTTP ${status}`);
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterSeconds(header: unknown, now: number = Date.now()): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
