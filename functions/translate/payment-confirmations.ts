import type { MomoIpn } from '../../contracts/payment/momo';
import { momoIpnSignedFields } from '../../contracts/payment/momo';
import type { PaygovConfirm } from '../../contracts/payment/paygov';
import { paygovConfirmMacFields, paygovReplyMacFields } from '../../contracts/payment/paygov';
import { vnpaySuccess } from '../../contracts/payment/vnpay';
import type { PaymentConfirmation } from '../core/payment-records';
import { momoSignature, paygovMac, sameSignature, vnpaySecureHash } from '../core/payment-signatures';

/**
 * Each provider's confirmation → the gateway's PaymentConfirmation, after its signature is
 * verified over the values exactly as received. Undefined means the signature did not verify.
 */

export function fromPaygovConfirm(message: PaygovConfirm, secret: string, receivedAt: string): PaymentConfirmation | undefined {
  if (!sameSignature(paygovMac(message, paygovConfirmMacFields, secret), message.MaXacThuc)) return undefined;
  return {
    provider: 'paygov',
    reference: message.MaThamChieu,
    amount: Number(message.SoTien),
    succeeded: message.MaLoi === '00',
    providerTransactionId: message.MaGiaoDich,
    providerCode: message.MaLoi,
    receivedAt,
  };
}

/** PayGov's reply to a Confirm, signed over MaLoi|MoTaLoi|MaDoiTac|ThoiGianGD|secret. */
export function paygovReply(code: string, description: string, partnerCode: string, at: string, secret: string) {
  const reply = { MaLoi: code, MoTaLoi: description, MaDoiTac: partnerCode, ThoiGianGD: at };
  return { ...reply, MaXacThuc: paygovMac(reply, paygovReplyMacFields, secret) };
}

export function fromVnpayIpn(params: Readonly<Record<string, string>>, hashSecret: string, receivedAt: string): PaymentConfirmation | undefined {
  const verified =
    sameSignature(vnpaySecureHash(params, hashSecret), params.vnp_SecureHash) ||
    sameSignature(vnpaySecureHash(params, hashSecret, { skipEmpty: true }), params.vnp_SecureHash);
  if (!verified) return undefined;
  const amount = Number(params.vnp_Amount);
  return {
    provider: 'vnpay',
    reference: params.vnp_TxnRef ?? '',
    // vnp_Amount is VND × 100; a value that is not a whole number of đồng cannot match any payment.
    amount: Number.isInteger(amount / 100) ? amount / 100 : Number.NaN,
    succeeded: params.vnp_ResponseCode === vnpaySuccess.responseCode && params.vnp_TransactionStatus === vnpaySuccess.transactionStatus,
    providerTransactionId: params.vnp_TransactionNo ?? '',
    providerCode: `${params.vnp_ResponseCode}/${params.vnp_TransactionStatus}`,
    receivedAt,
  };
}

export function fromMomoIpn(ipn: MomoIpn, credentials: { accessKey: string; secretKey: string }, receivedAt: string): PaymentConfirmation | undefined {
  if (!sameSignature(momoSignature(ipn, momoIpnSignedFields, credentials.accessKey, credentials.secretKey), ipn.signature)) return undefined;
  return {
    provider: 'momo',
    reference: ipn.orderId,
    amount: Number(ipn.amount),
    succeeded: Number(ipn.resultCode) === 0,
    providerTransactionId: ipn.transId,
    providerCode: String(ipn.resultCode),
    receivedAt,
  };
}
