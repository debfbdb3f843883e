import { VerificationRequest } from '../../contracts/api/verification';
import { withCircuitBreaker } from '../adapters/identity/circuit-breaker';
import { identityConfig, ledgerHmacKey } from '../adapters/identity/identity-config';
import { lookUpCitizen } from '../adapters/identity/population-client';
import { appendLedger } from '../adapters/ledger-store';
import { once } from '../config/once';
import { verifyCitizen } from '../core/citizen-verification';
import { httpEndpoint } from '../http/endpoint';
import { json } from '../http/response';
import { parseOrReject } from '../http/validate';

const breaker = once(() =>
  withCircuitBreaker('population-db', lookUpCitizen, {
    errorThresholdPercentage: identityConfig().IDENTITY_BREAKER_ERROR_PERCENT,
    volumeThreshold: identityConfig().IDENTITY_BREAKER_MIN_CALLS,
    resetTimeoutMs: identityConfig().IDENTITY_BREAKER_RESET_MS,
  }),
);

export const handler = httpEndpoint({ jsonBody: true }, async ({ body, requestId }) => {
  const request = parseOrReject(VerificationRequest, body, 'body');
  const answer = await verifyCitizen(request, requestId, {
    lookUp: (r, id) => breaker().fire(r, id),
    hmacKey: ledgerHmacKey,
    appendLedger,
    now: () => new Date(),
  });
  return json(200, answer, { 'cache-control': 'no-store' });
});
