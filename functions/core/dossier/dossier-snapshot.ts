import type { DossierSnapshot } from '../../../contracts/api/dossier';
import type * as z from 'zod';
import type { DossierSnapshotInput } from '../../../contracts/api/dossier';
import { portalRefusals } from '../../translate/portal-refusals';
import { ValidationError } from '../errors';

/**
 * The snapshot to store, or a 422 before anything is stored. The path names the dossier; a code
 * repeated in the body must agree with it. Then the snapshot is translated for the portal and
 * checked against the portal's contract: a snapshot acknowledged here must never be refused by
 * the sync later (it would be dead-lettered and the portal would silently lag).
 */
export function snapshotFor(dossierCode: string, input: z.output<typeof DossierSnapshotInput>): DossierSnapshot {
  if (input.dossierCode !== undefined && input.dossierCode !== dossierCode) {
    throw new ValidationError([
      { location: 'body', path: '/dossierCode', message: `must equal the code in the path ("${dossierCode}") when given` },
    ]);
  }
  const snapshot = { ...input, dossierCode };
  const refusals = portalRefusals(snapshot);
  if (refusals.length > 0) throw new ValidationError(refusals);
  return snapshot;
}
