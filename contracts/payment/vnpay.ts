/**
 * VNPay 2.1.0 (PARTNERS.md §3.2). Every `vnp_*` parameter except the hash fields is signed:
 * keys sorted, values URL-encoded with spaces as `+`, joined `k=v&…`, HMAC-SHA512 hex.
 */
export const vnpayVersion = '2.1.0';

export const vnpayHashFields = ['vnp_SecureHash', 'vnp_SecureHashType'] as const;

/** Our IPN answer codes, exactly as VNPay reads them. */
export const vnpayIpnCodes = {
  confirmed: { RspCode: '00', Message: 'Confirm Success' },
  orderNotFound: { RspCode: '01', Message: 'Order not found' },
  alreadyConfirmed: { RspCode: '02', Message: 'Order already confirmed' },
  invalidAmount: { RspCode: '04', Message: 'Invalid amount' },
  invalidSignature: { RspCode: '97', Message: 'Invalid signature' },
  unknownError: { RspCode: '99', Message: 'Unknown error' },
} as const;

/** Paid only when both codes say so. */
export const vnpaySuccess = { responseCode: '00', transactionStatus: '00' } as const;
