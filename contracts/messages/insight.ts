import * as z from '../zod-mini';
import { DossierCode } from '../api/dossier';

/**
 * A nudge: the insight worker reads the latest snapshot and acknowledgement itself. A portal
 * submission or rating names the stored callback event (`eventId`): the worker keeps the
 * submission (the slow-reception clock runs even when the city never stores the dossier) or the
 * rating (the satisfaction indicator). zod/mini (../zod-mini.ts): the insight worker bundles no classic zod.
 */
export const InsightMessage = /* @__PURE__ */ (() => z.strictObject({
  dossierCode: DossierCode,
  origin: z.enum(['snapshot', 'portal_ack', 'deadline', 'operator', 'portal_submission', 'portal_rating']),
  eventId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
}))();
export type InsightMessage = z.input<typeof InsightMessage>;
