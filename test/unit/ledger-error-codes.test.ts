import { describe, expect, it } from 'vitest';
import { portalFallbackCode, PortalDossierPresenceError, PortalSessionInvalidError } from '../../functions/adapters/portal/portal-errors';
import { stableErrorCode } from '../../functions/core/error-code';
import { SignatureRejectedError, ValidationError } from '../../functions/core/errors';
import { PartnerRetryableError } from '../../functions/core/partners/partner-errors';

describe('stable error codes in ledger records', () => {
  it("uses an error's declared code, a gateway error's reason or type, else the caller's fallback", () => {
    expect(stableErrorCode(new PartnerRetryableError('portal-http-503', 'x'), 'fallback')).toBe('portal-http-503');
    expect(stableErrorCode(new SignatureRejectedError('bad-signature'), 'fallback')).toBe('bad-signature');
    expect(stableErrorCode(new ValidationError([]), 'fallback')).toBe('validation');
    expect(stableErrorCode(Object.assign(new Error('socket'), { code: 'ECONNRESET' }), 'fallback')).toBe('ECONNRESET');
    expect(stableErrorCode(new Error('the message is never a code'), 'fallback')).toBe('fallback');
  });

  it('never depends on a class name, which a minifier renames', () => {
    // What a minified bundle does to a class without a code: the name becomes a letter or two.
    class e extends Error {}
    expect(stableErrorCode(new e('x'), 'portal-unexpected')).toBe('portal-unexpected');
    expect(stableErrorCode({ code: 'not a code: spaces and: colons' }, 'fallback')).toBe('fallback');
  });

  it("names the portal's own outcomes without a class name", () => {
    expect(portalFallbackCode(new PortalSessionInvalidError('x'))).toBe('portal-session-invalid');
    expect(portalFallbackCode(new PortalDossierPresenceError(true))).toBe('portal-dossier-exists');
    expect(portalFallbackCode(new PortalDossierPresenceError(false))).toBe('portal-dossier-unknown');
  });
});
