import { GatewayError } from '../core/errors';
import { logger } from '../observability/logger';
import { httpEndpoint } from '../http/endpoint';
import { withInboundLedger } from '../http/inbound-ledger';
import { momoCallback, paygovCallback, vnpayCallback } from './provider-callbacks';

/** The three providers' confirmation routes share one function: the same effects, the same grants. */
const byResource = {
  '/v1/payments/callbacks/paygov': { operation: 'confirm:paygov', answer: paygovCallback },
  '/v1/payments/callbacks/vnpay': { operation: 'confirm:vnpay', answer: vnpayCallback },
  '/v1/payments/callbacks/momo': { operation: 'confirm:momo', answer: momoCallback },
} as const;

export const handler = httpEndpoint({}, async ({ event }) => {
  const route = byResource[event.resource as keyof typeof byResource];
  // The route table sends only these three resources here; anything else is a wiring bug.
  if (!route) throw new Error(`payment-confirmation is not wired for ${event.resource}`);
  return withInboundLedger('payment', route.operation, event, async (authenticated) => {
    try {
      return await route.answer(event, authenticated);
    } catch (error) {
      // WARN with the reason: the rejected-confirmations alarm counts these lines.
      if (error instanceof GatewayError && error.status < 500) logger.warn('payment confirmation rejected', { provider: route.operation, type: error.type });
      throw error;
    }
  });
});
