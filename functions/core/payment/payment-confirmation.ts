import type { PaidEffectsPorts } from './payment-effects';
import { applyPaidEffects } from './payment-effects';
import type { PaymentConfirmation, PaymentStatus, StoredPayment, TransitionFields } from './payment-records';
import type { ConfirmationDecision } from './payment-state';
import { decideConfirmation } from './payment-state';

export interface ConfirmationPorts extends PaidEffectsPorts {
  readonly readPayment: (reference: string) => Promise<StoredPayment | undefined>;
  readonly transitionPayment: (
    reference: string,
    to: Exclude<PaymentStatus, 'PENDING'>,
    fields: TransitionFields,
  ) => Promise<boolean>;
  /** Once per `key` (the provider's transaction): a resent confirmation adds nothing. */
  readonly recordPaymentException: (reference: string, exception: { kind: string; at: string; detail: string; key: string }) => Promise<void>;
  readonly recordConfirmation: (confirmation: PaymentConfirmation, decision: string) => Promise<void>;
}

export type ConfirmationOutcome = 'confirmed' | 'already-confirmed' | 'unknown-reference' | 'invalid-amount' | 'exception-recorded';

/**
 * Applies one verified confirmation (the signature was checked by the caller): reference, then
 * amount, then state, as decideConfirmation says. Every confirmation is kept on the payment's
 * record. A PAID payment's effects run again on a duplicate, since they are idempotent and a
 * crash may have cut the first run short.
 */
export async function applyConfirmation(confirmation: PaymentConfirmation, ports: ConfirmationPorts): Promise<ConfirmationOutcome> {
  for (let attempt = 0; ; attempt++) {
    const payment = await ports.readPayment(confirmation.reference);
    const decision = decideConfirmation(payment, confirmation);
    if (attempt === 0) await ports.recordConfirmation(confirmation, decision.kind);
    const outcome = await act(decision, payment, confirmation, ports);
    // Lost the conditional update to a concurrent confirmation or the reconciler: decide again.
    if (outcome !== 'lost-race' || attempt > 0) return outcome === 'lost-race' ? 'already-confirmed' : outcome;
  }
}

async function act(
  decision: ConfirmationDecision,
  payment: StoredPayment | undefined,
  confirmation: PaymentConfirmation,
  ports: ConfirmationPorts,
): Promise<ConfirmationOutcome | 'lost-race'> {
  switch (decision.kind) {
    case 'unknown-reference':
    case 'invalid-amount':
      return decision.kind;
    case 'exception':
      await ports.recordPaymentException(confirmation.reference, {
        kind: decision.exception,
        at: confirmation.receivedAt,
        detail: `${confirmation.provider} confirmed a payment of ${confirmation.amount} VND (transaction ${confirmation.providerTransactionId}) after the payment was ${payment?.status}; refund review needed`,
        key: `${confirmation.provider}:${confirmation.providerTransactionId}`,
      });
      return 'exception-recorded';
    case 'already-confirmed':
      if (payment?.status === 'PAID' && payment.reconcile === 'EFFECTS') await applyPaidEffects(payment, ports);
      return 'already-confirmed';
    case 'transition': {
      const fields =
        decision.to === 'PAID'
          ? { paidAt: confirmation.receivedAt, providerTransactionId: confirmation.providerTransactionId }
          : { failureReason: `${confirmation.provider} code ${confirmation.providerCode}`, providerTransactionId: confirmation.providerTransactionId };
      if (!(await ports.transitionPayment(confirmation.reference, decision.to, fields))) return 'lost-race';
      if (decision.to === 'PAID' && payment) await applyPaidEffects({ ...payment, status: 'PAID', ...fields }, ports);
      return 'confirmed';
    }
  }
}
