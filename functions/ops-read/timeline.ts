import { readDossier } from '../adapters/dossier/dossier-store';
import { readDossierVersions } from '../adapters/dossier/dossier-version-store';
import { ledgerFailuresAbout } from '../adapters/ledger/ledger-failure-store';
import { ledgerActivityAbout } from '../adapters/ops/ledger-activity';
import { eventsOfDossier, paymentsOfDossier } from '../adapters/ops/ops-store';
import { errorCodeOf } from '../core/error-code';
import { NotFoundError } from '../core/errors';
import { buildTimeline, ledgerKeysOf } from '../core/ops/timeline';
import { loggableError } from '../observability/loggable-error';
import { logger } from '../observability/logger';

/**
 * A dossier's timeline. The ledger is read last and on its own: when it cannot be read (the
 * moment an operator most needs the rest), the answer keeps every stored fact and every lost
 * record, and says the ledger's part is missing (`ledgerUnavailable`).
 */
export async function dossierTimeline(dossierCode: string) {
  const partition = await readDossier(dossierCode);
  if (!partition.state) throw new NotFoundError(`no dossier with code "${dossierCode}"`);
  const [events, payments, versions] = await Promise.all([eventsOfDossier(dossierCode), paymentsOfDossier(dossierCode), readDossierVersions(dossierCode)]);
  const keys = ledgerKeysOf(dossierCode, events, payments);
  const [ledger, lostRecords] = await Promise.all([
    ledgerActivityAbout(keys).then(
      (records) => ({ records, unavailable: null }),
      (error: unknown) => {
        const errorCode = errorCodeOf(error);
        logger.error('ops timeline without the ledger', { errorCode, error: loggableError(error) });
        return { records: [], unavailable: errorCode };
      },
    ),
    ledgerFailuresAbout(keys),
  ]);
  return { ...buildTimeline(dossierCode, { partition, versions, events, payments, ledger: ledger.records, lostRecords }), ledgerUnavailable: ledger.unavailable };
}
