import { readDossier } from '../adapters/dossier-store';
import { ledgerActivityAbout } from '../adapters/ops/ledger-activity';
import { eventsOfDossier, paymentsOfDossier } from '../adapters/ops/ops-store';
import { NotFoundError } from '../core/errors';
import { buildTimeline, ledgerKeysOf } from '../core/ops/timeline';

export async function dossierTimeline(dossierCode: string) {
  const partition = await readDossier(dossierCode);
  if (!partition.state) throw new NotFoundError(`no dossier with code "${dossierCode}"`);
  const [events, payments] = await Promise.all([eventsOfDossier(dossierCode), paymentsOfDossier(dossierCode)]);
  const ledger = await ledgerActivityAbout(ledgerKeysOf(dossierCode, events, payments));
  return buildTimeline(dossierCode, { partition, events, payments, ledger });
}
