import * as z from 'zod';
import * as zm from '../zod-mini';
import { momoAmountLimits } from '../payment/momo';
import { paygovInitLimits } from '../payment/paygov';
import { vnpayMaxAmountVnd, vnpayPayUrlLimits } from '../payment/vnpay';
import { DossierCode, VndAmount } from './dossier';
import { text } from './text';

/**
 * Opening a payment of a dossier's fees. Amounts are whole VND: integers, never floats. Every
 * limit comes from the provider that will carry the value (PayGov INIT fields for every payment,
 * VNPay's URL fields and MoMo's amount range for theirs), so nothing accepted here is refused there.
 */
// zod/mini: POST /v1/payments validates only this, and bundles no classic zod for it.
export const PaymentRequest = /* @__PURE__ */ (() => zm
  .strictObject({
    dossierCode: DossierCode,
    fees: zm
      .array(
        zm.strictObject({
          code: zm.string().check(zm.regex(new RegExp(`^[A-Za-z0-9._-]{1,${paygovInitLimits.feeCodeChars}}$`))),
          name: text(paygovInitLimits.feeNameChars),
          amount: VndAmount,
        }),
      )
      .check(zm.minLength(1), zm.maxLength(paygovInitLimits.fees)),
    payer: zm.strictObject({ name: text(paygovInitLimits.payerNameChars), personalId: zm.optional(zm.string().check(zm.regex(/^\d{12}$/, '12 digits'))) }),
    provider: zm._default(zm.enum(['paygov', 'vnpay', 'momo']), 'paygov'),
    returnUrl: zm.url({ protocol: /^https?$/ }).check(zm.maxLength(paygovInitLimits.returnUrlChars)),
  })
  .check(zm.superRefine((request, ctx) => {
    const total = request.fees.reduce((sum, fee) => sum + fee.amount, 0);
    if (total <= 0) {
      ctx.addIssue({ code: 'custom', path: ['fees'], message: 'the total of the fees must be positive' });
    }
    if (request.provider === 'vnpay') {
      const { returnUrlChars } = vnpayPayUrlLimits;
      if (request.returnUrl.length > returnUrlChars || request.returnUrl.length < vnpayPayUrlLimits.returnUrlMinChars) {
        ctx.addIssue({ code: 'custom', path: ['returnUrl'], message: `VNPay accepts a return URL of ${vnpayPayUrlLimits.returnUrlMinChars}–${returnUrlChars} characters (vnp_ReturnUrl)` });
      }
      if (total > vnpayMaxAmountVnd) {
        ctx.addIssue({ code: 'custom', path: ['fees'], message: `VNPay accepts at most ${vnpayMaxAmountVnd} VND in one payment (vnp_Amount has 12 digits)` });
      }
    }
    if (request.provider === 'momo' && total > 0 && (total < momoAmountLimits.minVnd || total > momoAmountLimits.maxVnd)) {
      ctx.addIssue({ code: 'custom', path: ['fees'], message: `MoMo accepts ${momoAmountLimits.minVnd}–${momoAmountLimits.maxVnd} VND in one payment` });
    }
    const codes = new Set<string>();
    request.fees.forEach((fee, index) => {
      if (codes.has(fee.code)) ctx.addIssue({ code: 'custom', path: ['fees', index, 'code'], message: `fee code ${fee.code} appears twice` });
      codes.add(fee.code);
    });
  }))
  .register(zm.globalRegistry, { id: 'PaymentRequest' }))();
export type PaymentRequest = zm.output<typeof PaymentRequest>;

export const paymentStatuses = ['PENDING', 'PAID', 'FAILED', 'EXPIRED'] as const;

export const PaymentView = /* @__PURE__ */ (() => z
  .strictObject({
    paymentId: z.string(),
    reference: z.string(),
    dossierCode: DossierCode,
    provider: z.enum(['paygov', 'vnpay', 'momo']),
    status: z.enum(paymentStatuses),
    amount: z.int(),
    fees: z.array(z.strictObject({ code: z.string(), name: z.string(), amount: z.int() })),
    payUrl: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string(),
    paidAt: z.string().nullable(),
    providerTransactionId: z.string().nullable(),
    failureReason: z.string().nullable(),
    /** A confirmation that could not be applied as-is (e.g. paid after expiry): kept for refund review. */
    exceptions: z.array(z.strictObject({ kind: z.string(), at: z.string(), detail: z.string() })),
  })
  .meta({ id: 'PaymentView' }))();
export type PaymentView = z.infer<typeof PaymentView>;

export const PaymentOpened = /* @__PURE__ */ (() => z
  .strictObject({ paymentId: z.string(), reference: z.string(), payUrl: z.string(), expiresAt: z.string() })
  .meta({ id: 'PaymentOpened' }))();
