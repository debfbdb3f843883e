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

/**
 * Field limits of the payment URL (VNPay 2.1.0 integration guide, "Danh sách tham số"): what the
 * gateway accepts for a VNPay payment must fit them, or VNPay refuses the payer's page.
 */
export const vnpayPayUrlLimits = {
  /** vnp_Amount Numeric[1,12], in VND × 100: at most 9,999,999,999 VND. */
  amountDigits: 12,
  /** vnp_TxnRef Alphanumeric[1,100]. */
  txnRefChars: 100,
  /** vnp_OrderInfo Alphanumeric[1,255]. */
  orderInfoChars: 255,
  /** vnp_ReturnUrl Alphanumeric[10,255]. */
  returnUrlMinChars: 10,
  returnUrlChars: 255,
} as const;

/** The largest payment VNPay's vnp_Amount can carry, in whole VND. */
export const vnpayMaxAmountVnd = Math.floor((10 ** vnpayPayUrlLimits.amountDigits - 1) / 100);
