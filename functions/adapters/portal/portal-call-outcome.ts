import type { CallOutcome } from '../../core/partners/partner-health';
import { PartnerRejectedError, PartnerRetryableError } from '../../core/partners/partner-errors';

/**
 * What a portal call says about the portal's health. No answer, a timeout, a 5xx or the portal's
 * internal-error code: unavailable. A 429 or the quota code: alive but throttling. Anything the
 * portal decided (accepted, rejected, session or credential refusals): answered. A failure that
 * is not the portal's (a bug, storage) says nothing.
 */
export function portalCallOutcome({ error }: { error?: unknown }): CallOutcome | undefined {
  if (error === undefined) return 'answered';
  if (error instanceof PartnerRejectedError) return 'answered';
  if (!(error instanceof PartnerRetryableError)) return undefined;
  if (error.code === 'portal-http-429' || error.code.startsWith('portal-quota-')) return 'throttled';
  if (error.code === 'portal-unreachable' || error.code === 'portal-timeout' || error.code.startsWith('portal-error-')) return 'unavailable';
  if (/^portal-http-5\d\d$/.test(error.code)) return 'unavailable';
  return 'answered';
}
