import type { DossierPartition } from './dossier-records';
import { NotFoundError } from '../errors';
import { portalSyncView } from '../portal/sync-state';

/** The caller's view of a dossier: the stored snapshot and how far each partner has caught up. */
export function dossierView(dossierCode: string, partition: DossierPartition) {
  const state = partition.state;
  if (!state) throw new NotFoundError(`no dossier with code "${dossierCode}" has been stored`);
  return {
    dossierCode,
    version: state.version,
    storedAt: state.storedAt,
    snapshot: state.snapshot,
    sync: { portal: portalSyncView({ version: state.version, revision: partition.overlay?.revision ?? 0 }, partition.portalSync) },
  };
}
