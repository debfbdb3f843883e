import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { ConfirmationRefusal } from '../../contracts/payment/identifiers';
import { confirmationPorts } from '../adapters/payment/confirmation-ports';
import { GatewayError } from '../core/errors';
import type { ConfirmationOutcome } from '../core/payment/payment-confirmation';
import { applyConfirmation } from '../core/payment/payment-confirmation';
import type { InboundAnswer } from '../http/inbound-ledger';
import type { ConfirmationReading } from '../translate/payment-confirmations';

/**
 * One provider's confirmation callback. It answers every request in its provider's own format —
 * never a problem document, never a 5xx for anything the request holds — because a provider
 * reads only its own protocol and resends what it cannot read. `answer` never throws for a
 * request's content; `failed` is the answer when the gateway itself failed.
 */
export interface ProviderCallback {
  readonly provider: 'paygov' | 'vnpay' | 'momo';
  /** `authenticated` is called once the signature verified: from then on the request is the provider's (ledger). */
  readonly answer: (event: APIGatewayProxyEvent, authenticated: () => void) => Promise<InboundAnswer>;
  readonly failed: (event: APIGatewayProxyEvent) => Promise<InboundAnswer>;
}

/** The outcomes of a well-formed, signed confirmation that are refusals, in refusal terms. */
const refusalOf: Partial<Record<ConfirmationOutcome, ConfirmationRefusal>> = { 'unknown-reference': 'unknown-reference', 'invalid-amount': 'invalid-amount' };

export type Decided = { readonly outcome: ConfirmationOutcome; readonly reference: string } | { readonly refusal: ConfirmationRefusal; readonly reference?: string };

/** Refusals a reading makes before its signature verified: anyone could have sent these. */
const unauthenticatedRefusals: ReadonlySet<ConfirmationRefusal> = new Set(['bad-signature', 'body-too-large', 'unsupported-media-type', 'malformed']);

/**
 * Applies a verified confirmation; a refused reading goes no further (no store access). Readings
 * check the signature first, so any other refusal, and every confirmation, is the provider's own.
 */
export async function decide(reading: ConfirmationReading, authenticated: () => void): Promise<Decided> {
  if (reading.kind === 'refused') {
    if (!unauthenticatedRefusals.has(reading.refusal)) authenticated();
    return { refusal: reading.refusal, reference: reading.reference };
  }
  authenticated();
  const outcome = await applyConfirmation(reading.confirmation, confirmationPorts);
  const refusal = refusalOf[outcome];
  return refusal ? { refusal, reference: reading.confirmation.reference } : { outcome, reference: reading.confirmation.reference };
}

/**
 * Why a body could not be read, from the errors readRawBody / parseJsonBody raise for a request's
 * content (413, 415, 400). Anything else is the gateway's own failure and is rethrown.
 */
export function bodyRefusal(error: unknown): ConfirmationRefusal {
  if (error instanceof GatewayError) {
    if (error.status === 413) return 'body-too-large';
    if (error.status === 415) return 'unsupported-media-type';
    if (error.status === 400) return 'malformed';
  }
  throw error;
}
