import { vnpayVersion } from '../../contracts/payment/vnpay';
import type { StoredPayment } from '../core/payment/payment-records';
import { vnpaySecureHash } from '../core/payment/payment-signatures';
import { toPortalTime } from './portal-time';

/**
 * The VNPay payment URL the payer is sent to (VNPay 2.1.0): built and signed by the merchant, no
 * server call. vnp_Amount is VND × 100; times are yyyyMMddHHmmss in GMT+7.
 */
export function vnpayPaymentUrl(
  payment: StoredPayment,
  credentials: { tmnCode: string; hashSecret: string },
  context: { payUrl: string; clientIp: string },
): string {
  const params: Record<string, string> = {
    vnp_Version: vnpayVersion,
    vnp_Command: 'pay',
    vnp_TmnCode: credentials.tmnCode,
    vnp_Amount: String(payment.amount * 100),
    vnp_CurrCode: 'VND',
    vnp_TxnRef: payment.reference,
    vnp_OrderInfo: `Thanh toan phi ho so ${payment.dossierCode}`,
    vnp_OrderType: 'other',
    vnp_Locale: 'vn',
    vnp_ReturnUrl: payment.returnUrl,
    vnp_IpAddr: context.clientIp,
    vnp_CreateDate: toPortalTime(payment.createdAt),
    vnp_ExpireDate: toPortalTime(payment.expiresAt),
  };
  const query = new URLSearchParams({ ...params, vnp_SecureHash: vnpaySecureHash(params, credentials.hashSecret) });
  return `${context.payUrl}?${query.toString()}`;
}
