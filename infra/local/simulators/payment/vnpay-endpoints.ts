import * as z from 'zod';
import { vnpayVersion } from '../../../../contracts/payment/vnpay';
import { sameSignature, vnpaySecureHash } from '../../../../functions/core/payment/payment-signatures';
import type { PaymentCredentials } from './payment-credentials';
import { platformTime } from './payment-time';
import type { PaymentState, PaymentTransaction } from './payment-state';

/**
 * VNPay's payment URL (PARTNERS.md §3.2), which the gateway builds and signs itself and sends the
 * citizen's browser to. contracts/payment has no schema for it (the gateway only builds it), so
 * the simulator's reading of VNPay's parameter list lives here.
 */
const VnpayPayParameters = z.object({
  vnp_Version: z.literal(vnpayVersion),
  vnp_Command: z.literal('pay'),
  vnp_TmnCode: z.string().min(1),
  // VND × 100, so always a whole number of hundreds.
  vnp_Amount: z.string().regex(/^[1-9]\d*00$/, 'phải là số tiền VND nhân 100'),
  vnp_CurrCode: z.literal('VND'),
  vnp_TxnRef: z.string().min(1).max(100),
  vnp_OrderInfo: z.string().min(1).max(255),
  vnp_OrderType: z.string().min(1),
  vnp_Locale: z.enum(['vn', 'en']),
  vnp_ReturnUrl: z.url(),
  vnp_IpAddr: z.string().min(1),
  vnp_CreateDate: z.string().regex(/^\d{14}$/),
  vnp_ExpireDate: z.string().regex(/^\d{14}$/),
  vnp_BankCode: z.string().optional(),
  vnp_SecureHash: z.string().min(1),
});

export type VnpayPayResult = { readonly transaction: PaymentTransaction } | { readonly status: number; readonly text: string };

export interface VnpayContext {
  readonly state: PaymentState;
  readonly credentials: PaymentCredentials['vnpay'];
}

/** Checks in VNPay's order: merchant, signature, then the parameters themselves. */
export function vnpayPay(query: URLSearchParams, context: VnpayContext): VnpayPayResult {
  // The first value of each key, as VNPay's servlet reads it; every vnp_* key is signed.
  const params: Record<string, string> = {};
  for (const [key, value] of query) if (!(key in params)) params[key] = value;

  if (params.vnp_TmnCode !== context.credentials.tmnCode) {
    return { status: 400, text: `Website chưa được phê duyệt: vnp_TmnCode ${params.vnp_TmnCode ?? '(trống)'} không tồn tại` };
  }
  if (!sameSignature(vnpaySecureHash(params, context.credentials.hashSecret), params.vnp_SecureHash)) {
    return { status: 400, text: 'Sai chữ ký (vnp_SecureHash): chuỗi ký là các tham số vnp_* theo thứ tự tên, giá trị mã hóa URL (dấu cách thành +), HMAC-SHA512' };
  }
  const parsed = VnpayPayParameters.safeParse(params);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    return { status: 400, text: `Dữ liệu gửi sang không đúng định dạng: ${problems}` };
  }
  const request = parsed.data;
  // Both sides write GMT+7 yyyyMMddHHmmss, so the strings compare in time order.
  if (request.vnp_ExpireDate <= platformTime()) {
    return { status: 400, text: `Giao dịch đã quá thời gian chờ thanh toán (vnp_ExpireDate ${request.vnp_ExpireDate})` };
  }

  const opened = context.state.open({
    reference: request.vnp_TxnRef,
    channel: 'vnpay',
    amount: Number(request.vnp_Amount) / 100,
    description: request.vnp_OrderInfo,
    bankCode: request.vnp_BankCode ?? '',
    fees: [],
    returnUrl: request.vnp_ReturnUrl,
  });
  if (!opened) return { status: 400, text: `Giao dịch ${request.vnp_TxnRef} đã tồn tại với số tiền khác` };
  return { transaction: opened.transaction };
}
