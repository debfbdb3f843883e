import { DossierPathParameters, DossierSnapshotInput } from '../../contracts/api/dossier';
import { putSnapshotIfNewer } from '../adapters/dossier-store';
import { enqueuePortalSync } from '../adapters/portal-sync-queue';
import { snapshotFor } from '../core/dossier-snapshot';
import { upsertDossier } from '../core/dossier-upsert';
import { httpEndpoint } from '../http/endpoint';
import { json } from '../http/response';
import { parseOrReject } from '../http/validate';

const ports = { putSnapshotIfNewer, enqueuePortalSync, now: () => new Date() };

export const handler = httpEndpoint({ jsonBody: true }, async ({ event, body }) => {
  const { code } = parseOrReject(DossierPathParameters, event.pathParameters ?? {}, 'path');
  const input = parseOrReject(DossierSnapshotInput, body, 'body');
  return json(202, await upsertDossier(snapshotFor(code, input), ports));
});
