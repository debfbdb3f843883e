import type { StoredPayment } from '../../core/payment/payment-records';
import { vnpayPaymentUrl } from '../../translate/vnpay-payment-url';
import { initPaygovPayment } from './paygov-client';
import { paymentConfig, vnpayCredentials } from './payment-config';

/**
 * Where to send the payer: VNPay payments get a URL the gateway signs itself (VNPay has no INIT
 * call); PayGov and MoMo payments are registered with PayGov INIT, which answers the URL.
 */
export async function payUrlFor(payment: StoredPayment, context: { clientIp: string; payerIdNumber?: string; requestId: string }): Promise<string> {
  if (payment.provider === 'vnpay') {
    return vnpayPaymentUrl(payment, await vnpayCredentials(), { payUrl: paymentConfig().VNPAY_PAY_URL, clientIp: context.clientIp });
  }
  return initPaygovPayment(payment, context);
}
