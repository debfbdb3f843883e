import { stableErrorCode } from '../../core/error-code';
import { requestHash } from '../../core/ledger/ledger-record';
import { signStandardWebhook } from '../../core/partners/standard-webhooks';
import { appendLedger } from '../ledger/ledger-store';
import { retryAfterSeconds } from '../portal/portal-errors';
import { cityConfig, citySigningSecret } from './city-config';
import { isPartnerHttpError, partnerHttpClient } from '../partners/partner-http-client';

export interface CityAnswer {
  /** undefined when no answer came (network error, timeout). */
  readonly httpStatus?: number;
  readonly retryAfterSeconds?: number;
  readonly durationMs: number;
  readonly error?: string;
}

const client = partnerHttpClient(() => ({
  timeoutMs: cityConfig().timeoutMs,
  // Every status is an answer the worker classifies (a 3xx too: redirects are not followed); only transport failures throw.
  acceptEveryStatus: true,
}));

/**
 * POSTs one event to the city's intake, signed with Standard Webhooks. The webhook-id is the
 * event id on every attempt, so the city can drop a delivery it already has. Never throws for
 * an HTTP answer; the ledger records every attempt.
 */
export async function postToCity(eventId: string, body: string): Promise<CityAnswer> {
  const started = performance.now();
  let answer: CityAnswer;
  try {
    const headers = signStandardWebhook(await citySigningSecret(), eventId, body);
    const response = await client().post(cityConfig().intakeUrl, body, { headers: { ...headers, 'content-type': 'application/json' } });
    answer = {
      httpStatus: response.status,
      retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after') ?? undefined),
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    // A code, never a message: the ledger and GET /v1/deliveries show it, and messages are neither stable nor safe.
    const code = isPartnerHttpError(error) ? error.code : stableErrorCode(error, 'city-unexpected');
    answer = { durationMs: Math.round(performance.now() - started), error: code };
  }
  await appendLedger({
    partner: 'city',
    direction: 'outbound',
    operation: 'deliver',
    messageId: eventId,
    requestHash: requestHash(body),
    outcome: answer.httpStatus !== undefined && answer.httpStatus < 300 ? 'ok' : isRetryable(answer) ? 'retryable' : 'rejected',
    httpStatus: answer.httpStatus,
    errorCode: answer.error,
    durationMs: answer.durationMs,
    at: new Date().toISOString(),
  });
  return answer;
}

/** Network errors, timeouts, 5xx and 429 may succeed later; any other 4xx will not. */
export function isRetryable(answer: Pick<CityAnswer, 'httpStatus'>): boolean {
  return answer.httpStatus === undefined || answer.httpStatus === 429 || answer.httpStatus >= 500;
}
