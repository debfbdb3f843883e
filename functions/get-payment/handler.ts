import * as z from '../../contracts/zod-mini';
import { PaymentReference } from '../../contracts/payment/identifiers';
import { readPayment } from '../adapters/payment/payment-store';
import { NotFoundError } from '../core/errors';
import { paymentView } from '../core/payment/payment-records';
import { httpEndpoint } from '../http/endpoint';
import { json } from '../http/response';
import { parseOrReject } from '../http/validate';

// Checked before the store is read: an id the gateway never issues (or longer than a key) is a 422.
const PathParameters = z.object({ paymentId: PaymentReference });

export const handler = httpEndpoint({}, async ({ event }) => {
  const { paymentId } = parseOrReject(PathParameters, event.pathParameters ?? {}, 'path');
  const payment = await readPayment(paymentId);
  if (!payment) throw new NotFoundError(`no payment "${paymentId}"`);
  return json(200, paymentView(payment));
});
