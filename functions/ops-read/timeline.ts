import { readDossier } from '../adapters/dossier/dossier-store';
import { readDossierVersions } from '../adapters/dossier/dossier-version-store';
import { ledgerActivityAbout } from '../adapters/ops/ledger-activity';
import { eventsOfDossier, paymentsOfDossier } from '../adapters/ops/ops-store';
import { NotFoundError } from '../core/errors';
import { buildTimeline, ledgerKeysOf } from '../core/ops/timeline';

export async function dossierTimeline(dossierCode: string) {
  const partition = await readDossier(dossierCode);
  if (!partition.state) throw new NotFoundError(`no dossier with code "${dossierCode}"`);
  const [events, payments, versions] = await Promise.all([eventsOfDossier(dossierCode), paymentsOfDossier(dossierCode), readDossierVersions(dossierCode)]);
  const ledger = await ledgerActivityAbout(ledgerKeysOf(dossierCode, events, payments));
  return buildTimeline(dossierCode, { partition, versions, events, payments, ledger });
}
