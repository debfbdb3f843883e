import * as z from '../zod-mini';
import { EventId } from '../messages/city-delivery';
import { DossierCode } from './dossier';

/**
 * The operators' API (/v1/ops): what is stuck and why, a dossier's timeline across partners, and
 * the actions that unstick work. Answers carry dossier codes, statuses, times, codes and masks —
 * never a name, an ID number, a phone or an address. zod/mini throughout (contracts/zod-mini.ts):
 * the operators' functions validate with these and bundle no classic zod; the OpenAPI document is
 * the same as from the classic schemas (descriptions as `z.describe` checks, ids registered).
 */

export const opsPartners = ['portal', 'city', 'identity', 'payment'] as const;
export const OpsPartner = /* @__PURE__ */ (() => z.enum(opsPartners))();

/** The queues an operator can inspect and redrive (the keys of infra/topology/resources.ts). */
export const opsQueues = ['portalSync', 'cityDelivery'] as const;
export const OpsQueue = /* @__PURE__ */ (() => z.enum(opsQueues))();
export type OpsQueue = z.infer<typeof OpsQueue>;

const instant = /* @__PURE__ */ (() => z.string().check(z.describe('ISO 8601 instant')))();
const nullableInstant = /* @__PURE__ */ (() => z.nullable(instant))();

export const PartnerHealth = /* @__PURE__ */ (() => z.strictObject({
  partner: OpsPartner,
  lastSuccessAt: nullableInstant,
  lastFailureAt: nullableInstant,
  /** Failed exchanges / all exchanges in the window; null when there were none. */
  errorRate5m: z.nullable(z.number().check(z.minimum(0), z.maximum(1))),
  errorRate60m: z.nullable(z.number().check(z.minimum(0), z.maximum(1))),
  calls5m: z.nullable(z.int()).check(z.describe('null while the figures are unknown')),
  calls60m: z.nullable(z.int()).check(z.describe('null while the figures are unknown')),
  latencyP50Ms: z.nullable(z.number()).check(z.describe('over the last 60 minutes')),
  latencyP99Ms: z.nullable(z.number()).check(z.describe('over the last 60 minutes')),
  /** Most frequent failure codes of the last 60 minutes. */
  topErrors: z.array(z.strictObject({ code: z.string(), count: z.int() })),
  /**
   * `up`/`degraded`/`down` from the error rates; `parked` when the gateway holds work back for it;
   * `unknown` when the ledger the figures come from could not be read (see `unknownReason`).
   */
  state: z.enum(['up', 'degraded', 'down', 'idle', 'parked', 'unknown']),
  unknownReason: z.nullable(z.string()).check(z.describe('why the figures are missing (what could not be read, and its error code); null when they are known')),
  /** Work held back while the partner is marked down (portal: lagging dossiers; city: parked events); null for partners not gated. */
  parked: z.nullable(z.int()),
  /** Calls per second the gateway allows the partner (AIMD pace) while it is slowed; null: not slowed, or not gated. */
  pacePerSecond: z.nullable(z.number()),
}))();

export const QueueHealth = /* @__PURE__ */ (() => z.strictObject({
  queue: OpsQueue,
  depth: z.int().check(z.describe('visible + in flight + delayed messages')),
  visible: z.int(),
  inFlight: z.int(),
  delayed: z.int(),
  /** Age of the oldest outstanding work item this queue carries (see README: derived from the items, not SQS). */
  oldestAgeSeconds: z.nullable(z.number()),
  deadLetterDepth: z.int(),
  deadLetterOldestAgeSeconds: z.nullable(z.number()),
}))();

export const StuckCounts = /* @__PURE__ */ (() => z.strictObject({
  dossiers: z.int().check(z.describe('portal acknowledgement lags longer than the threshold')),
  events: z.int().check(z.describe('events to the city not delivered')),
  payments: z.int().check(z.describe('pending too long, or with exceptions for review')),
  deadLetters: z.int(),
  divergences: z.int().check(z.describe("the verifier found the portal's copy differs")),
  ledgerFailures: z.nullable(z.int()).check(z.describe('ledger appends that failed in the last 7 days; null only in trend samples taken before failures were stored')),
}))();
export type StuckCounts = z.infer<typeof StuckCounts>;

export const TrendPoint = /* @__PURE__ */ (() => z.strictObject({ at: instant, counts: StuckCounts }))();

/** The parts of the overview, each read from its own store: one that cannot be read leaves the others standing. */
export const overviewParts = ['partner-health', 'partner-recovery', 'queues', 'stuck', 'trend'] as const;

export const OverviewGap = /* @__PURE__ */ (() => z.strictObject({
  part: z.enum(overviewParts),
  source: z.string().check(z.describe('the store that could not be read (ledger, opsStats, SQS…)')),
  errorCode: z.string().check(z.describe("the store's error code, e.g. ResourceNotFoundException")),
}))();

export const OpsOverview = /* @__PURE__ */ (() => z
  .strictObject({
    generatedAt: instant,
    partners: z.array(PartnerHealth),
    queues: z.array(QueueHealth),
    stuck: z.nullable(StuckCounts).check(z.describe('null when the stuck work could not be read (see `unavailable`)')),
    /** Samples of the last 24 h, oldest first (one every few minutes) and the live value last. */
    trend: z.array(TrendPoint),
    /** What could not be read this time: the answer is still 200 with the rest; empty when complete. */
    unavailable: z.array(OverviewGap),
  })
  .register(z.globalRegistry, { id: 'OpsOverview' }))();
export type OpsOverview = z.infer<typeof OpsOverview>;

export const StuckDossier = /* @__PURE__ */ (() => z.strictObject({
  dossierCode: z.string(),
  version: z.int(),
  status: z.string(),
  unitCode: z.nullable(z.string()),
  procedureCode: z.string(),
  pendingSince: instant,
  lagSeconds: z.number(),
  attempts: z.int(),
  lastAttemptAt: nullableInstant,
  nextAttemptAt: nullableInstant,
  errorCode: z.nullable(z.string()),
  errorMessage: z.nullable(z.string()),
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
  subject: z.nullable(z.string()),
  failureCode: z.nullable(z.string()),
  failureReason: z.nullable(z.string()),
  failedAt: nullableInstant,
  sentAt: nullableInstant,
}))();

export const Divergence = /* @__PURE__ */ (() => z.strictObject({
  dossierCode: z.string(),
  checkedAt: nullableInstant,
  fields: z.array(z.string()).check(z.describe('portal field names that differ; never their values')),
  missingSteps: z.int(),
  duplicatedSteps: z.int(),
  portalHasDossier: z.boolean(),
  /** The dossier is pending again (the verifier reopened it); otherwise an operator must look (duplicated steps). */
  reopened: z.boolean(),
}))();

/** A ledger record that could not be written: the exchange happened, its evidence is missing. */
export const LedgerFailure = /* @__PURE__ */ (() => z.strictObject({
  at: instant.check(z.describe('when the append was given up, after its retries')),
  partner: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  operation: z.string(),
  subject: z.nullable(z.string()).check(z.describe('the dossier code, event id or payment reference the exchange was about')),
  messageId: z.nullable(z.string()),
  recordId: z.string().check(z.describe('the id the lost record would have had (the failure log line names it too)')),
  outcome: z.enum(['ok', 'retryable', 'rejected']).check(z.describe("the exchange's own outcome")),
  errorCode: z.string().check(z.describe("why the store refused the write: DynamoDB's error name or a transport code")),
}))();

export const StuckKind = /* @__PURE__ */ (() => z.enum(['dossiers', 'events', 'payments', 'dead-letters', 'divergences', 'ledger-failures']))();

export const StuckQuery = /* @__PURE__ */ (() => z.strictObject({
  kind: z.optional(StuckKind),
  olderThanMinutes: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(60 * 24 * 30)), 5),
  unit: z.optional(z.string().check(z.maxLength(50))),
  procedure: z.optional(z.string().check(z.maxLength(100))),
  errorCode: z.optional(z.string().check(z.maxLength(100))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 100),
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
  .register(z.globalRegistry, { id: 'OpsStuckWork' }))();
export type StuckWork = z.infer<typeof StuckWork>;

export const TimelineEntry = /* @__PURE__ */ (() => z.strictObject({
  at: instant,
  /** `ledger-record-lost`: the exchange happened but its ledger record could not be written (the stuck list's ledger failures). */
  kind: z.enum(['version-received', 'portal-ack', 'portal-attempt', 'steps-sent', 'callback', 'delivery', 'payment', 'payment-confirmation', 'verification', 'operator-action', 'ledger-record-lost']),
  partner: z.string(),
  summary: z.string(),
  outcome: z.enum(['ok', 'retryable', 'rejected', 'info']),
  httpStatus: z.nullable(z.int()),
  errorCode: z.nullable(z.string()),
  durationMs: z.nullable(z.number()),
  /** The ledger record of this exchange, when there is one. */
  ledgerRecordId: z.nullable(z.string()),
  reference: z.nullable(z.string()).check(z.describe('event id, payment id or message id; for a version received, `sha256:<base64url>` of its stored content')),
  /** The dossier version a `version-received` or `portal-ack` entry is about. */
  version: z.nullable(z.int()),
}))();
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const DossierTimeline = /* @__PURE__ */ (() => z
  .strictObject({
    dossierCode: z.string(),
    version: z.int(),
    status: z.string(),
    sync: z.strictObject({ state: z.string(), ackVersion: z.nullable(z.int()), attempts: z.int(), lastError: z.nullable(z.string()) }),
    entries: z.array(TimelineEntry),
    /** The ledger could not be read (its error code): its exchanges are missing from `entries`; null when it was read. */
    ledgerUnavailable: z.nullable(z.string()),
  })
  .register(z.globalRegistry, { id: 'OpsDossierTimeline' }))();

export const RedriveRequest = /* @__PURE__ */ (() => z
  .strictObject({
    /** Only messages dead-lettered with this failure code. */
    reason: z.optional(z.string().check(z.maxLength(200))),
    /** Only these DLQ message ids. */
    messageIds: z.optional(z.array(z.string().check(z.maxLength(100))).check(z.maxLength(500))),
    /** Messages moved per second at most. */
    ratePerSecond: z._default(z.number().check(z.minimum(0.1), z.maximum(100)), 10),
    /** Stop after this many (the rest stay for the next call). */
    max: z._default(z.int().check(z.minimum(1), z.maximum(1000)), 100),
  })
  .register(z.globalRegistry, { id: 'OpsRedriveRequest' }))();

export const RedriveAnswer = /* @__PURE__ */ (() => z
  .strictObject({ queue: OpsQueue, moved: z.array(z.string()), skipped: z.int(), remaining: z.int(), ledgerRecordId: z.nullable(z.string()) })
  .register(z.globalRegistry, { id: 'OpsRedriveAnswer' }))();

export const ResyncRequest = /* @__PURE__ */ (() => z
  .strictObject({
    codes: z.optional(z.array(DossierCode).check(z.maxLength(500))),
    unit: z.optional(z.string().check(z.maxLength(50))),
    procedure: z.optional(z.string().check(z.maxLength(100))),
    /** Dossiers stored (or pending) within [from, to). */
    from: z.optional(z.iso.datetime({ offset: true }).check(z.describe('ISO 8601 date-time with a Z or ±hh:mm offset, e.g. 2026-11-30T00:00:00+07:00: the range starts here (inclusive); not with `codes`'))),
    to: z.optional(z.iso.datetime({ offset: true }).check(z.describe('ISO 8601 date-time with a Z or ±hh:mm offset: the range ends here (exclusive), after `from`; not with `codes`'))),
    /** `lagging` (default): only dossiers whose acknowledgement lags; `all`: also synced ones (marked unsynced again). */
    scope: z._default(z.enum(['lagging', 'all']), 'lagging'),
    dryRun: z._default(z.boolean(), false),
    max: z._default(z.int().check(z.minimum(1), z.maximum(500)), 100),
  })
  .check(
    // A code list names the dossiers exactly: a filter beside it would be ignored, and with
    // `dryRun: false` the operator would reset dossiers outside the unit they meant. Refused, not guessed.
    z.superRefine((request, ctx) => {
      if (request.codes !== undefined) {
        for (const field of ['unit', 'procedure', 'from', 'to'] as const) {
          if (request[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: `give either codes or filters (unit, procedure, from, to), not both: ${field} would be ignored` });
        }
      }
      if (request.from !== undefined && request.to !== undefined && Date.parse(request.to) <= Date.parse(request.from)) {
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from: the range [from, to) is empty' });
      }
    }),
  )
  .register(z.globalRegistry, { id: 'OpsResyncRequest' }))();
export type ResyncRequest = z.infer<typeof ResyncRequest>;

export const ResyncAnswer = /* @__PURE__ */ (() => z
  .strictObject({
    dryRun: z.boolean(),
    selected: z.array(z.string()),
    queued: z.array(z.string()),
    notFound: z.array(z.string()),
    /** The exact portal payloads of the first few dossiers, personal fields masked, with the SHA-256 of the unmasked payload. */
    previews: z.array(z.strictObject({ dossierCode: z.string(), payloadSha256: z.string(), payload: z.record(z.string(), z.unknown()) })),
    ledgerRecordId: z.nullable(z.string()),
  })
  .register(z.globalRegistry, { id: 'OpsResyncAnswer' }))();

export const RedeliverAnswer = /* @__PURE__ */ (() => z
  .strictObject({ eventId: EventId, previousStatus: z.string(), queued: z.boolean(), ledgerRecordId: z.nullable(z.string()) })
  .register(z.globalRegistry, { id: 'OpsRedeliverAnswer' }))();

export const QueuePathParameters = /* @__PURE__ */ (() => z.object({ queue: OpsQueue }))();
export const EventPathParameters = /* @__PURE__ */ (() => z.object({ eventId: EventId }))();

export const VerifyAnswer = /* @__PURE__ */ (() => z
  .strictObject({
    dossierCode: z.string(),
    /** `pending`: the portal has not acknowledged the stored version yet, nothing to compare. */
    outcome: z.enum(['match', 'diverged', 'pending', 'error']),
    /** A repairable divergence reopened the sync (the dossier is pushed again). */
    reopened: z.boolean(),
    checkedAt: z.nullable(z.string()),
    divergence: z
      .nullable(z.strictObject({ fields: z.array(z.string()), missingSteps: z.int(), duplicatedSteps: z.int(), portalHasDossier: z.boolean() }))
      .check(z.describe('portal field names that differ, never their values')),
    ledgerRecordId: z.nullable(z.string()),
  })
  .register(z.globalRegistry, { id: 'OpsVerifyAnswer' }))();

/**
 * Dismissing an unrepairable divergence: an operator looked (the portal's duplicated steps were
 * handled by the portal's own staff, or accepted) and takes it off the stuck list. The reason is
 * the operator's own words, kept in the ledger record of the action: write no personal data in it.
 */
export const DismissRequest = /* @__PURE__ */ (() => z
  .strictObject({
    // One line or a few: `\S` alone would take "\u0000\u0000\u0000" (NULs are not white space) into the
    // ledger and the timeline; control characters other than line feed and tab are refused.
    reason: z
      .string()
      .check(
        z.minLength(3),
        z.maxLength(500),
        z.regex(/^[^\u0000-\u0008\u000B-\u001F\u007F-\u009F]*$/, 'no control characters (line feeds and tabs only)'),
        // With every other control character refused, a non-space is a visible one.
        z.regex(/\S/, 'say why: at least one visible character'),
        z.describe('3 to 500 characters, at least one visible; line feeds and tabs are the only control characters allowed'),
      ),
  })
  .register(z.globalRegistry, { id: 'OpsDismissRequest' }))();

export const DismissAnswer = /* @__PURE__ */ (() => z
  .strictObject({
    dossierCode: z.string(),
    /** False when no unrepairable divergence was listed for the dossier (never found, already dismissed, or re-checked since): nothing changed. */
    dismissed: z.boolean(),
    dismissedAt: z.nullable(instant),
    /** What was dismissed: the verifier's finding, field names and step counts only; null when nothing was. */
    divergence: z.nullable(
      z.strictObject({ checkedAt: nullableInstant, fields: z.array(z.string()), missingSteps: z.int(), duplicatedSteps: z.int(), portalHasDossier: z.boolean() }),
    ),
    ledgerRecordId: z.nullable(z.string()),
  })
  .register(z.globalRegistry, { id: 'OpsDismissAnswer' }))();
