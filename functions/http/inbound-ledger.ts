import type { APIGatewayProxyEvent } from 'aws-lambda';
import { recordRefused } from '../adapters/ledger/ledger-refused-store';
import { appendLedger } from '../adapters/ledger/ledger-store';
import { stableErrorCode } from '../core/error-code';
import { GatewayError } from '../core/errors';
import type { LedgerEntry } from '../core/ledger/ledger-record';
import { requestHash } from '../core/ledger/ledger-record';
import { headerValue } from './headers';
import type { JsonResponse } from './response';

/**
 * An answer plus what the ledger should record of it. `refused` carries a reason when the request
 * was refused but answered 2xx, as some providers' protocols require (a bad PayGov MAC is a 200
 * with MaLoi 97). `retryable` marks an answer that asks the partner to send again (the gateway
 * failed, though the protocol wants a 2xx or its own body).
 */
export type InboundAnswer = JsonResponse & { subject?: string; refused?: string; retryable?: boolean };

/**
 * Runs an inbound partner request and records it whatever the outcome. A request is the
 * partner's only once its signature verified (the handler calls `authenticated()`): those go to
 * the partner's ledger — accepted, duplicate, refused for content. A request refused before that
 * could have been sent by anyone, so it is counted and sampled apart (ledger-refused-store) and a
 * flood of forgeries never mixes with, or crowds out, the partner's records. The record holds the
 * body's hash, never the body.
 */
export async function withInboundLedger(
  partner: LedgerEntry['partner'],
  operation: string,
  event: APIGatewayProxyEvent,
  run: (authenticated: () => void) => Promise<InboundAnswer>,
): Promise<JsonResponse> {
  const started = performance.now();
  let isAuthenticated = false;
  const entry = (outcome: LedgerEntry['outcome'], httpStatus: number, errorCode?: string, subject?: string): LedgerEntry => ({
    partner,
    direction: 'inbound',
    operation,
    messageId: headerValue(event.headers, 'webhook-id')?.slice(0, 128) || event.requestContext?.requestId || 'unknown',
    subject,
    requestHash: requestHash(event.body ?? ''),
    outcome,
    httpStatus,
    errorCode,
    durationMs: Math.round(performance.now() - started),
    at: new Date().toISOString(),
  });
  // A failure on our side (5xx) is recorded with the partner even before authentication: it may
  // be the partner's genuine request, which it will send again.
  const record = (e: LedgerEntry) => (isAuthenticated || e.outcome === 'retryable' ? appendLedger(e) : recordRefused(e));
  try {
    const response = await run(() => {
      isAuthenticated = true;
    });
    await record(entry(response.retryable ? 'retryable' : response.refused ? 'rejected' : 'ok', response.status, response.refused, response.subject));
    const { subject: _subject, refused: _refused, retryable: _retryable, ...plain } = response;
    return plain;
  } catch (error) {
    const status = error instanceof GatewayError ? error.status : 500;
    const code = stableErrorCode(error, 'internal');
    await record(entry(status >= 500 ? 'retryable' : 'rejected', status, code)).catch(() => undefined);
    throw error;
  }
}
