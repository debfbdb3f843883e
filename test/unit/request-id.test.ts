import { describe, expect, it } from 'vitest';
import { echoableRequestId, RequestId } from '../../contracts/api/request-id';
import { requestIdOf } from '../../functions/http/request-id';
import { proxyEventFor } from '../support/proxy-event';

const safe = 'A-z_0.9:';

function idFor(headers: Record<string, string>): string {
  return requestIdOf(proxyEventFor({ method: 'GET', resource: '/v1/health', path: '/v1/health', headers }));
}

describe('the request-id rule', () => {
  it.each([
    ['a UUID', '3f8e2c1a-9b7d-4e6f-8a5b-1c2d3e4f5a6b'],
    ['one character', 'a'],
    ['128 characters of the allowed set', safe.repeat(16)],
    ['a W3C trace id', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
  ])("echoes the caller's id when it is %s", (_case, given) => {
    // Act & Assess
    expect(idFor({ 'x-request-id': given })).toBe(given);
    expect(RequestId.safeParse(given).success).toBe(true);
  });

  it.each([
    ['129 characters', safe.repeat(16) + 'x'],
    ['empty', ''],
    ['a space', 'city trace'],
    ['a slash', 'a/b'],
    ['a quote', 'a"b'],
    ['non-ASCII', 'mã-hồ-sơ'],
    ['a comma-joined repeat', 'a, b'],
  ])("uses API Gateway's id instead when the caller's is %s", (_case, given) => {
    // Act & Assess
    expect(idFor({ 'x-request-id': given })).toBe('req-from-gateway');
    expect(echoableRequestId(given)).toBeUndefined();
  });

  it('reads the header whatever the spelling of its name, and never from the prototype', () => {
    // Act & Assess
    expect(idFor({ 'X-Request-Id': 'spelt-differently' })).toBe('spelt-differently');
    expect(idFor({ constructor: 'x', __proto__: 'y' } as Record<string, string>)).toBe('req-from-gateway');
    expect(echoableRequestId({ toString: () => 'abc' })).toBeUndefined();
  });
});
