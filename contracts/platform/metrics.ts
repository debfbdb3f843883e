/**
 * The gateway's own CloudWatch metrics (Powertools EMF), declared once: the functions emit them,
 * the stack alarms and draws on them. Dimensions are codes (partner, operation, outcome), never
 * a dossier code or anything personal: each distinct value is a metric of its own.
 */
export const metricsNamespace = 'Lienthong';
export const metricsService = 'lienthong';

export const gatewayMetrics = {
  /** One per exchange with a partner, as the ledger records it (dimensions: partner, outcome; and partner, operation, outcome). */
  partnerCalls: 'PartnerCalls',
  /** The exchange's duration in milliseconds, same dimensions. */
  partnerLatency: 'PartnerLatency',
  /** A ledger record that could not be written after its retries (dimension: partner). */
  ledgerAppendFailures: 'LedgerAppendFailures',
} as const;

/** Outcomes of an exchange, as the ledger records them; everything but `ok` counts as a failure. */
export const exchangeOutcomes = ['ok', 'retryable', 'rejected'] as const;
