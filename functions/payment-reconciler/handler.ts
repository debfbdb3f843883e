import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { queryPaygovPayment } from '../adapters/payment/paygov-client';
import { paymentConfig } from '../adapters/payment/payment-config';
import { paymentsToReconcile } from '../adapters/payment/payment-store';
import { reconcilePayments } from '../core/payment/payment-reconciler';
import { logger } from '../observability/logger';
import { emitMetric } from '../observability/metrics';
import { confirmationPorts } from '../adapters/payment/confirmation-ports';

export const handler = middy<ScheduledEvent, unknown>().handler(async (event, context) => {
  const runId = event.id ?? randomUUID();
  const report = await reconcilePayments({
    ...confirmationPorts,
    paymentsToReconcile,
    queryPaygov: (reference) => queryPaygovPayment(reference, `reconcile-${runId}`),
    reconcileAfterSeconds: paymentConfig().PAYMENT_RECONCILE_AFTER_SECONDS,
    timeLeftMs: () => context.getRemainingTimeInMillis(),
    // The reference only: the payer's name stays on the record. The alarm counts the metric.
    onExpiredUnverified: (payment) => {
      emitMetric('paymentsExpiredUnverified', { provider: payment.provider });
      logger.warn('payment expired unverified', { reference: payment.reference, provider: payment.provider, expiresAt: payment.expiresAt });
    },
  });
  logger.info('payment reconciliation', { ...report });
  if (report.errors > 0) {
    emitMetric('reconcilerErrorRuns', {});
    logger.error('payment reconciliation had errors', { errors: report.errors });
  }
  return report;
});
