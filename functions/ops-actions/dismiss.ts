import { readDossier } from '../adapters/dossier/dossier-store';
import { dismissDivergence } from '../adapters/ops/ops-store';
import { NotFoundError } from '../core/errors';

/**
 * Dismisses a divergence no re-sync can repair: the dossier leaves the stuck list (the verify
 * index's DIVERGED partition), the verifier's finding stays on the sync item for the timeline. Only
 * what is listed can be dismissed (a repairable divergence reopens the sync and clears itself);
 * asking again, or about a dossier with nothing listed, answers `dismissed: false` and changes nothing.
 */
export async function dismiss(dossierCode: string, operator: string, now = new Date()) {
  const partition = await readDossier(dossierCode);
  if (!partition.state) throw new NotFoundError(`no dossier with code "${dossierCode}"`);
  const dismissedAt = now.toISOString();
  const before = await dismissDivergence(dossierCode, dismissedAt, operator);
  if (!before) return { dossierCode, dismissed: false, dismissedAt: null, divergence: null };
  const finding = before.verification?.divergence;
  return {
    dossierCode,
    dismissed: true,
    dismissedAt,
    divergence: {
      checkedAt: before.verification?.checkedAt ?? null,
      fields: [...(finding?.fields ?? [])],
      missingSteps: finding?.missingSteps ?? 0,
      duplicatedSteps: finding?.duplicatedSteps ?? 0,
      portalHasDossier: finding?.portalHasDossier ?? true,
    },
  };
}
