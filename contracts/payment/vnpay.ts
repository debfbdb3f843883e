import * as z from 'zod';

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

/**
 * The IPN's query parameters as the gateway reads them (PARTNERS.md §3.2). VNPay may add others;
 * every `vnp_*` parameter sent is covered by the signature, listed here or not.
 */
export const VnpayIpnQuery = /* @__PURE__ */ (() => z.looseObject({
  vnp_TmnCode: z.string().optional().describe('our merchant code at VNPay'),
  vnp_TxnRef: z.string().describe('the payment reference the gateway gave at opening'),
  vnp_Amount: z.string().regex(/^\d+$/).describe('amount in VND × 100 (VNPay’s convention): a whole number of đồng, so a multiple of 100'),
  vnp_ResponseCode: z.string().describe('00 = success; with vnp_TransactionStatus 00 the payment is PAID'),
  vnp_TransactionStatus: z.string().describe('00 = success'),
  vnp_TransactionNo: z.string().describe('VNPay’s transaction number, recorded as the provider transaction id'),
  vnp_BankCode: z.string().optional(),
  vnp_BankTranNo: z.string().optional(),
  vnp_CardType: z.string().optional(),
  vnp_OrderInfo: z.string().optional(),
  vnp_PayDate: z.string().regex(/^\d{14}$/).optional().describe('yyyyMMddHHmmss, Vietnam time'),
  vnp_SecureHashType: z.string().optional().describe('HmacSHA512 when sent; not signed'),
  vnp_SecureHash: z.string().regex(/^[0-9a-fA-F]{128}$/).describe('hex HMAC-SHA512 over the other vnp_* parameters, sorted by name'),
}))();
