import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PaymentRequest } from '../../contracts/api/payment';
import { momoAmountLimits } from '../../contracts/payment/momo';
import { PaygovInitRequest, paygovInitLimits } from '../../contracts/payment/paygov';
import { vnpayPayUrlLimits } from '../../contracts/payment/vnpay';
import type { StoredPayment } from '../../functions/core/payment/payment-records';
import { newPaymentReference } from '../../functions/core/payment/payment-reference';
import { toPaygovInit } from '../../functions/translate/paygov-messages';
import { vnpayPaymentUrl } from '../../functions/translate/vnpay-payment-url';

/**
 * `POST /v1/payments` accepts nothing its provider would refuse: requests generated at and just
 * beyond every declared limit either fail validation naming a field, or translate into an INIT
 * PayGov's contract accepts (PayGov and MoMo payments) or a VNPay URL within VNPay's field limits.
 */

/** A length at, just under or just over a limit. */
const around = (limit: number) => fc.constantFrom(1, limit - 1, limit, limit + 1);
const textOf = (limit: number) => around(limit).map((length) => 'ễ'.repeat(length));

const returnUrl = fc
  .constantFrom(9, 10, vnpayPayUrlLimits.returnUrlChars, vnpayPayUrlLimits.returnUrlChars + 1, paygovInitLimits.returnUrlChars, paygovInitLimits.returnUrlChars + 1)
  .map((length) => {
    const base = 'https://a.vn/';
    return length <= base.length ? 'http://a/'.slice(0, Math.max(length, 8)) : base + 'k'.repeat(length - base.length);
  });

const amountNear = fc.oneof(
  fc.constantFrom(0, 1, 999, momoAmountLimits.minVnd, momoAmountLimits.maxVnd, momoAmountLimits.maxVnd + 1, 9_999_999_999, 10_000_000_000, 1_000_000_000_000),
  fc.integer({ min: 0, max: 1_000_000_000_000 }),
);

const request = fc.record({
  dossierCode: fc.constantFrom('H29-1', 'A'.repeat(64), 'A'.repeat(65)),
  fees: fc.integer({ min: 1, max: paygovInitLimits.fees + 1 }).chain((count) =>
    fc.tuple(around(paygovInitLimits.feeCodeChars), textOf(paygovInitLimits.feeNameChars), amountNear).map(([codeLength, name, amount]) =>
      Array.from({ length: count }, (_, index) => ({ code: `${index}`.padEnd(codeLength, 'C'), name, amount: index === 0 ? amount : 0 })),
    ),
  ),
  payer: textOf(paygovInitLimits.payerNameChars).map((name) => ({ name })),
  provider: fc.constantFrom('paygov', 'vnpay', 'momo'),
  returnUrl,
});

function storedFrom(accepted: PaymentRequest): StoredPayment {
  return {
    reference: newPaymentReference(),
    dossierCode: accepted.dossierCode,
    provider: accepted.provider,
    status: 'PENDING',
    amount: accepted.fees.reduce((sum, fee) => sum + fee.amount, 0),
    fees: accepted.fees,
    payerName: accepted.payer.name,
    returnUrl: accepted.returnUrl,
    createdAt: '2026-11-30T04:00:00.000Z',
    expiresAt: '2026-11-30T04:15:00.000Z',
  };
}

describe('POST /v1/payments accepts nothing a provider refuses', () => {
  it('accepted ⇒ PayGov INIT and VNPay URL fields within their limits; refused ⇒ a named field', () => {
    fc.assert(
      fc.property(request, (input) => {
        const parsed = PaymentRequest.safeParse(input);
        if (!parsed.success) {
          expect(parsed.error.issues.every((issue) => issue.path.length > 0)).toBe(true);
          return;
        }
        const payment = storedFrom(parsed.data);
        if (payment.provider === 'vnpay') {
          const params = new URL(vnpayPaymentUrl(payment, { tmnCode: 'LTTEST01', hashSecret: 'S'.repeat(32) }, { payUrl: 'https://vnpay.example/pay', clientIp: '203.0.113.9' })).searchParams;
          expect(params.get('vnp_Amount')).toMatch(new RegExp(`^\\d{1,${vnpayPayUrlLimits.amountDigits}}$`));
          expect(params.get('vnp_ReturnUrl')?.length).toBeLessThanOrEqual(vnpayPayUrlLimits.returnUrlChars);
          expect(params.get('vnp_ReturnUrl')?.length).toBeGreaterThanOrEqual(vnpayPayUrlLimits.returnUrlMinChars);
          expect(params.get('vnp_OrderInfo')?.length).toBeLessThanOrEqual(vnpayPayUrlLimits.orderInfoChars);
          expect(params.get('vnp_TxnRef')?.length).toBeLessThanOrEqual(vnpayPayUrlLimits.txnRefChars);
          return;
        }
        const init = toPaygovInit(payment, { partnerCode: 'HCM-TEST', secret: 'paygov-secret' }, { at: payment.createdAt, clientIp: '203.0.113.9' });
        const checked = PaygovInitRequest.safeParse(init);
        expect(checked.success, JSON.stringify(checked.error?.issues.slice(0, 3))).toBe(true);
        if (payment.provider === 'momo') {
          expect(payment.amount).toBeGreaterThanOrEqual(momoAmountLimits.minVnd);
          expect(payment.amount).toBeLessThanOrEqual(momoAmountLimits.maxVnd);
        }
      }),
      { numRuns: 400, seed: 9010 },
    );
  });

  it('names the provider’s rule at the field', () => {
    const base = { dossierCode: 'H29-1', fees: [{ code: 'LP', name: 'Lệ phí', amount: 8000 }], payer: { name: 'A' }, returnUrl: `https://a.vn/${'k'.repeat(300)}` };
    const vnpay = PaymentRequest.safeParse({ ...base, provider: 'vnpay' });
    expect(vnpay.error?.issues).toEqual([expect.objectContaining({ path: ['returnUrl'], message: expect.stringContaining('vnp_ReturnUrl') })]);
    expect(PaymentRequest.safeParse({ ...base, provider: 'paygov' }).success).toBe(true);
    const momo = PaymentRequest.safeParse({ ...base, provider: 'momo', fees: [{ code: 'LP', name: 'Lệ phí', amount: 500 }] });
    expect(momo.error?.issues).toEqual([expect.objectContaining({ path: ['fees'], message: expect.stringContaining('MoMo') })]);
  });
});
