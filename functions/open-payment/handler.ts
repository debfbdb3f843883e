import * as z from '../../contracts/zod-mini';
import { PaymentRequest } from '../../contracts/api/payment';
import { readDossier } from '../adapters/dossier/dossier-store';
import { runIdempotently } from '../adapters/payment/idempotency';
import { payUrlFor } from '../adapters/payment/pay-url';
import { paymentConfig } from '../adapters/payment/payment-config';
import { createPayment, setPayUrl, transitionPayment } from '../adapters/payment/payment-store';
import { openPayment } from '../core/payment/payment-open';
import { newPaymentReference } from '../core/payment/payment-reference';
import { httpEndpoint } from '../http/endpoint';
import { json } from '../http/response';
import { parseOrReject } from '../http/validate';

const IdempotencyHeader = /* @__PURE__ */ (() =>
  z.object({ 'idempotency-key': z.optional(z.string().check(z.regex(/^[\x21-\x7e]{1,128}$/, '1–128 visible ASCII characters'))) }))();

export const handler = httpEndpoint({ jsonBody: true }, async ({ event, context, body, requestId }) => {
  const request = parseOrReject(PaymentRequest, body, 'body');
  const { 'idempotency-key': idempotencyKey } = parseOrReject(IdempotencyHeader, event.headers ?? {}, 'header');
  const run = () =>
    openPayment(request, {
      readDossier,
      createPayment,
      setPayUrl,
      transitionPayment,
      payUrlFor: (payment) =>
        payUrlFor(payment, { clientIp: event.requestContext?.identity?.sourceIp ?? '127.0.0.1', payerIdNumber: request.payer.personalId, requestId }),
      newReference: () => newPaymentReference(),
      ttlMinutes: paymentConfig().PAYMENT_TTL_MINUTES,
      now: () => new Date(),
    });
  const clientKeyId = String(event.requestContext?.authorizer?.keyId ?? 'anonymous');
  const opened = idempotencyKey ? await runIdempotently({ key: `${clientKeyId}:${idempotencyKey}`, request, run }, context) : await run();
  return json(201, opened, { location: `/v1/payments/${opened.paymentId}` });
});
