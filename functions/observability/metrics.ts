import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { gatewayMetrics, metricsNamespace, metricsService } from '../../contracts/platform/metrics';
import type { LedgerEntry } from '../core/ledger-record';

/*
 * Per-exchange metrics in Embedded Metric Format: one log line per exchange, turned into metrics
 * by CloudWatch with no API call on the request path. A fresh Metrics object per line keeps the
 * dimensions of concurrent exchanges in one container (the pool, a batch) from mixing.
 */

function emitter(): Metrics {
  return new Metrics({ namespace: metricsNamespace, serviceName: metricsService });
}

/** Every exchange the ledger records, counted and timed by partner × outcome and partner × operation × outcome. */
export function recordExchangeMetrics(entry: Pick<LedgerEntry, 'partner' | 'operation' | 'outcome' | 'durationMs' | 'direction'>): void {
  // A refused unauthenticated request is the caller's, not the partner's; the ledger counts those apart.
  if (entry.direction === 'inbound' && entry.outcome === 'rejected') return;
  // Two lines, one per dimension set: Powertools warns when two sets of one line share a key, and
  // CloudWatch keeps each set's values apart anyway (the alarms read partner × outcome).
  const sets: Record<string, string>[] = [
    { partner: entry.partner, outcome: entry.outcome },
    { partner: entry.partner, operation: entry.operation, outcome: entry.outcome },
  ];
  for (const dimensions of sets) {
    const metrics = emitter();
    for (const [name, value] of Object.entries(dimensions)) metrics.addDimension(name, value);
    metrics.addMetric(gatewayMetrics.partnerCalls, MetricUnit.Count, 1);
    metrics.addMetric(gatewayMetrics.partnerLatency, MetricUnit.Milliseconds, entry.durationMs);
    metrics.publishStoredMetrics();
  }
}

/** Counted per partner (service, partner); the alarm adds the partners up. */
export function recordLedgerFailureMetric(partner: string): void {
  const metrics = emitter();
  metrics.addDimension('partner', partner);
  metrics.addMetric(gatewayMetrics.ledgerAppendFailures, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}
