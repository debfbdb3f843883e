import { PartnerHttpError } from '../../functions/adapters/partners/partner-http-client';
import { describe, expect, it } from 'vitest';
import { classifyPortalAnswer, classifyTransportError, PortalSessionInvalidError, retryAfterSeconds } from '../../functions/adapters/portal/portal-errors';
import { maxBackoffSeconds, retryDelaySeconds } from '../../functions/core/partners/backoff';
import { PartnerRejectedError, PartnerRetryableError } from '../../functions/core/partners/partner-errors';

const policy = { baseSeconds: 5, maxSeconds: maxBackoffSeconds };

describe('retryDelaySeconds', () => {
  it('doubles per consecutive failure, within ±20 % jitter', () => {
    expect(retryDelaySeconds(1, policy, undefined, () => 0.5)).toBe(5);
    expect(retryDelaySeconds(4, policy, undefined, () => 0.5)).toBe(40);
    expect(retryDelaySeconds(4, policy, undefined, () => 0)).toBe(32);
    expect(retryDelaySeconds(4, policy, undefined, () => 0.999)).toBe(48);
  });

  it('never exceeds 11 hours (SQS allows 12 from the receive), however many failures', () => {
    expect(maxBackoffSeconds).toBe(39_600);
    expect(retryDelaySeconds(60, policy, undefined, () => 0.999)).toBe(maxBackoffSeconds);
  });

  it("honours the partner's Retry-After over the schedule", () => {
    expect(retryDelaySeconds(1, policy, 120)).toBe(120);
    expect(retryDelaySeconds(1, policy, 0)).toBe(1);
    expect(retryDelaySeconds(1, policy, 10 ** 9)).toBe(maxBackoffSeconds);
  });
});

describe('retryAfterSeconds', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-22T00:00:00Z');
    expect(retryAfterSeconds('30', now)).toBe(30);
    expect(retryAfterSeconds('Sun, 22 Nov 2026 00:01:00 GMT', now)).toBe(60);
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
    expect(retryAfterSeconds(undefined, now)).toBeUndefined();
  });
});

const httpError = (status?: number, headers: Record<string, string> = {}, code = status === undefined ? 'ERR_NETWORK' : 'ERR_BAD_RESPONSE') =>
  new PartnerHttpError(code, 'failed', status === undefined ? undefined : { status, headers: new Headers(headers) });

describe('classifyTransportError', () => {
  it('retries network failures, timeouts, 5xx, and 429 with its Retry-After', () => {
    expect(classifyTransportError(httpError(undefined, {}, 'ECONNRESET'))).toMatchObject({ code: 'portal-unreachable', retryable: true });
    expect(classifyTransportError(httpError(undefined, {}, 'ECONNABORTED'))).toMatchObject({ code: 'portal-timeout', retryable: true });
    expect(classifyTransportError(httpError(502))).toBeInstanceOf(PartnerRetryableError);
    expect(classifyTransportError(httpError(429, { 'retry-after': '7' }))).toMatchObject({ retryAfterSeconds: 7, retryable: true });
  });

  it("retries the LGSP's 401/403 (credentials an operator must fix) rather than dead-lettering", () => {
    expect(classifyTransportError(httpError(401))).toBeInstanceOf(PartnerRetryableError);
  });

  it('gives up on other 4xx', () => {
    expect(classifyTransportError(httpError(400))).toBeInstanceOf(PartnerRejectedError);
  });
});

describe('classifyPortalAnswer', () => {
  it('sorts envelope codes into re-login, retry and permanent', () => {
    expect(classifyPortalAnswer({ error_code: '-1' })).toBeInstanceOf(PortalSessionInvalidError);
    expect(classifyPortalAnswer({ error_code: '429' })).toBeInstanceOf(PartnerRetryableError);
    expect(classifyPortalAnswer({ error_code: '500' })).toBeInstanceOf(PartnerRetryableError);
    expect(classifyPortalAnswer({ error_code: '2', message: 'Dữ liệu không hợp lệ' })).toMatchObject({ code: 'portal-rejected-2', retryable: false });
  });
});
