import * as z from 'zod';
import { DossierCode } from '../api/dossier';

/** A nudge: the insight worker reads the latest snapshot and acknowledgement itself. */
export const InsightMessage = /* @__PURE__ */ (() => z.strictObject({
  dossierCode: DossierCode,
  origin: z.enum(['snapshot', 'portal_ack', 'deadline', 'operator']),
}))();
export type InsightMessage = z.input<typeof InsightMessage>;
