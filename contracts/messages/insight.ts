import * as z from 'zod';
import { DossierCode } from '../api/dossier';

/**
 * A nudge: the insight worker reads the latest snapshot and acknowledgement itself. A portal
 * submission or rating names the stored callback event (`eventId`): the worker keeps the
 * submission (the slow-reception clock runs even when the city never stores the dossier) or the
 * rating (the satisfaction indicator).
 */
export const InsightMessage = /* @__PURE__ */ (() => z.strictObject({
  dossierCode: DossierCode,
  origin: z.enum(['snapshot', 'portal_ack', 'deadline', 'operator', 'portal_submission', 'portal_rating']),
  eventId: z.string().min(1).max(200).optional(),
}))();
export type InsightMessage = z.input<typeof InsightMessage>;
