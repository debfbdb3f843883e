import * as z from '../zod-mini';
import { PortalDossier } from './dossier';
import { portalFieldLimits } from './limits';

/**
 * Events the national portal sends the city (PARTNERS.md §1 "Portal → city"). The portal's push
 * contract is not public, so the gateway defines this one: Standard Webhooks envelopes
 * `{ type, timestamp, data }`, signed as PARTNERS.md §4 says; the dossier travels in the portal's
 * own DongBoHoSoMC format.
 */

const dossierCode = /* @__PURE__ */ (() => z.string().check(z.minLength(1), z.maxLength(portalFieldLimits.dossierCode)))();
const isoTime = /* @__PURE__ */ (() => z.iso.datetime({ offset: true }))();

export const PortalDossierSubmitted = /* @__PURE__ */ (() => z.strictObject({
  type: z.literal('dossier.submitted'),
  timestamp: isoTime,
  data: z.strictObject({ dossier: PortalDossier }),
}))();

export const PortalWithdrawalRequested = /* @__PURE__ */ (() => z.strictObject({
  type: z.literal('dossier.withdrawal_requested'),
  timestamp: isoTime,
  data: z.strictObject({ dossierCode, reason: z.string().check(z.minLength(1), z.maxLength(2000)), requestedAt: isoTime }),
}))();

export const PortalSupplementSubmitted = /* @__PURE__ */ (() => z.strictObject({
  type: z.literal('dossier.supplement_submitted'),
  timestamp: isoTime,
  data: z.strictObject({
    dossierCode,
    supplementRequestId: z.string().check(z.minLength(1), z.maxLength(64)),
    documents: z.array(z.strictObject({ name: z.string().check(z.minLength(1), z.maxLength(500)), url: z.url() })).check(z.minLength(1), z.maxLength(100)),
    note: z.optional(z.string().check(z.maxLength(2000))),
    submittedAt: isoTime,
  }),
}))();

export const PortalDossierRated = /* @__PURE__ */ (() => z.strictObject({
  type: z.literal('dossier.rated'),
  timestamp: isoTime,
  data: z.strictObject({ dossierCode, score: z.int().check(z.minimum(1), z.maximum(5)), comment: z.optional(z.string().check(z.maxLength(2000))), ratedAt: isoTime }),
}))();

export const portalEventTypes = ['dossier.submitted', 'dossier.withdrawal_requested', 'dossier.supplement_submitted', 'dossier.rated'] as const;

export const PortalCallback = /* @__PURE__ */ (() => z.discriminatedUnion('type', [PortalDossierSubmitted, PortalWithdrawalRequested, PortalSupplementSubmitted, PortalDossierRated]))();
export type PortalCallback = z.infer<typeof PortalCallback>;
