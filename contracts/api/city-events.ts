import * as z from '../zod-mini';
import { DossierCode, OnlineDossier } from './dossier';
import { text } from './text';

/**
 * Events the gateway delivers to the city's dossier system (Standard Webhooks: `webhook-id` is
 * the event id and stays the same on every retry, so the city can drop duplicates). The canonical
 * model throughout: the city never sees a portal field name.
 */

const at = /* @__PURE__ */ (() => z.iso.datetime({ offset: true }))();

export const CityEvent = /* @__PURE__ */ (() => z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('dossier.submitted'), timestamp: at, data: z.strictObject({ dossier: OnlineDossier }) }),
    z.strictObject({
      type: z.literal('dossier.withdrawal_requested'),
      timestamp: at,
      data: z.strictObject({ dossierCode: DossierCode, reason: text(2000), requestedAt: at }),
    }),
    z.strictObject({
      type: z.literal('dossier.supplement_submitted'),
      timestamp: at,
      data: z.strictObject({
        dossierCode: DossierCode,
        supplementRequestId: z.string(),
        documents: z.array(z.strictObject({ name: text(500), url: z.url() })),
        note: z.optional(text(2000)),
        submittedAt: at,
      }),
    }),
    z.strictObject({
      type: z.literal('payment.completed'),
      timestamp: at,
      data: z.strictObject({
        dossierCode: DossierCode,
        paymentId: z.string(),
        provider: z.enum(['paygov', 'vnpay', 'momo']),
        amount: z.int(),
        fees: z.array(z.strictObject({ code: z.string(), name: z.string(), amount: z.int() })),
        paidAt: at,
        providerTransactionId: z.string(),
      }),
    }),
    // Early warnings (issue 13): raised once per dossier, clock and due date; the event id says which.
    z.strictObject({
      type: z.literal('dossier.reception_late'),
      timestamp: at,
      data: z.strictObject({
        dossierCode: DossierCode,
        submittedAt: at,
        receptionDueAt: z.iso.datetime({ offset: true }).register(z.globalRegistry, { description: 'one working day after submission on the portal (Decree 118/2025)' }),
      }),
    }),
    z.strictObject({
      type: z.literal('dossier.due_soon'),
      timestamp: at,
      data: z.strictObject({ dossierCode: DossierCode, dueAt: at, leadWorkingMinutes: z.int().check(z.minimum(0)) }),
    }),
    z.strictObject({
      type: z.literal('dossier.overdue'),
      timestamp: at,
      data: z.strictObject({
        dossierCode: DossierCode,
        dueAt: at,
        apologyRequired: z.literal(true).register(z.globalRegistry, { description: 'an apology slip with a new return date is owed to the citizen' }),
        reminder: text(500),
      }),
    }),
    z.strictObject({
      type: z.literal('dossier.rated'),
      timestamp: at,
      data: z.strictObject({ dossierCode: DossierCode, score: z.int().check(z.minimum(1), z.maximum(5)), comment: z.optional(text(2000)), ratedAt: at }),
    }),
  ])
  .register(z.globalRegistry, { id: 'CityEvent' }))();
export type CityEvent = z.output<typeof CityEvent>;

export const DeliveryAttemptView = /* @__PURE__ */ (() => z.strictObject({
  attempt: z.int().check(z.minimum(1)),
  at: z.string(),
  outcome: z.enum(['delivered', 'retryable', 'rejected']),
  httpStatus: z.nullable(z.int()),
  durationMs: z.int(),
  error: z.nullable(z.string()),
}))();

export const DeliveryView = /* @__PURE__ */ (() => z
  .strictObject({
    eventId: z.string(),
    type: z.string(),
    dossierCode: z.string(),
    receivedAt: z.string(),
    status: z.enum(['received', 'queued', 'delivered', 'failed']),
    attempts: z.array(DeliveryAttemptView),
  })
  .register(z.globalRegistry, { id: 'DeliveryView' }))();
