import type { DossierSnapshot } from '../../contracts/api/dossier';
import type * as z from 'zod';
import type { DossierSnapshotInput } from '../../contracts/api/dossier';
import { ValidationError } from './errors';

/** The path names the dossier; a code repeated in the body must agree with it. */
export function snapshotFor(dossierCode: string, input: z.output<typeof DossierSnapshotInput>): DossierSnapshot {
  if (input.dossierCode !== undefined && input.dossierCode !== dossierCode) {
    throw new ValidationError([
      { location: 'body', path: '/dossierCode', message: `must equal the code in the path ("${dossierCode}") when given` },
    ]);
  }
  return { ...input, dossierCode };
}
