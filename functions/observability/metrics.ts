import { Metrics } from '@aws-lambda-powertools/metrics';
import type { GatewayMetric, GatewayMetricKey, MetricDimensions } from '../../contracts/platform/metrics';
import { gatewayMetrics, metricsNamespace, metricsService } from '../../contracts/platform/metrics';
import type { LedgerEntry } from '../core/ledger/ledger-record';

/*
 * The gateway's metrics in Embedded Metric Format: one log line per event and dimension set,
 * turned into metrics by CloudWatch with no API call on the request path. A fresh Metrics object
 * per line keeps the dimensions of concurrent events in one container (the pool, a batch) from
 * mixing. Names, units and dimension sets come from contracts/platform/metrics.ts, which the
 * stack's alarms and dashboard read too. The twin sets POWERTOOLS_METRICS_DISABLED: no lines there.
 */

/** Publishes metrics that share their dimension sets, one line per set. */
function publish(entries: readonly (readonly [GatewayMetric, number])[], dimensions: Readonly<Record<string, string>>): void {
  const [first] = entries;
  if (!first) return;
  for (const set of first[0].dimensionSets) {
    const metrics = new Metrics({ namespace: metricsNamespace, serviceName: metricsService });
    for (const name of set) metrics.addDimension(name, dimensions[name] ?? 'unknown');
    for (const [metric, value] of entries) metrics.addMetric(metric.name, metric.unit, value);
    metrics.publishStoredMetrics();
  }
}

/** One event of a gateway metric (a count of 1 unless `value` says otherwise), with its dimensions. */
export function emitMetric<K extends GatewayMetricKey>(key: K, dimensions: MetricDimensions<K>, value = 1): void {
  publish([[gatewayMetrics[key], value]], dimensions as Readonly<Record<string, string>>);
}

/** Every exchange the ledger records, counted and timed by partner × outcome and partner × operation × outcome. */
export function recordExchangeMetrics(entry: Pick<LedgerEntry, 'partner' | 'operation' | 'outcome' | 'durationMs' | 'direction'>): void {
  // A refused unauthenticated request is the caller's, not the partner's; the ledger counts those apart.
  if (entry.direction === 'inbound' && entry.outcome === 'rejected') return;
  publish(
    [
      [gatewayMetrics.partnerCalls, 1],
      [gatewayMetrics.partnerLatency, entry.durationMs],
    ],
    { partner: entry.partner, operation: entry.operation, outcome: entry.outcome },
  );
}
