import * as z from 'zod';
import { readPayment } from '../adapters/payment-store';
import { NotFoundError } from '../core/errors';
import { paymentView } from '../core/payment-records';
import { httpEndpoint } from '../http/endpoint';
import { json } from '../http/response';
import { parseOrReject } from '../http/validate';

const PathParameters = z.object({ paymentId: z.string().regex(/^[A-Z0-9]{6,40}$/, 'a payment reference such as LT261122ABCDEFGHJK') });

export const handler = httpEndpoint({}, async ({ event }) => {
  const { paymentId } = parseOrReject(PathParameters, event.pathParameters ?? {}, 'path');
  const payment = await readPayment(paymentId);
  if (!payment) throw new NotFoundError(`no payment "${paymentId}"`);
  return json(200, paymentView(payment));
});
