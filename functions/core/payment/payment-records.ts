import type { PaymentView } from '../../../contracts/api/payment';

/** The providers a payment can go through (also the `provider` dimension of the payment metrics). */
export const paymentProviders = ['paygov', 'vnpay', 'momo'] as const;
export type PaymentProvider = (typeof paymentProviders)[number];
export type PaymentStatus = 'PENDING' | 'PAID' | 'FAILED' | 'EXPIRED';

/** A payment as stored (PAYMENT#<reference>, sk PAYMENT). The reference is also its id. */
export interface StoredPayment {
  readonly reference: string;
  readonly dossierCode: string;
  readonly provider: PaymentProvider;
  readonly status: PaymentStatus;
  readonly amount: number;
  readonly fees: readonly { code: string; name: string; amount: number }[];
  readonly payerName: string;
  readonly returnUrl: string;
  readonly payUrl?: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly paidAt?: string;
  readonly providerTransactionId?: string;
  readonly failureReason?: string;
  readonly exceptions?: readonly { kind: string; at: string; detail: string }[];
  readonly exceptionKeys?: ReadonlySet<string>;
  /** Sparse index key: PENDING to reconcile; EFFECTS while a payment's effects are not yet applied. */
  readonly reconcile?: 'PENDING' | 'EFFECTS';
}

/** What a transition from PENDING sets besides the state; an exception is appended in the same write. */
export interface TransitionFields {
  readonly paidAt?: string;
  readonly providerTransactionId?: string;
  readonly failureReason?: string;
  /** `key` makes the entry once-only, as for recordPaymentException. */
  readonly exception?: { readonly kind: string; readonly at: string; readonly detail: string; readonly key: string };
}

/** A confirmation from any provider, reduced to what the state machine needs. */
export interface PaymentConfirmation {
  readonly provider: PaymentProvider;
  readonly reference: string;
  readonly amount: number;
  readonly succeeded: boolean;
  readonly providerTransactionId: string;
  /** The provider's own outcome code, kept for the record. */
  readonly providerCode: string;
  readonly receivedAt: string;
}

export function paymentView(payment: StoredPayment): PaymentView {
  return {
    paymentId: payment.reference,
    reference: payment.reference,
    dossierCode: payment.dossierCode,
    provider: payment.provider,
    status: payment.status,
    amount: payment.amount,
    fees: payment.fees.map((f) => ({ code: f.code, name: f.name, amount: f.amount })),
    payUrl: payment.payUrl ?? null,
    createdAt: payment.createdAt,
    expiresAt: payment.expiresAt,
    paidAt: payment.paidAt ?? null,
    providerTransactionId: payment.providerTransactionId ?? null,
    failureReason: payment.failureReason ?? null,
    exceptions: [...(payment.exceptions ?? [])],
  };
}
