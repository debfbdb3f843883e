import { DossierPathParameters } from '../../contracts/api/dossier';
import { readDossier } from '../adapters/dossier-store';
import { dossierView } from '../core/dossier-read';
import { httpEndpoint } from '../http/endpoint';
import { json } from '../http/response';
import { parseOrReject } from '../http/validate';

export const handler = httpEndpoint({}, async ({ event }) => {
  const { code } = parseOrReject(DossierPathParameters, event.pathParameters ?? {}, 'path');
  return json(200, dossierView(code, await readDossier(code)));
});
