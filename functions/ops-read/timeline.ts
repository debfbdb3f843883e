import { readDossier } from '../adapters/dossier-store';
import { ledgerActivityAbout } from '../adapters/ops/ledger-activity';
import { eventsOfDossier, paymentsOfDossier } from '../adapters/ops/ops-store';
import { NotFoundError } from '../core/errors';
import { buildTimeline, ledgerKeysOf } from '../core/ops/timeline';

export async function dossierTimeline(dossierCode: string, now = new Date()) {
  const partition = await readDossier(dossierCode);
  if (!partition.state) throw new NotFoundError(`no dossier with code "${dossierCode}"`);
  const [events, payments] = await Promise.all([eventsOfDossier(dossierCode), paymentsOfDossier(dossierCode)]);
  // The ledger is read from the day the dossier was first submitted (bounded to a month by the reader).
  const from = [partition.state.snapshot.submittedAt, partition.state.storedAt].map((t) => new Date(t).toISOString()).sort()[0]!;
  const ledger = await ledgerActivityAbout(ledgerKeysOf(dossierCode, events, payments), from, now);
  return buildTimeline(dossierCode, { partition, events, payments, ledger });
}
