import { VerificationRequest } from '../../contracts/api/verification';
import { circuits } from '../../contracts/platform/metrics';
import { withCircuitBreaker } from '../adapters/identity/circuit-breaker';
import { identityConfig, ledgerHmacKey } from '../adapters/identity/identity-config';
import { lookUpCitizen } from '../adapters/identity/population-client';
import { appendLedger } from '../adapters/ledger/ledger-store';
import { once } from '../config/once';
import { verifyCitizen } from '../core/identity/citizen-verification';
import { httpEndpoint } from '../http/endpoint';
import { json } from '../http/response';
import { parseOrReject } from '../http/validate';
import { emitMetric } from '../observability/metrics';

const breaker = once(() =>
  withCircuitBreaker(circuits.populationDb, lookUpCitizen, {
    errorThresholdPercentage: identityConfig().IDENTITY_BREAKER_ERROR_PERCENT,
    volumeThreshold: identityConfig().IDENTITY_BREAKER_MIN_CALLS,
    resetTimeoutMs: identityConfig().IDENTITY_BREAKER_RESET_MS,
  }),
);

// 5xx answers counted by route: the identity failure-rate alarm reads them (infra/constructs/observability.ts).
const onServerError = (route: string) => emitMetric('requestsFailed', { route });

export const handler = httpEndpoint({ jsonBody: true, onServerError }, async ({ body, requestId }) => {
  const request = parseOrReject(VerificationRequest, body, 'body');
  const answer = await verifyCitizen(request, requestId, {
    lookUp: (r, id) => breaker().fire(r, id),
    hmacKey: ledgerHmacKey,
    appendLedger,
    now: () => new Date(),
  });
  return json(200, answer, { 'cache-control': 'no-store' });
});
