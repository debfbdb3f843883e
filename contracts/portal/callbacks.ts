import * as z from 'zod';
import { PortalDossier } from './dossier';
import { portalFieldLimits } from './limits';

/**
 * Events the national portal sends the city (PARTNERS.md §1 "Portal → city"). The portal's push
 * contract is not public, so the gateway defines this one: Standard Webhooks envelopes
 * `{ type, timestamp, data }`, signed as PARTNERS.md §4 says; the dossier travels in the portal's
 * own DongBoHoSoMC format.
 */

const dossierCode = /* @__PURE__ */ (() => z.string().min(1).max(portalFieldLimits.dossierCode))();
const isoTime = /* @__PURE__ */ (() => z.iso.datetime({ offset: true }))();

export const PortalDossierSubmitted = /* @__PURE__ */ (() => z.strictObject({
  type: z.literal('dossier.submitted'),
  timestamp: isoTime,
  data: z.strictObject({ dossier: PortalDossier }),
}))();

export const PortalWithdrawalRequested = /* @__PURE__ */ (() => z.strictObject({
  type: z.literal('dossier.withdrawal_requested'),
  timestamp: isoTime,
  data: z.strictObject({ dossierCode, reason: z.string().min(1).max(2000), requestedAt: isoTime }),
}))();

export const PortalSupplementSubmitted = /* @__PURE__ */ (() => z.strictObject({
  type: z.literal('dossier.supplement_submitted'),
  timestamp: isoTime,
  data: z.strictObject({
    dossierCode,
    supplementRequestId: z.string().min(1).max(64),
    documents: z.array(z.strictObject({ name: z.string().min(1).max(500), url: z.url() })).min(1).max(100),
    note: z.string().max(2000).optional(),
    submittedAt: isoTime,
  }),
}))();

export const PortalDossierRated = /* @__PURE__ */ (() => z.strictObject({
  type: z.literal('dossier.rated'),
  timestamp: isoTime,
  data: z.strictObject({ dossierCode, score: z.int().min(1).max(5), comment: z.string().max(2000).optional(), ratedAt: isoTime }),
}))();

export const portalEventTypes = ['dossier.submitted', 'dossier.withdrawal_requested', 'dossier.supplement_submitted', 'dossier.rated'] as const;

export const PortalCallback = /* @__PURE__ */ (() => z.discriminatedUnion('type', [PortalDossierSubmitted, PortalWithdrawalRequested, PortalSupplementSubmitted, PortalDossierRated]))();
export type PortalCallback = z.infer<typeof PortalCallback>;
