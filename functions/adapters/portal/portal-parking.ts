import type { Parking } from '../../core/partners/partner-gate';
import type { PortalSyncMessage } from '../../../contracts/messages/portal-sync';
import { pendingDossiers } from './portal-pending-index';
import { enqueuePortalSyncBatch } from './portal-sync-queue';

/**
 * The portal's parked work needs no parking of its own: every dossier the portal has not
 * acknowledged is already in the sparse pending index (written with the snapshot, cleared by the
 * acknowledgement), so a nudge may be deleted during an outage and the release nudges them all.
 */
export const portalParking: Parking = {
  park: async () => undefined,
  // One of the oldest few, at random: a probe must not keep choosing one dossier that cannot be tried.
  oneParked: async () => {
    for await (const page of pendingDossiers(new Date(Date.now() + 60_000).toISOString(), 10)) {
      const chosen = page[Math.floor(Math.random() * page.length)];
      if (chosen) return JSON.stringify({ dossierCode: chosen.dossierCode, version: chosen.version, origin: 'recovery' } satisfies PortalSyncMessage);
      return undefined;
    }
    return undefined;
  },
  release: releasePendingDossiers,
};

/** Nudges every dossier the portal has not acknowledged; throws if any nudge could not be queued. */
export async function releasePendingDossiers(): Promise<number> {
  let released = 0;
  for await (const page of pendingDossiers(new Date(Date.now() + 60_000).toISOString())) {
    const rejected = await enqueuePortalSyncBatch(page.map((d) => ({ dossierCode: d.dossierCode, version: d.version, origin: 'recovery' })));
    if (rejected.length > 0) throw new Error(`${rejected.length} portal nudges could not be queued`);
    released += page.length;
  }
  return released;
}
