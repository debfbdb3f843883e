import { readDossier } from '../adapters/dossier/dossier-store';
import { lookupDossier } from '../adapters/portal/portal-client';
import { portalConfig } from '../adapters/portal/portal-config';
import { enqueuePortalSync } from '../adapters/portal/portal-sync-queue';
import * as verificationStore from '../adapters/portal/portal-verification-store';
import { verificationConfig } from '../config/verification-config';
import type { PortalVerification } from '../core/dossier/dossier-records';
import { NotFoundError } from '../core/errors';
import { verifyPortalCopies } from '../core/portal/portal-verification';
import { reportPortalDivergence } from '../observability/portal-divergence';

/**
 * Verifies one dossier against the portal now, with the verifier's own rules (read the portal's
 * copy with TraCuuHoSo, compare it with the acknowledged snapshot; a repairable divergence
 * reopens the sync). A dossier the portal has not acknowledged yet is reported as `pending`.
 */
export async function verifyNow(dossierCode: string, timeLeftMs: () => number) {
  const partition = await readDossier(dossierCode);
  if (!partition.state) throw new NotFoundError(`no dossier with code "${dossierCode}"`);
  // Never acknowledged (never synced, or every attempt failed so far): nothing to compare, and
  // nothing to write — the verifier's bookkeeping would create a sync record the worker never made.
  if (partition.portalSync?.ackVersion === undefined) {
    return { dossierCode, outcome: 'pending' as const, reopened: false, checkedAt: null, divergence: null };
  }
  let reported: { verification: PortalVerification; reopened: boolean } | undefined;
  const report = await verifyPortalCopies({
    ...verificationStore,
    dueForVerification: async function* () {
      yield [dossierCode];
    },
    readDossier,
    lookupDossier,
    enqueuePortalSync,
    statusMap: portalConfig().statusMap,
    // Counted and logged as the scheduled verifier's findings are: the divergence alarm sees both.
    reportDivergence: (code, verification, reopened) => {
      reported = { verification, reopened };
      reportPortalDivergence(code, verification, reopened, 'operator');
    },
    settleSeconds: verificationConfig().settleSeconds,
    recheckSeconds: verificationConfig().recheckSeconds,
    timeLeftMs,
    now: () => new Date(),
  });
  const after = (await readDossier(dossierCode)).portalSync?.verification;
  const outcome: 'match' | 'diverged' | 'pending' | 'error' = report.errors > 0 ? 'error' : report.skipped > 0 ? 'pending' : report.matched > 0 ? 'match' : report.diverged > 0 ? 'diverged' : 'pending';
  return {
    dossierCode,
    outcome,
    reopened: reported?.reopened ?? false,
    checkedAt: after?.checkedAt ?? null,
    divergence: (reported?.verification ?? after)?.divergence ?? null,
  };
}
