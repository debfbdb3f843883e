import * as z from '../zod-mini';
import { DossierCode } from '../api/dossier';

/**
 * A nudge, not a payload: the worker always reads the latest snapshot, so the version only tells
 * it how fresh the sender's view was (coalescing and lag metrics).
 */
export const PortalSyncMessage = /* @__PURE__ */ (() => z.strictObject({
  dossierCode: DossierCode,
  version: z.int().check(z.minimum(1)),
  /**
   * Who asked: the API after a write, the gateway's overlay (a payment), the sweeper healing a lag,
   * the release of work parked while the portal was down, or the verifier after finding the portal's
   * copy diverging from the acknowledgement.
   */
  origin: z._default(z.enum(['api', 'overlay', 'sweeper', 'operator', 'recovery', 'verifier']), 'api'),
}))();
export type PortalSyncMessage = z.input<typeof PortalSyncMessage>;
