/**
 * The gateway's own CloudWatch metrics (Powertools EMF), declared once: the functions emit them
 * (functions/observability/metrics.ts), the stack alarms and draws on them
 * (infra/constructs/observability.ts). Dimensions are codes (partner, operation, outcome, queue,
 * route, provider), never a dossier code or anything personal: each distinct value is a metric of
 * its own, and CloudWatch bills per metric.
 */
export const metricsNamespace = 'Lienthong';
/** Powertools adds it to every dimension set as `service`. */
export const metricsService = 'lienthong';

/** The units the gateway uses; the strings are CloudWatch's (and Powertools' MetricUnit values). */
export type GatewayMetricUnit = 'Count' | 'Milliseconds';

export interface GatewayMetric {
  readonly name: string;
  readonly unit: GatewayMetricUnit;
  /**
   * The dimension sets each event is emitted with, `service` left out (Powertools adds it). One
   * EMF line per set: Powertools warns when two sets of one line share a key.
   */
  readonly dimensionSets: readonly (readonly string[])[];
}

export const gatewayMetrics = {
  /** One per exchange with a partner, as the ledger records it. */
  partnerCalls: { name: 'PartnerCalls', unit: 'Count', dimensionSets: [['partner', 'outcome'], ['partner', 'operation', 'outcome']] },
  /** The exchange's duration, on the same lines as PartnerCalls. */
  partnerLatency: { name: 'PartnerLatency', unit: 'Milliseconds', dimensionSets: [['partner', 'outcome'], ['partner', 'operation', 'outcome']] },
  /** A ledger record written (or found already written by an earlier attempt). */
  ledgerAppends: { name: 'LedgerAppends', unit: 'Count', dimensionSets: [['partner']] },
  /** A ledger record that could not be written after its retries. */
  ledgerAppendFailures: { name: 'LedgerAppendFailures', unit: 'Count', dimensionSets: [['partner']] },
  /** A partner's sealing run that failed (the sealer goes on with the next partner). */
  ledgerSealingFailures: { name: 'LedgerSealingFailures', unit: 'Count', dimensionSets: [['partner']] },
  /** From a city version's arrival (stored) to the portal's acknowledgement of it. */
  portalSyncLag: { name: 'PortalSyncLag', unit: 'Milliseconds', dimensionSets: [[]] },
  /** A portal-sync nudge that found the portal already holding that version (or newer). */
  coalescedNudges: { name: 'CoalescedNudges', unit: 'Count', dimensionSets: [[]] },
  /** A message parked because its partner is down (not called; released when it is back). */
  parkedItems: { name: 'ParkedItems', unit: 'Count', dimensionSets: [['partner']] },
  /** A dossier whose portal copy the verifier found differing from the acknowledgement. */
  portalDivergences: { name: 'PortalDivergences', unit: 'Count', dimensionSets: [[]] },
  /** A circuit breaker to a partner opened. */
  breakerOpened: { name: 'BreakerOpened', unit: 'Count', dimensionSets: [['circuit']] },
  /** A failed partner call a worker scheduled for a retry (coordination deferrals not counted). */
  partnerRetries: { name: 'PartnerRetries', unit: 'Count', dimensionSets: [['queue'], ['queue', 'reason']] },
  /** An API request answered with a 5xx problem (a gateway or dependency failure, not a caller's). */
  requestsFailed: { name: 'RequestsFailed', unit: 'Count', dimensionSets: [['route']] },
  /** A payment provider's confirmation refused for good (bad signature, malformed callback). */
  paymentConfirmationsRejected: { name: 'PaymentConfirmationsRejected', unit: 'Count', dimensionSets: [['provider']] },
  /** A payment-reconciler run that ended with errors. */
  reconcilerErrorRuns: { name: 'ReconcilerErrorRuns', unit: 'Count', dimensionSets: [[]] },
  /** A VNPay-direct payment that expired with no IPN (money may have been taken). */
  paymentsExpiredUnverified: { name: 'PaymentsExpiredUnverified', unit: 'Count', dimensionSets: [['provider']] },
  /** A part of the operators' overview that could not be read (answered without it): `part` is one of overviewParts. */
  overviewPartsUnavailable: { name: 'OverviewPartsUnavailable', unit: 'Count', dimensionSets: [['part']] },
} as const satisfies Record<string, GatewayMetric>;

export type GatewayMetricKey = keyof typeof gatewayMetrics;

/** The dimension names of a metric's widest set: what an emitter must be given. */
export type MetricDimensions<K extends GatewayMetricKey> = {
  readonly [D in (typeof gatewayMetrics)[K]['dimensionSets'][number][number]]: string;
};

/** Outcomes of an exchange, as the ledger records them; everything but `ok` counts as a failure. */
export const exchangeOutcomes = ['ok', 'retryable', 'rejected'] as const;

/** The circuit breakers' names (the `circuit` dimension). */
export const circuits = { populationDb: 'population-db' } as const;

/** The CloudWatch dimensions of one of a metric's sets, `service` included, as the stack reads them. */
export function metricDimensions(metric: GatewayMetric, values: Readonly<Record<string, string>>, set = 0): Record<string, string> {
  const names = metric.dimensionSets[set];
  if (!names) throw new Error(`${metric.name} has no dimension set ${set}`);
  const dimensions: Record<string, string> = { service: metricsService };
  for (const name of names) {
    const value = values[name];
    if (value === undefined) throw new Error(`${metric.name}: dimension ${name} needs a value`);
    dimensions[name] = value;
  }
  return dimensions;
}
