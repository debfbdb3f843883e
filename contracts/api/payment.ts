import * as z from 'zod';
import { DossierCode, VndAmount } from './dossier';
import { text } from './text';

/** Opening a payment of a dossier's fees. Amounts are whole VND: integers, never floats. */
export const PaymentRequest = z
  .strictObject({
    dossierCode: DossierCode,
    fees: z
      .array(z.strictObject({ code: z.string().regex(/^[A-Za-z0-9._-]{1,50}$/), name: text(300), amount: VndAmount }))
      .min(1)
      .max(20),
    payer: z.strictObject({ name: text(200), personalId: z.string().regex(/^\d{12}$/, '12 digits').optional() }),
    provider: z.enum(['paygov', 'vnpay', 'momo']).default('paygov'),
    returnUrl: z.url({ protocol: /^https?$/ }).max(1000),
  })
  .superRefine((request, ctx) => {
    if (request.fees.reduce((sum, fee) => sum + fee.amount, 0) <= 0) {
      ctx.addIssue({ code: 'custom', path: ['fees'], message: 'the total of the fees must be positive' });
    }
    const codes = new Set<string>();
    request.fees.forEach((fee, index) => {
      if (codes.has(fee.code)) ctx.addIssue({ code: 'custom', path: ['fees', index, 'code'], message: `fee code ${fee.code} appears twice` });
      codes.add(fee.code);
    });
  })
  .meta({ id: 'PaymentRequest' });
export type PaymentRequest = z.output<typeof PaymentRequest>;

export const paymentStatuses = ['PENDING', 'PAID', 'FAILED', 'EXPIRED'] as const;

export const PaymentView = z
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
  .meta({ id: 'PaymentView' });
export type PaymentView = z.infer<typeof PaymentView>;

export const PaymentOpened = z
  .strictObject({ paymentId: z.string(), reference: z.string(), payUrl: z.string(), expiresAt: z.string() })
  .meta({ id: 'PaymentOpened' });
