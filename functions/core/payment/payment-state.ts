import type { PaymentConfirmation, StoredPayment } from './payment-records';

/**
 * What a confirmation does to a payment, checked in the order the providers require (after the
 * signature): the reference, then the amount, then the state.
 * - PENDING + success → PAID; PENDING + failure → FAILED (each by one conditional update);
 * - PAID again, or any failure after a final state → already confirmed, nothing changes (a
 *   duplicate, or a failure after a success, never undoes a payment);
 * - EXPIRED or FAILED + success → money taken after the gateway gave up on the payment: kept as
 *   an exception for refund review (once per provider transaction), never silently turned PAID.
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
    case 'FAILED':
      // The payer tried again on the provider's page and paid: the money is taken, so it is never
      // dropped as "already confirmed" — it goes to refund review like a payment after expiry.
      return confirmation.succeeded ? { kind: 'exception', exception: 'paid-after-failure' } : { kind: 'already-confirmed', status: 'FAILED' };
    default:
      return { kind: 'already-confirmed', status: payment.status };
  }
}
