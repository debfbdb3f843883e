import type { APIGatewayProxyEvent } from 'aws-lambda';
import { appendLedger } from '../adapters/ledger-store';
import { GatewayError } from '../core/errors';
import type { LedgerEntry } from '../core/ledger-chain';
import { requestHash } from '../core/ledger-chain';
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
 * Runs an inbound partner request and writes its ledger record whatever the outcome — accepted,
 * duplicate, or refused for a bad signature, an oversize or malformed body, an unknown event.
 * The record holds the body's hash, never the body.
 */
export async function withInboundLedger(
  partner: LedgerEntry['partner'],
  operation: string,
  event: APIGatewayProxyEvent,
  run: () => Promise<InboundAnswer>,
): Promise<JsonResponse> {
  const started = performance.now();
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
  try {
    const response = await run();
    await appendLedger(entry(response.retryable ? 'retryable' : response.refused ? 'rejected' : 'ok', response.status, response.refused, response.subject));
    const { subject: _subject, refused: _refused, retryable: _retryable, ...plain } = response;
    return plain;
  } catch (error) {
    const status = error instanceof GatewayError ? error.status : 500;
    const code = error instanceof GatewayError ? String(error.extensions.reason ?? error.type.split(':').at(-1)) : 'internal';
    await appendLedger(entry(status >= 500 ? 'retryable' : 'rejected', status, code)).catch(() => undefined);
    throw error;
  }
}
