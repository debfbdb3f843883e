import * as z from 'zod';
import { DossierCode } from './dossier';
import { DossierDeadlines } from '../insight/deadlines-view';

/** How far one partner has caught up with a dossier. */
export const PartnerSyncState = /* @__PURE__ */ (() => z
  .strictObject({
    state: z.enum(['pending', 'synced', 'failed']).describe('pending until the partner acknowledges the stored version'),
    ackVersion: z.int().nullable().describe('highest version the partner acknowledged'),
    ackRevision: z.int().nullable().describe("gateway overlay revision (e.g. confirmed payments) acknowledged with it"),
    attempts: z.int().min(0),
    lastAttemptAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    lastError: z
      .strictObject({ code: z.string(), message: z.string(), permanent: z.boolean(), at: z.string() })
      .nullable(),
    verification: z
      .strictObject({
        checkedAt: z.string(),
        outcome: z.enum(['match', 'diverged']),
        ackVersion: z.int().describe('the acknowledged version the portal copy was compared with'),
        divergence: z
          .strictObject({
            fields: z.array(z.string()).describe("payload fields the partner holds differently (the partner's field names)"),
            missingSteps: z.int().min(0),
            duplicatedSteps: z.int().min(0),
            portalHasDossier: z.boolean(),
          })
          .nullable(),
      })
      .nullable()
      .optional()
      .describe("the verifier's last comparison of the partner's copy with the acknowledgement; a divergence reopens the sync"),
  })
  .meta({ id: 'PartnerSyncState' }))();
export type PartnerSyncState = z.infer<typeof PartnerSyncState>;

export const DossierSyncView = /* @__PURE__ */ (() => z.strictObject({ portal: PartnerSyncState }).meta({ id: 'DossierSyncView' }))();

export const DossierAccepted = /* @__PURE__ */ (() => z
  .strictObject({
    dossierCode: DossierCode,
    version: z.int(),
    outcome: z.enum(['stored', 'unchanged']).describe('unchanged: the same version with identical content was already stored'),
    sync: DossierSyncView,
  })
  .meta({ id: 'DossierAccepted' }))();

export const DossierView = /* @__PURE__ */ (() => z
  .strictObject({
    dossierCode: DossierCode,
    version: z.int(),
    storedAt: z.string(),
    snapshot: z.record(z.string(), z.unknown()).describe('the canonical snapshot as stored (DossierSnapshotInput, defaults applied)'),
    sync: DossierSyncView,
    deadlines: DossierDeadlines.optional(),
  })
  .meta({ id: 'DossierView' }))();
