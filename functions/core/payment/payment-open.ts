import type { PaymentRequest } from '../../../contracts/api/payment';
import type { DossierPartition } from '../dossier/dossier-records';
import { DependencyRefusedError, DependencyUnavailableError, ValidationError } from '../errors';
import { PartnerRejectedError } from '../partners/partner-errors';
import type { PaymentStatus, StoredPayment } from './payment-records';

export interface OpenPaymentPorts {
  readonly readDossier: (dossierCode: string) => Promise<DossierPartition>;
  readonly createPayment: (payment: StoredPayment) => Promise<void>;
  readonly setPayUrl: (reference: string, payUrl: string) => Promise<void>;
  readonly transitionPayment: (reference: string, to: Exclude<PaymentStatus, 'PENDING'>, fields: { failureReason?: string }) => Promise<boolean>;
  /** INIT at PayGov (paygov and momo channels) or the signed VNPay URL (vnpay). */
  readonly payUrlFor: (payment: StoredPayment) => Promise<string>;
  readonly newReference: () => string;
  readonly ttlMinutes: number;
  readonly now: () => Date;
}

export interface PaymentOpened {
  readonly paymentId: string;
  readonly reference: string;
  readonly payUrl: string;
  readonly expiresAt: string;
}

/** When PayGov does not answer INIT, the caller retries after this long. */
const initRetryAfterSeconds = 5;

/**
 * Opens a payment: the dossier must exist; the payment is stored PENDING first (so every
 * reference PayGov ever sees is on record), then registered with the provider, then answered.
 * A provider failure marks the payment FAILED and answers 503 (retryable) or 502 (refused).
 */
export async function openPayment(request: PaymentRequest, ports: OpenPaymentPorts): Promise<PaymentOpened> {
  const { state } = await ports.readDossier(request.dossierCode);
  if (!state) {
    throw new ValidationError([{ location: 'body', path: '/dossierCode', message: `no dossier "${request.dossierCode}" has been stored` }]);
  }
  const now = ports.now();
  const payment: StoredPayment = {
    reference: ports.newReference(),
    dossierCode: request.dossierCode,
    provider: request.provider,
    status: 'PENDING',
    amount: request.fees.reduce((sum, fee) => sum + fee.amount, 0),
    fees: request.fees,
    payerName: request.payer.name,
    returnUrl: request.returnUrl,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ports.ttlMinutes * 60_000).toISOString(),
    reconcile: 'PENDING',
  };
  await ports.createPayment(payment);

  let payUrl: string;
  try {
    payUrl = await ports.payUrlFor(payment);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'provider-error';
    await ports.transitionPayment(payment.reference, 'FAILED', { failureReason: `could not be opened: ${code}` });
    if (error instanceof PartnerRejectedError) throw new DependencyRefusedError(`the payment platform refused the payment (${code})`);
    throw new DependencyUnavailableError('the payment platform did not answer; send the request again', initRetryAfterSeconds, { cause: error });
  }
  await ports.setPayUrl(payment.reference, payUrl);
  return { paymentId: payment.reference, reference: payment.reference, payUrl, expiresAt: payment.expiresAt };
}
