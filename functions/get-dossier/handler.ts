import { DossierPathParameters } from '../../contracts/api/dossier';
import { readDossier } from '../adapters/dossier/dossier-store';
import { deadlineConfig } from '../config/insight-config';
import { dossierClocks } from '../core/deadlines/dossier-clocks';
import { dossierView } from '../core/dossier/dossier-read';
import { httpEndpoint } from '../http/endpoint';
import { json } from '../http/response';
import { parseOrReject } from '../http/validate';

export const handler = httpEndpoint({}, async ({ event }) => {
  const { code } = parseOrReject(DossierPathParameters, event.pathParameters ?? {}, 'path');
  const partition = await readDossier(code);
  const view = dossierView(code, partition);
  // Computed on read from the snapshot: shows where the city's dueAt and the calendar disagree.
  const config = deadlineConfig();
  const procedure = config.procedureRule(view.snapshot.procedure.code);
  const deadlines = { ...dossierClocks(view.snapshot, { calendar: config.calendar, procedure, now: new Date() }), procedureKnown: procedure !== undefined };
  return json(200, { ...view, deadlines });
});
