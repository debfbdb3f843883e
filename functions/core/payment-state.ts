import type { PaymentConfirmation, StoredPayment } from './payment-records';

/**
 * What a confirmation does to a payment, checked in the order the providers require (after the
 * signature): the reference, then the amount, then the state.
 * - PENDING + success → PAID; PENDING + failure → FAILED (each by one conditional update);
 * - PAID or FAILED again → already confirmed, nothing changes (a duplicate, or a failure after a
 *   success, never undoes a payment);
 * - EXPIRED + success → the money was taken after the gateway gave up on the payment: kept as an
 *   exception for refund review, never silently turned into PAID; EXPIRED + failure → nothing.
 */
export type ConfirmationDecision =
  | { readonly kind: 'unknown-reference' }
  | { readonly kind: 'invalid-amount'; readonly expected: number }
  | { readonly kind: 'already-confirmed'; readonly status: StoredPayment['status'] }
  | { readonly kind: 'transition'; readonly to: 'PAID' | 'FAILED' }
  | { readonly kind: 'exception'; readonly exception: string };

export function decideConfirmation(payment: StoredPayment | undefined, confirmation: PaymentConfirmation): ConfirmationDecision {
  if (!payment) return { kind: 'unknown-reference' };
  if (confirmation.amount !== payment.amount) return { kind: 'invalid-amount', expected: payment.amount };
  switch (payment.status) {
    case 'PENDING':
      return { kind: 'transition', to: confirmation.succeeded ? 'PAID' : 'FAILED' };
    case 'EXPIRED':
      return confirmation.succeeded ? { kind: 'exception', exception: 'paid-after-expiry' } : { kind: 'already-confirmed', status: 'EXPIRED' };
    default:
      return { kind: 'already-confirmed', status: payment.status };
  }
}
