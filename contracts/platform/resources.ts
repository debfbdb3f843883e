/**
 * The gateway's tables and queues — the single definition that both the CDK stack and the local
 * twin read, so the two can never drift. Plain data only: Lambda code imports it for env names.
 */

export interface TableDefinition {
  /** Name used by the local twin; CDK lets CloudFormation generate the physical name. */
  readonly localName: string;
  /** Environment variable through which a function learns the table's name. */
  readonly envVar: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly timeToLiveAttribute?: string;
  readonly indexes: readonly { readonly name: string; readonly partitionKey: string; readonly sortKey?: string }[];
}

export interface QueueDefinition {
  readonly localName: string;
  readonly envVar: string;
  /** AWS recommends at least six times the consumer's timeout (retries of the event source mapping). */
  readonly visibilityTimeoutSeconds: number;
  /**
   * Receives before SQS moves a message to the DLQ. Workers send permanent failures to the DLQ
   * themselves; this is the safety net for poison messages that crash the worker.
   */
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
  readonly deadLetter: { readonly localName: string; readonly envVar: string; readonly retentionDays: number };
}

export const tables = {
  /**
   * City snapshots (STATE), gateway overlay (OVERLAY) and per-partner sync state (SYNC#PORTAL) under
   * DOSSIER#<code>; each version received (number, time, status, content hash; never the snapshot) for the
   * operators' timeline: the recent stored ones on STATE, the older and the refused ones under
   * DOSSIER#<code>#VERSIONS.
   */
  dossiers: {
    localName: 'lienthong-dossiers',
    envVar: 'DOSSIERS_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [
      // Sparse: only STATE items whose portal acknowledgement lags carry these attributes.
      { name: 'portal-sync-pending', partitionKey: 'portalSyncPending', sortKey: 'portalSyncPendingSince' },
      // Sparse: only SYNC#PORTAL items the verifier must check (sampled, or after an unknown outcome),
      // and, under another key value (DIVERGED), those whose divergence no re-sync can repair.
      { name: 'portal-verify-due', partitionKey: 'portalVerify', sortKey: 'portalVerifyDueAt' },
    ],
  },
  /** API keys of city clients, stored only as SHA-256 hashes with name, scopes and status. */
  clients: {
    localName: 'lienthong-clients',
    envVar: 'CLIENTS_TABLE',
    partitionKey: 'pk',
    indexes: [],
  },
  /**
   * Inbound partner events (EVENT#<webhook-id>: idempotency record and payload) and one item per delivery
   * attempt.
   */
  events: {
    localName: 'lienthong-events',
    envVar: 'EVENTS_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    timeToLiveAttribute: 'expiresAt',
    indexes: [
      // Sparse: only EVENT items neither delivered nor dead-lettered; the event sweeper queries it.
      { name: 'events-undelivered', partitionKey: 'undelivered', sortKey: 'undeliveredDueAt' },
      // Only EVENT items carry dossierCode: a dossier's events for the operators' timeline.
      { name: 'events-by-dossier', partitionKey: 'dossierCode', sortKey: 'receivedAt' },
    ],
  },
  /**
   * Payments (PAYMENT#<reference>): state machine PENDING → PAID | FAILED | EXPIRED, every confirmation
   * received, exceptions for refund review.
   */
  payments: {
    localName: 'lienthong-payments',
    envVar: 'PAYMENTS_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [
      { name: 'payments-by-dossier', partitionKey: 'dossierCode', sortKey: 'createdAt' },
      // Sparse: PENDING payments (to reconcile) and PAID ones whose effects are not yet applied.
      { name: 'payments-to-reconcile', partitionKey: 'reconcile', sortKey: 'createdAt' },
    ],
  },
  /** Powertools idempotency records of write requests carrying an Idempotency-Key. */
  idempotency: {
    localName: 'lienthong-idempotency',
    envVar: 'IDEMPOTENCY_TABLE',
    partitionKey: 'id',
    timeToLiveAttribute: 'expiration',
    indexes: [],
  },
  /**
   * One item per exchange with a partner (pk LEDGER#<partner>#<hour>#<shard>, sk <writtenAt>#<recordId>),
   * written by one PutItem; per-minute counters and samples of refused unauthenticated requests (REFUSED#…);
   * the sealer's lease and position (SEALER).
   */
  ledger: {
    localName: 'lienthong-ledger',
    envVar: 'LEDGER_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    timeToLiveAttribute: 'expiresAt',
    indexes: [
      // `ops ledger prove <messageId>` finds a message's records without scanning; samples of
      // refused requests carry no messageId attribute and stay out of it.
      { name: 'ledger-by-message', partitionKey: 'messageId', sortKey: 'sk' },
      // The operators' dossier timeline: every record about a dossier, event or payment, in time order.
      { name: 'ledger-by-subject', partitionKey: 'subject', sortKey: 'sk' },
    ],
  },
  /**
   * Per-partner state shared by every container (PARTNER#<partner>: up or down, the probe slot, the pace) and
   * the city events parked during an outage (PARKED#city#<shard>, one item per event, sharded so parking
   * never contends on one key).
   */
  partnerHealth: {
    localName: 'lienthong-partner-health',
    envVar: 'PARTNER_HEALTH_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [],
  },
  /**
   * Shadow scorecard: per-dossier contributions (DOSSIER#<code>/CONTRIB), counter items per unit,
   * unit×procedure and procedure month (SCORE#…), dossiers at risk per unit (RISK#<unit>), official scores
   * pulled for reconciliation.
   */
  insight: {
    localName: 'lienthong-insight',
    envVar: 'INSIGHT_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [
      // Sparse: only contributions of dossiers with a clock still to watch carry these attributes;
      // the deadline job reads the day buckets up to now instead of scanning every dossier.
      { name: 'insight-checks-due', partitionKey: 'checkBucket', sortKey: 'checkAt' },
    ],
  },
  /**
   * Samples of the stuck-work counts (pk TREND, sk time) for the operators' 24 h trend, kept two days; ledger
   * appends that failed (pk LEDGER-FAILURE#<day>, sk <at>#<recordId>: identifiers and codes only), listed as
   * stuck work, kept 30 days, with a copy per key the exchange is known by (pk LEDGER-FAILURE-ABOUT#<subject
   * or message id>) for the dossier's timeline.
   */
  opsStats: {
    localName: 'lienthong-ops-stats',
    envVar: 'OPS_STATS_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    timeToLiveAttribute: 'expiresAt',
    indexes: [],
  },
} as const satisfies Record<string, TableDefinition>;

/**
 * How long the ledger is kept, declared once: the records' TTL and the anchors' Object Lock
 * retention both follow it, so evidence of a record lives exactly as long as the record (≈ 13 months).
 */
export const ledgerRetentionDays = 400;

export const queues = {
  /** { dossierCode, version } to push to the national portal; the worker always sends the latest snapshot. */
  portalSync: {
    localName: 'lienthong-portal-sync',
    envVar: 'PORTAL_SYNC_QUEUE_URL',
    visibilityTimeoutSeconds: 1080,
    maxReceiveCount: 50,
    // Shorter than the DLQ's: a message keeps its first enqueue time when moved, and the sweeper
    // re-nudges any dossier still lagging, so old nudges need not live long.
    retentionDays: 7,
    deadLetter: { localName: 'lienthong-portal-sync-dlq', envVar: 'PORTAL_SYNC_DLQ_URL', retentionDays: 14 },
  },
  /** { eventId } of a stored event to deliver, signed, to the city dossier system. */
  cityDelivery: {
    localName: 'lienthong-city-delivery',
    envVar: 'CITY_DELIVERY_QUEUE_URL',
    visibilityTimeoutSeconds: 720,
    // The retry schedule has 14 steps; local-aws-sqs counts a visibility change as a receive too.
    maxReceiveCount: 40,
    // Deliveries retry for about three days; keep messages a little longer than that.
    retentionDays: 5,
    deadLetter: { localName: 'lienthong-city-delivery-dlq', envVar: 'CITY_DELIVERY_DLQ_URL', retentionDays: 14 },
  },
  /**
   * { dossierCode } whose scorecard contribution and deadline clocks must be recomputed (a new snapshot, a
   * portal acknowledgement).
   */
  insight: {
    localName: 'lienthong-insight',
    envVar: 'INSIGHT_QUEUE_URL',
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 10,
    retentionDays: 4,
    deadLetter: { localName: 'lienthong-insight-dlq', envVar: 'INSIGHT_DLQ_URL', retentionDays: 14 },
  },
} as const satisfies Record<string, QueueDefinition>;

export type TableKey = keyof typeof tables;
export type QueueKey = keyof typeof queues;
