import type { PartnerKey } from './partners';
import type { QueueKey, TableKey } from './resources';

/**
 * Every Lambda function: its entry, what it may touch (CDK turns this into least-privilege IAM,
 * the twin into environment variables) and what triggers it besides the route table.
 */

export type TableAccess = 'read' | 'write' | 'readWrite';
/** `consumeAndSend`: a consumer that also sends to its own queue (probe ticks, released work). */
export type QueueAccess = 'send' | 'consume' | 'consumeAndSend';

export interface FunctionDefinition {
  readonly entry: string;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly tables: Partial<Record<TableKey, TableAccess>>;
  readonly queues: Partial<Record<QueueKey, QueueAccess>>;
  /** Also lets the function send to the queue's dead-letter queue (permanent failures). */
  readonly deadLetterQueues?: readonly QueueKey[];
  /** Plays the SQS event-source mapping (the twin's poller reads the same numbers). */
  readonly queueTrigger?: {
    readonly queue: QueueKey;
    readonly batchSize: number;
    readonly maxBatchingWindowSeconds: number;
    /** Caps concurrent invocations: this is how the gateway paces a partner. */
    readonly maxConcurrency: number;
  };
  readonly schedule?: { readonly everyMinutes: number };
  /** Partners the function calls: CDK wires their configuration and secrets. */
  readonly partners?: readonly PartnerKey[];
  /**
   * The ledger's sealing resources: `seal` signs tree heads (KMS Sign, GetPublicKey) and writes
   * anchors once (S3 PutObject, GetObject, ListBucket on the anchor bucket); `verify` only reads
   * them (KMS GetPublicKey, S3 GetObject, ListBucket).
   */
  readonly ledgerSealing?: 'seal' | 'verify';
  /** Health checks describe resources rather than read items. */
  readonly describesAllResources?: boolean;
  /**
   * Operators' functions, over every queue and its DLQ: `inspect` reads queue attributes and peeks
   * at dead letters (received and released at once); `redrive` also moves them back to their queue.
   */
  readonly operatesQueues?: 'inspect' | 'redrive';
}

export const functions = {
  authorizer: {
    entry: 'functions/authorizer/handler.ts',
    description: 'REQUEST authorizer: API key (hashed) → IAM policy over the routes its scopes allow',
    memoryMb: 512,
    timeoutSeconds: 5,
    tables: { clients: 'read' },
    queues: {},
  },
  putDossier: {
    entry: 'functions/put-dossier/handler.ts',
    description: 'PUT /v1/dossiers/{code}: versioned upsert of a city snapshot, then queue the portal sync',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { dossiers: 'readWrite' },
    queues: { portalSync: 'send', insight: 'send' },
  },
  getDossier: {
    entry: 'functions/get-dossier/handler.ts',
    description: 'GET /v1/dossiers/{code}: snapshot and per-partner sync state',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { dossiers: 'read' },
    queues: {},
  },
  portalSync: {
    entry: 'functions/portal-sync/handler.ts',
    description: 'Consumes portal-sync: brings the national portal up to date with a dossier',
    memoryMb: 512,
    // Five nudges, each a few portal calls of at most 10 s; the worker stops early with 25 s left.
    timeoutSeconds: 180,
    tables: { dossiers: 'readWrite', ledger: 'readWrite', partnerHealth: 'readWrite', opsStats: 'write' },
    queues: { portalSync: 'consumeAndSend', insight: 'send' },
    deadLetterQueues: ['portalSync'],
    partners: ['portal'],
    queueTrigger: { queue: 'portalSync', batchSize: 5, maxBatchingWindowSeconds: 1, maxConcurrency: 2 },
  },
  portalCallback: {
    entry: 'functions/portal-callback/handler.ts',
    description: 'POST /v1/portal/callbacks: verify the Standard Webhooks signature, store once, queue for the city',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { events: 'readWrite', ledger: 'readWrite', opsStats: 'write' },
    queues: { cityDelivery: 'send', insight: 'send' },
    partners: ['portalCallbacks'],
  },
  cityDelivery: {
    entry: 'functions/city-delivery/handler.ts',
    description: 'Consumes city-delivery: POSTs each event, signed, to the city dossier system; retries for about three days',
    memoryMb: 512,
    // Ten deliveries of at most 10 s each, one after another, plus bookkeeping.
    timeoutSeconds: 120,
    tables: { events: 'readWrite', ledger: 'readWrite', partnerHealth: 'readWrite', opsStats: 'write' },
    queues: { cityDelivery: 'consumeAndSend' },
    deadLetterQueues: ['cityDelivery'],
    partners: ['city'],
    queueTrigger: { queue: 'cityDelivery', batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 5 },
  },
  getDelivery: {
    entry: 'functions/get-delivery/handler.ts',
    description: 'GET /v1/deliveries/{eventId}: the delivery attempts of one event',
    memoryMb: 256,
    timeoutSeconds: 10,
    tables: { events: 'read' },
    queues: {},
  },
  verifyCitizen: {
    entry: 'functions/verify-citizen/handler.ts',
    description: 'POST /v1/citizens/verifications: checks, then the population database behind a circuit breaker',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { ledger: 'readWrite', opsStats: 'write' },
    queues: {},
    partners: ['identity', 'ledgerHmac'],
  },
  openPayment: {
    entry: 'functions/open-payment/handler.ts',
    description: 'POST /v1/payments: PENDING payment stored, then INIT at PayGov (or a signed VNPay URL); Idempotency-Key honoured',
    memoryMb: 512,
    timeoutSeconds: 15,
    tables: { dossiers: 'read', payments: 'readWrite', idempotency: 'readWrite', ledger: 'readWrite', opsStats: 'write' },
    queues: {},
    partners: ['paygov', 'vnpay'],
  },
  getPayment: {
    entry: 'functions/get-payment/handler.ts',
    description: 'GET /v1/payments/{paymentId}: the state of one payment',
    memoryMb: 256,
    timeoutSeconds: 10,
    tables: { payments: 'read' },
    queues: {},
  },
  paymentConfirmation: {
    entry: 'functions/payment-confirmation/handler.ts',
    description: 'PayGov Confirm, VNPay IPN and MoMo IPN: signature, reference, amount, state; on PAID the overlay, the portal sync and the city',
    memoryMb: 512,
    timeoutSeconds: 15,
    tables: { payments: 'readWrite', dossiers: 'readWrite', events: 'readWrite', ledger: 'readWrite', opsStats: 'write' },
    queues: { portalSync: 'send', cityDelivery: 'send' },
    partners: ['paygov', 'vnpay', 'momo'],
  },
  paymentReconciler: {
    entry: 'functions/payment-reconciler/handler.ts',
    description: 'Every few minutes: asks PayGov about PENDING payments, expires the unpaid, finishes the effects of PAID ones',
    memoryMb: 512,
    timeoutSeconds: 120,
    tables: { payments: 'readWrite', dossiers: 'readWrite', events: 'readWrite', ledger: 'readWrite', opsStats: 'write' },
    queues: { portalSync: 'send', cityDelivery: 'send' },
    partners: ['paygov', 'vnpay'],
    schedule: { everyMinutes: 5 },
  },
  portalSweeper: {
    entry: 'functions/portal-sweeper/handler.ts',
    description: 'Every few minutes: re-enqueues dossiers whose portal acknowledgement lags with no recent attempt',
    memoryMb: 256,
    timeoutSeconds: 120,
    tables: { dossiers: 'read' },
    queues: { portalSync: 'send' },
    schedule: { everyMinutes: 5 },
  },
  partnerRecovery: {
    entry: 'functions/partner-recovery/handler.ts',
    description: 'Every minute: restarts the probe of a partner marked down whose probe is overdue, finishes an interrupted release of parked work',
    memoryMb: 256,
    timeoutSeconds: 120,
    tables: { partnerHealth: 'readWrite', dossiers: 'read' },
    queues: { portalSync: 'send', cityDelivery: 'send' },
    schedule: { everyMinutes: 1 },
  },
  insightWorker: {
    entry: 'functions/insight-worker/handler.ts',
    description: "Consumes insight: recomputes a dossier's deadline clocks and scorecard contribution, raises early warnings to the city",
    memoryMb: 512,
    timeoutSeconds: 60,
    tables: { dossiers: 'read', insight: 'readWrite', events: 'readWrite' },
    queues: { insight: 'consume', cityDelivery: 'send' },
    deadLetterQueues: ['insight'],
    queueTrigger: { queue: 'insight', batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 4 },
  },
  insightDeadlines: {
    entry: 'functions/insight-deadlines/handler.ts',
    description: 'Every few minutes: finds dossiers whose deadline check is due through a sparse index and nudges the insight worker',
    memoryMb: 256,
    timeoutSeconds: 120,
    tables: { insight: 'read' },
    queues: { insight: 'send' },
    schedule: { everyMinutes: 5 },
  },
  insightReconciler: {
    entry: 'functions/insight-reconciler/handler.ts',
    description: "Daily: pulls the portal's published progress scores of the city's units for reconciliation with the shadow scorecard",
    memoryMb: 256,
    timeoutSeconds: 120,
    tables: { insight: 'readWrite' },
    queues: {},
    partners: ['portal'],
    schedule: { everyMinutes: 1440 },
  },
  getInsight: {
    entry: 'functions/get-insight/handler.ts',
    description: 'GET /v1/insight/…: shadow scorecards, the by-unit table, dossiers at risk, calendar',
    memoryMb: 512,
    timeoutSeconds: 15,
    tables: { insight: 'read' },
    queues: {},
  },
  eventSweeper: {
    entry: 'functions/event-sweeper/handler.ts',
    description: 'Every few minutes: re-queues events neither delivered nor dead-lettered long past their schedule (lost messages)',
    memoryMb: 256,
    timeoutSeconds: 120,
    tables: { events: 'readWrite' },
    queues: { cityDelivery: 'send' },
    schedule: { everyMinutes: 5 },
  },
  portalVerifier: {
    entry: 'functions/portal-verifier/handler.ts',
    description: "Every minute: compares the portal's copy (TraCuuHoSo) of sampled and ambiguous dossiers with the acknowledgement; reopens divergences",
    memoryMb: 256,
    timeoutSeconds: 120,
    tables: { dossiers: 'readWrite', ledger: 'readWrite', opsStats: 'write' },
    queues: { portalSync: 'send' },
    partners: ['portal'],
    schedule: { everyMinutes: 1 },
  },
  ledgerSealer: {
    entry: 'functions/ledger-sealer/handler.ts',
    description: 'Each minute: seals every partner\'s new ledger records into a Merkle tree, signs the head and writes it to the append-only anchor',
    memoryMb: 512,
    timeoutSeconds: 120,
    tables: { ledger: 'readWrite' },
    queues: {},
    schedule: { everyMinutes: 1 },
    ledgerSealing: 'seal',
  },
  opsRead: {
    entry: 'functions/ops-read/handler.ts',
    description: 'GET /v1/ops/*: partner health, queues, stuck work and dossier timelines for operators (no personal data)',
    memoryMb: 512,
    timeoutSeconds: 20,
    tables: { dossiers: 'read', events: 'read', payments: 'read', ledger: 'read', opsStats: 'read', partnerHealth: 'read' },
    queues: {},
    operatesQueues: 'inspect',
    // GET /v1/ops/ledger/verify checks anchors against the signing key's public half.
    ledgerSealing: 'verify',
  },
  opsActions: {
    entry: 'functions/ops-actions/handler.ts',
    description: 'POST /v1/ops/*: redrive dead letters, re-sync dossiers (with a dry run), re-deliver events, verify against the portal; each action ledgered',
    memoryMb: 512,
    // A redrive at a low rate takes a while; it stops early and reports what remains.
    timeoutSeconds: 60,
    tables: { dossiers: 'readWrite', events: 'readWrite', ledger: 'readWrite', opsStats: 'write' },
    queues: { portalSync: 'send', cityDelivery: 'send' },
    operatesQueues: 'redrive',
    // Verify-now reads the portal's copy (TraCuuHoSo); the dry run uses the portal's status map.
    partners: ['portal'],
  },
  opsSampler: {
    entry: 'functions/ops-sampler/handler.ts',
    description: "Every few minutes: counts stuck work and keeps the sample for the operators' 24 h trend",
    memoryMb: 256,
    timeoutSeconds: 60,
    tables: { dossiers: 'read', events: 'read', payments: 'read', ledger: 'read', opsStats: 'readWrite', partnerHealth: 'read' },
    queues: {},
    operatesQueues: 'inspect',
    schedule: { everyMinutes: 5 },
  },
  health: {
    entry: 'functions/health/handler.ts',
    description: 'GET /v1/health: checks every table and queue with a per-check timeout',
    memoryMb: 256,
    timeoutSeconds: 10,
    tables: {},
    queues: {},
    describesAllResources: true,
  },
  openapi: {
    entry: 'functions/openapi/handler.ts',
    description: 'GET /openapi.json: the OpenAPI 3.1 document generated from contracts/',
    memoryMb: 256,
    timeoutSeconds: 10,
    tables: {},
    queues: {},
  },
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionKey = keyof typeof functions;

/** The same table, typed by the interface so optional fields (trigger, schedule) can be read. */
export const functionDefinitions: Readonly<Record<FunctionKey, FunctionDefinition>> = functions;

/**
 * How many containers share each partner's pace: the maximum concurrency of the queue worker that
 * calls it (`<PARTNER>_PACE_CONTAINERS`, read by functions/config/partner-recovery-config.ts).
 * CDK sets it per function, the twin for all of them; both derive it from this table.
 */
export function paceShareEnvironment(definition: FunctionDefinition): Record<string, string> {
  if (!definition.queueTrigger) return {};
  return Object.fromEntries(
    (definition.partners ?? []).map((partner) => [`${partner.toUpperCase()}_PACE_CONTAINERS`, String(definition.queueTrigger!.maxConcurrency)]),
  );
}
