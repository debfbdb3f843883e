import { DossierPathParameters, DossierSnapshotInput } from '../../contracts/api/dossier';
import { putSnapshotIfNewer } from '../adapters/dossier/dossier-store';
import { recordDossierVersion } from '../adapters/dossier/dossier-version-store';
import { nudgeInsight } from '../adapters/insight/insight-queue';
import { enqueuePortalSync } from '../adapters/portal/portal-sync-queue';
import { snapshotFor } from '../core/dossier/dossier-snapshot';
import { upsertDossier } from '../core/dossier/dossier-upsert';
import { httpEndpoint } from '../http/endpoint';
import { json } from '../http/response';
import { parseOrReject } from '../http/validate';

const ports = { putSnapshotIfNewer, enqueuePortalSync, recordVersion: recordDossierVersion, now: () => new Date() };

export const handler = httpEndpoint({ jsonBody: true }, async ({ event, body }) => {
  const { code } = parseOrReject(DossierPathParameters, event.pathParameters ?? {}, 'path');
  const input = parseOrReject(DossierSnapshotInput, body, 'body');
  const result = await upsertDossier(snapshotFor(code, input), ports);
  // After the answer is decided: the scorecard never blocks or fails a city write.
  await nudgeInsight({ dossierCode: result.dossierCode, origin: 'snapshot' });
  return json(202, result);
});
