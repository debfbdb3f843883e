import * as z from '../zod-mini';

/** A schema with its description for the OpenAPI document (zod/mini spells `.describe` so). */
const described = <S extends z.ZodMiniType>(schema: S, description: string): S => {
  z.globalRegistry.add(schema as z.ZodMiniType, { description });
  return schema;
};

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
  vnp_TmnCode: described(z.optional(z.string()), 'our merchant code at VNPay'),
  vnp_TxnRef: described(z.string(), 'the payment reference the gateway gave at opening'),
  vnp_Amount: described(z.string().check(z.regex(/^\d+$/)), 'amount in VND × 100 (VNPay’s convention): a whole number of đồng, so a multiple of 100'),
  vnp_ResponseCode: described(z.string(), '00 = success; with vnp_TransactionStatus 00 the payment is PAID'),
  vnp_TransactionStatus: described(z.string(), '00 = success'),
  vnp_TransactionNo: described(z.string(), 'VNPay’s transaction number, recorded as the provider transaction id'),
  vnp_BankCode: z.optional(z.string()),
  vnp_BankTranNo: z.optional(z.string()),
  vnp_CardType: z.optional(z.string()),
  vnp_OrderInfo: z.optional(z.string()),
  vnp_PayDate: described(z.optional(z.string().check(z.regex(/^\d{14}$/))), 'yyyyMMddHHmmss, Vietnam time'),
  vnp_SecureHashType: described(z.optional(z.string()), 'HmacSHA512 when sent; not signed'),
  vnp_SecureHash: described(z.string().check(z.regex(/^[0-9a-fA-F]{128}$/)), 'hex HMAC-SHA512 over the other vnp_* parameters, sorted by name'),
}))();
