import * as z from 'zod';

/** MoMo AIO v2 IPN (PARTNERS.md §3.3): HMAC-SHA256 hex over the fields below, in this order. */
export const MomoIpn = z.looseObject({
  partnerCode: z.string(),
  orderId: z.string(),
  requestId: z.string(),
  amount: z.union([z.int(), z.string().regex(/^\d+$/).transform(Number)]),
  orderInfo: z.string(),
  orderType: z.string(),
  transId: z.union([z.string(), z.number()]).transform(String),
  resultCode: z.union([z.int(), z.string().regex(/^-?\d+$/).transform(Number)]),
  message: z.string(),
  payType: z.string(),
  responseTime: z.union([z.string(), z.number()]).transform(String),
  extraData: z.string(),
  signature: z.string(),
});
export type MomoIpn = z.output<typeof MomoIpn>;

/** The signed string starts with our accessKey, then these IPN fields in alphabetical order. */
export const momoIpnSignedFields = [
  'amount', 'extraData', 'message', 'orderId', 'orderInfo', 'orderType', 'partnerCode', 'payType', 'requestId', 'responseTime', 'resultCode', 'transId',
] as const;
