import * as z from '../zod-mini';

/**
 * MoMo AIO v2 IPN (PARTNERS.md §3.3) as it arrives, before its signature is checked: every signed
 * field is text or a JSON number (amount, transId, resultCode, responseTime), signed as its text.
 * The values' meaning is checked only after the signature verifies; unknown fields are kept.
 */
const signedValue = /* @__PURE__ */ (() => z.union([z.string(), z.number()]))();
export const MomoIpn = /* @__PURE__ */ (() => z.looseObject({
  partnerCode: signedValue,
  orderId: signedValue,
  requestId: signedValue,
  amount: signedValue,
  orderInfo: signedValue,
  orderType: signedValue,
  transId: signedValue,
  resultCode: signedValue,
  message: signedValue,
  payType: signedValue,
  responseTime: signedValue,
  extraData: signedValue,
  signature: z.string(),
}))();
export type MomoIpn = z.output<typeof MomoIpn>;

/** One MoMo wallet payment's amount in VND (developers.momo.vn, AIO captureWallet: 1,000 to 50,000,000). */
export const momoAmountLimits = { minVnd: 1_000, maxVnd: 50_000_000 } as const;

/** The signed string starts with our accessKey, then these IPN fields in alphabetical order. */
export const momoIpnSignedFields = [
  'amount', 'extraData', 'message', 'orderId', 'orderInfo', 'orderType', 'partnerCode', 'payType', 'requestId', 'responseTime', 'resultCode', 'transId',
] as const;

/**
 * MoMo's result codes the gateway answers a refused IPN with (developers.momo.vn "resultCode"):
 * the IPN itself is answered 204 once handled; a refusal carries one of these in a JSON body.
 */
export const momoReplyCodes = {
  accessDenied: 11,
  badFormat: 20,
  invalidAmount: 21,
  orderNotFound: 42,
  unknownError: 99,
} as const;

/** The JSON body of a refused IPN, in the shape MoMo's own answers take (orderId/requestId echoed when ≤ 50 characters). */
export const MomoRefusal = /* @__PURE__ */ (() => z.strictObject({
  partnerCode: z.string(),
  orderId: z.optional(z.string()),
  requestId: z.optional(z.string()),
  resultCode: z.int(),
  message: z.string(),
  responseTime: z.int().register(z.globalRegistry, { description: 'unix milliseconds' }),
}))();
export type MomoRefusalBody = z.infer<typeof MomoRefusal>;
