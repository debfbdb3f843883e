import * as z from 'zod';
import * as zm from '../zod-mini';
import { EventId } from '../messages/city-delivery';
import { DossierCode } from './dossier';

/**
 * The operators' API (/v1/ops): what is stuck and why, a dossier's timeline across partners, and
 * the actions that unstick work. Answers carry dossier codes, statuses, times, codes and masks —
 * never a name, an ID number, a phone or an address.
 */

export const opsPartners = ['portal', 'city', 'identity', 'payment'] as const;
export const OpsPartner = /* @__PURE__ */ (() => z.enum(opsPartners))();

/** The queues an operator can inspect and redrive (the keys of infra/topology/resources.ts). */
export const opsQueues = ['portalSync', 'cityDelivery'] as const;
// zod/mini, as are the action requests below: the actions function bundles no classic zod.
export const OpsQueue = /* @__PURE__ */ (() => zm.enum(opsQueues))();
export type OpsQueue = zm.infer<typeof OpsQueue>;

const instant = /* @__PURE__ */ (() => z.string().describe('ISO 8601 instant'))();
const nullableInstant = /* @__PURE__ */ (() => instant.nullable())();

export const PartnerHealth = /* @__PURE__ */ (() => z.strictObject({
  partner: OpsPartner,
  lastSuccessAt: nullableInstant,
  lastFailureAt: nullableInstant,
  /** Failed exchanges / all exchanges in the window; null when there were none. */
  errorRate5m: z.number().min(0).max(1).nullable(),
  errorRate60m: z.number().min(0).max(1).nullable(),
  calls5m: z.int().nullable().describe('null while the figures are unknown'),
  calls60m: z.int().nullable().describe('null while the figures are unknown'),
  latencyP50Ms: z.number().nullable().describe('over the last 60 minutes'),
  latencyP99Ms: z.number().nullable().describe('over the last 60 minutes'),
  /** Most frequent failure codes of the last 60 minutes. */
  topErrors: z.array(z.strictObject({ code: z.string(), count: z.int() })),
  /**
   * `up`/`degraded`/`down` from the error rates; `parked` when the gateway holds work back for it;
   * `unknown` when the ledger the figures come from could not be read (see `unknownReason`).
   */
  state: z.enum(['up', 'degraded', 'down', 'idle', 'parked', 'unknown']),
  unknownReason: z.string().nullable().describe('why the figures are missing (what could not be read, and its error code); null when they are known'),
  /** Work held back while the partner is marked down (portal: lagging dossiers; city: parked events); null for partners not gated. */
  parked: z.int().nullable(),
  /** Calls per second the gateway allows the partner (AIMD pace) while it is slowed; null: not slowed, or not gated. */
  pacePerSecond: z.number().nullable(),
}))();

export const QueueHealth = /* @__PURE__ */ (() => z.strictObject({
  queue: OpsQueue,
  depth: z.int().describe('visible + in flight + delayed messages'),
  visible: z.int(),
  inFlight: z.int(),
  delayed: z.int(),
  /** Age of the oldest outstanding work item this queue carries (see README: derived from the items, not SQS). */
  oldestAgeSeconds: z.number().nullable(),
  deadLetterDepth: z.int(),
  deadLetterOldestAgeSeconds: z.number().nullable(),
}))();

export const StuckCounts = /* @__PURE__ */ (() => z.strictObject({
  dossiers: z.int().describe('portal acknowledgement lags longer than the threshold'),
  events: z.int().describe('events to the city not delivered'),
  payments: z.int().describe('pending too long, or with exceptions for review'),
  deadLetters: z.int(),
  divergences: z.int().describe("the verifier found the portal's copy differs"),
  ledgerFailures: z.int().nullable().describe('ledger appends that failed in the last 7 days; null only in trend samples taken before failures were stored'),
}))();
export type StuckCounts = z.infer<typeof StuckCounts>;

export const TrendPoint = /* @__PURE__ */ (() => z.strictObject({ at: instant, counts: StuckCounts }))();

/** The parts of the overview, each read from its own store: one that cannot be read leaves the others standing. */
export const overviewParts = ['partner-health', 'partner-recovery', 'queues', 'stuck', 'trend'] as const;

export const OverviewGap = /* @__PURE__ */ (() => z.strictObject({
  part: z.enum(overviewParts),
  source: z.string().describe('the store that could not be read (ledger, opsStats, SQS…)'),
  errorCode: z.string().describe("the store's error code, e.g. ResourceNotFoundException"),
}))();

export const OpsOverview = /* @__PURE__ */ (() => z
  .strictObject({
    generatedAt: instant,
    partners: z.array(PartnerHealth),
    queues: z.array(QueueHealth),
    stuck: StuckCounts.nullable().describe('null when the stuck work could not be read (see `unavailable`)'),
    /** Samples of the last 24 h, oldest first (one every few minutes) and the live value last. */
    trend: z.array(TrendPoint),
    /** What could not be read this time: the answer is still 200 with the rest; empty when complete. */
    unavailable: z.array(OverviewGap),
  })
  .meta({ id: 'OpsOverview' }))();
export type OpsOverview = z.infer<typeof OpsOverview>;

export const StuckDossier = /* @__PURE__ */ (() => z.strictObject({
  dossierCode: z.string(),
  version: z.int(),
  status: z.string(),
  unitCode: z.string().nullable(),
  procedureCode: z.string(),
  pendingSince: instant,
  lagSeconds: z.number(),
  attempts: z.int(),
  lastAttemptAt: nullableInstant,
  nextAttemptAt: nullableInstant,
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  permanent: z.boolean(),
  /** The portal is marked down and recovery holds its work back (errorCode `portal-parked` when no attempt failed yet). */
  parked: z.boolean(),
}))();

export const StuckEvent = /* @__PURE__ */ (() => z.strictObject({
  eventId: z.string(),
  type: z.string(),
  dossierCode: z.string(),
  status: z.string(),
  receivedAt: instant,
  attempts: z.int(),
}))();

export const StuckPayment = /* @__PURE__ */ (() => z.strictObject({
  paymentId: z.string(),
  dossierCode: z.string(),
  provider: z.string(),
  status: z.string(),
  amount: z.int(),
  createdAt: instant,
  expiresAt: instant,
  reason: z.enum(['pending-too-long', 'exception']),
  exceptions: z.array(z.strictObject({ kind: z.string(), at: instant })),
}))();

export const DeadLetter = /* @__PURE__ */ (() => z.strictObject({
  queue: OpsQueue,
  messageId: z.string(),
  /** The dossier or event the message is about. */
  subject: z.string().nullable(),
  failureCode: z.string().nullable(),
  failureReason: z.string().nullable(),
  failedAt: nullableInstant,
  sentAt: nullableInstant,
}))();

export const Divergence = /* @__PURE__ */ (() => z.strictObject({
  dossierCode: z.string(),
  checkedAt: nullableInstant,
  fields: z.array(z.string()).describe('portal field names that differ; never their values'),
  missingSteps: z.int(),
  duplicatedSteps: z.int(),
  portalHasDossier: z.boolean(),
  /** The dossier is pending again (the verifier reopened it); otherwise an operator must look (duplicated steps). */
  reopened: z.boolean(),
}))();

/** A ledger record that could not be written: the exchange happened, its evidence is missing. */
export const LedgerFailure = /* @__PURE__ */ (() => z.strictObject({
  at: instant.describe('when the append was given up, after its retries'),
  partner: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  operation: z.string(),
  subject: z.string().nullable().describe('the dossier code, event id or payment reference the exchange was about'),
  messageId: z.string().nullable(),
  recordId: z.string().describe('the id the lost record would have had (the failure log line names it too)'),
  outcome: z.enum(['ok', 'retryable', 'rejected']).describe("the exchange's own outcome"),
  errorCode: z.string().describe("why the store refused the write: DynamoDB's error name or a transport code"),
}))();

export const StuckKind = /* @__PURE__ */ (() => z.enum(['dossiers', 'events', 'payments', 'dead-letters', 'divergences', 'ledger-failures']))();

export const StuckQuery = /* @__PURE__ */ (() => z.strictObject({
  kind: StuckKind.optional(),
  olderThanMinutes: z.coerce.number().int().min(0).max(60 * 24 * 30).default(5),
  unit: z.string().max(50).optional(),
  procedure: z.string().max(100).optional(),
  errorCode: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
}))();
export type StuckQuery = z.infer<typeof StuckQuery>;

export const StuckWork = /* @__PURE__ */ (() => z
  .strictObject({
    generatedAt: instant,
    filters: z.record(z.string(), z.union([z.string(), z.number()])),
    dossiers: z.array(StuckDossier),
    events: z.array(StuckEvent),
    payments: z.array(StuckPayment),
    deadLetters: z.array(DeadLetter),
    divergences: z.array(Divergence),
    ledgerFailures: z.array(LedgerFailure),
    /** Whether a list was cut at `limit`. */
    truncated: z.boolean(),
  })
  .meta({ id: 'OpsStuckWork' }))();
export type StuckWork = z.infer<typeof StuckWork>;

export const TimelineEntry = /* @__PURE__ */ (() => z.strictObject({
  at: instant,
  /** `ledger-record-lost`: the exchange happened but its ledger record could not be written (the stuck list's ledger failures). */
  kind: z.enum(['version-received', 'portal-ack', 'portal-attempt', 'steps-sent', 'callback', 'delivery', 'payment', 'payment-confirmation', 'verification', 'operator-action', 'ledger-record-lost']),
  partner: z.string(),
  summary: z.string(),
  outcome: z.enum(['ok', 'retryable', 'rejected', 'info']),
  httpStatus: z.int().nullable(),
  errorCode: z.string().nullable(),
  durationMs: z.number().nullable(),
  /** The ledger record of this exchange, when there is one. */
  ledgerRecordId: z.string().nullable(),
  reference: z.string().nullable().describe('event id, payment id or message id; for a version received, `sha256:<base64url>` of its stored content'),
  /** The dossier version a `version-received` or `portal-ack` entry is about. */
  version: z.int().nullable(),
}))();
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const DossierTimeline = /* @__PURE__ */ (() => z
  .strictObject({
    dossierCode: z.string(),
    version: z.int(),
    status: z.string(),
    sync: z.strictObject({ state: z.string(), ackVersion: z.int().nullable(), attempts: z.int(), lastError: z.string().nullable() }),
    entries: z.array(TimelineEntry),
    /** The ledger could not be read (its error code): its exchanges are missing from `entries`; null when it was read. */
    ledgerUnavailable: z.string().nullable(),
  })
  .meta({ id: 'OpsDossierTimeline' }))();

export const RedriveRequest = /* @__PURE__ */ (() => zm
  .strictObject({
    /** Only messages dead-lettered with this failure code. */
    reason: zm.optional(zm.string().check(zm.maxLength(200))),
    /** Only these DLQ message ids. */
    messageIds: zm.optional(zm.array(zm.string().check(zm.maxLength(100))).check(zm.maxLength(500))),
    /** Messages moved per second at most. */
    ratePerSecond: zm._default(zm.number().check(zm.minimum(0.1), zm.maximum(100)), 10),
    /** Stop after this many (the rest stay for the next call). */
    max: zm._default(zm.int().check(zm.minimum(1), zm.maximum(1000)), 100),
  })
  .register(zm.globalRegistry, { id: 'OpsRedriveRequest' }))();

export const RedriveAnswer = /* @__PURE__ */ (() => z
  .strictObject({ queue: OpsQueue, moved: z.array(z.string()), skipped: z.int(), remaining: z.int(), ledgerRecordId: z.string().nullable() })
  .meta({ id: 'OpsRedriveAnswer' }))();

export const ResyncRequest = /* @__PURE__ */ (() => zm
  .strictObject({
    codes: zm.optional(zm.array(DossierCode).check(zm.maxLength(500))),
    unit: zm.optional(zm.string().check(zm.maxLength(50))),
    procedure: zm.optional(zm.string().check(zm.maxLength(100))),
    /** Dossiers stored (or pending) within [from, to). */
    from: zm.optional(zm.iso.datetime({ offset: true })),
    to: zm.optional(zm.iso.datetime({ offset: true })),
    /** `lagging` (default): only dossiers whose acknowledgement lags; `all`: also synced ones (marked unsynced again). */
    scope: zm._default(zm.enum(['lagging', 'all']), 'lagging'),
    dryRun: zm._default(zm.boolean(), false),
    max: zm._default(zm.int().check(zm.minimum(1), zm.maximum(500)), 100),
  })
  .register(zm.globalRegistry, { id: 'OpsResyncRequest' }))();
export type ResyncRequest = zm.infer<typeof ResyncRequest>;

export const ResyncAnswer = /* @__PURE__ */ (() => z
  .strictObject({
    dryRun: z.boolean(),
    selected: z.array(z.string()),
    queued: z.array(z.string()),
    notFound: z.array(z.string()),
    /** The exact portal payloads of the first few dossiers, personal fields masked, with the SHA-256 of the unmasked payload. */
    previews: z.array(z.strictObject({ dossierCode: z.string(), payloadSha256: z.string(), payload: z.record(z.string(), z.unknown()) })),
    ledgerRecordId: z.string().nullable(),
  })
  .meta({ id: 'OpsResyncAnswer' }))();

export const RedeliverAnswer = /* @__PURE__ */ (() => z
  .strictObject({ eventId: EventId, previousStatus: z.string(), queued: z.boolean(), ledgerRecordId: z.string().nullable() })
  .meta({ id: 'OpsRedeliverAnswer' }))();

export const QueuePathParameters = /* @__PURE__ */ (() => zm.object({ queue: OpsQueue }))();
export const EventPathParameters = /* @__PURE__ */ (() => zm.object({ eventId: EventId }))();

export const VerifyAnswer = /* @__PURE__ */ (() => z
  .strictObject({
    dossierCode: z.string(),
    /** `pending`: the portal has not acknowledged the stored version yet, nothing to compare. */
    outcome: z.enum(['match', 'diverged', 'pending', 'error']),
    /** A repairable divergence reopened the sync (the dossier is pushed again). */
    reopened: z.boolean(),
    checkedAt: z.string().nullable(),
    divergence: z
      .strictObject({ fields: z.array(z.string()), missingSteps: z.int(), duplicatedSteps: z.int(), portalHasDossier: z.boolean() })
      .nullable()
      .describe('portal field names that differ, never their values'),
    ledgerRecordId: z.string().nullable(),
  })
  .meta({ id: 'OpsVerifyAnswer' }))();

/**
 * Dismissing an unrepairable divergence: an operator looked (the portal's duplicated steps were
 * handled by the portal's own staff, or accepted) and takes it off the stuck list. The reason is
 * the operator's own words, kept in the ledger record of the action: write no personal data in it.
 */
export const DismissRequest = /* @__PURE__ */ (() => zm
  .strictObject({
    reason: zm.string().check(zm.minLength(3), zm.maxLength(500), zm.regex(/\S/)),
  })
  .register(zm.globalRegistry, { id: 'OpsDismissRequest' }))();

export const DismissAnswer = /* @__PURE__ */ (() => z
  .strictObject({
    dossierCode: z.string(),
    dismissedAt: instant,
    /** What was dismissed: the verifier's finding, field names and step counts only. */
    divergence: z.strictObject({ checkedAt: nullableInstant, fields: z.array(z.string()), missingSteps: z.int(), duplicatedSteps: z.int(), portalHasDossier: z.boolean() }),
    ledgerRecordId: z.string().nullable(),
  })
  .meta({ id: 'OpsDismissAnswer' }))();
