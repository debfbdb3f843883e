import { httpEndpoint } from '../http/endpoint';
import type { InboundAnswer } from '../http/inbound-ledger';
import { withInboundLedger } from '../http/inbound-ledger';
import { loggableError } from '../observability/loggable-error';
import { logger } from '../observability/logger';
import { emitMetric } from '../observability/metrics';
import { momoCallback } from './momo-callback';
import { paygovCallback } from './paygov-callback';
import type { ProviderCallback } from './provider-callback';
import { vnpayCallback } from './vnpay-callback';

/** The three providers' confirmation routes share one function: the same effects, the same grants. */
const byResource: Record<string, { operation: string; callback: ProviderCallback }> = {
  '/v1/payments/callbacks/paygov': { operation: 'confirm:paygov', callback: paygovCallback },
  '/v1/payments/callbacks/vnpay': { operation: 'confirm:vnpay', callback: vnpayCallback },
  '/v1/payments/callbacks/momo': { operation: 'confirm:momo', callback: momoCallback },
};

/**
 * Every answer is the provider's own format: the callbacks answer every request's content
 * themselves, and a failure of the gateway (a store unavailable, a bug) becomes the provider's
 * "unknown error, send again" answer here — never the problem document httpEndpoint would write.
 */
export const handler = httpEndpoint({}, async ({ event }) => {
  const route = Object.hasOwn(byResource, event.resource) ? byResource[event.resource] : undefined;
  // The route table sends only these three resources here; anything else is a wiring bug.
  if (!route) throw new Error(`payment-confirmation is not wired for ${event.resource}`);
  const { callback } = route;
  const failed = async (error: unknown): Promise<InboundAnswer> => {
    logger.error('payment confirmation failed', { provider: callback.provider, error: loggableError(error) });
    return { ...(await callback.failed(event)), refused: 'internal', retryable: true };
  };
  try {
    return await withInboundLedger('payment', route.operation, event, async (authenticated) => {
      const answer = await callback.answer(event, authenticated).catch(failed);
      // Counted here, the one place every refusal passes (the rejected-confirmations alarm); the line says why.
      if (answer.refused && !answer.retryable) {
        emitMetric('paymentConfirmationsRejected', { provider: callback.provider });
        logger.warn('payment confirmation rejected', { provider: callback.provider, reason: answer.refused });
      }
      return answer;
    });
  } catch (error) {
    // Only the ledger write itself can land here (it already swallows store errors): still answer as the provider expects.
    const { subject: _subject, refused: _refused, retryable: _retryable, ...plain } = await failed(error);
    return plain;
  }
});
