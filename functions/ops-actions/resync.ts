import { createHash } from 'node:crypto';
import type { ResyncRequest } from '../../contracts/api/ops';
import { readDossier } from '../adapters/dossier/dossier-store';
import { portalConfig } from '../adapters/portal/portal-config';
import { clearPortalBackoff, laggingDossiers, storedDossiers } from '../adapters/ops/ops-store';
import { enqueuePortalSyncBatch } from '../adapters/portal/portal-sync-queue';
import { withOverlay } from '../core/dossier/dossier-overlay';
import { assertSelective, selectCandidates } from '../core/ops/resync-selection';
import { previewPortalDossier } from '../translate/portal-dossier-preview';
import { toPortalDossier } from '../translate/portal-dossier';

/** Dry runs show this many payloads in full (masked): enough to check a mapping, small enough to read. */
const previewCount = 3;

/**
 * Re-sync: pick the dossiers (a code list, or lagging/stored ones by unit, procedure, range),
 * drop their scheduled backoff (and, for `scope: all`, their acknowledgement: "mark as unsynced"),
 * then nudge each with origin `operator`. The worker sends the latest snapshot as always, so a
 * re-sync can never send anything older than what is stored.
 */
export async function resync(request: ResyncRequest, now = new Date()) {
  assertSelective(request);
  const selected = request.codes?.length ? selectCandidatesByCode(request) : await selectByFilters(request, now);

  const notFound: string[] = [];
  const found: { dossierCode: string; version: number }[] = [];
  const previews: { dossierCode: string; payloadSha256: string; payload: Record<string, unknown> }[] = [];
  const statusMap = portalConfig().statusMap;
  for (const dossierCode of selected) {
    const partition = await readDossier(dossierCode);
    if (!partition.state) {
      notFound.push(dossierCode);
      continue;
    }
    found.push({ dossierCode, version: partition.state.version });
    if (request.dryRun && previews.length < previewCount) {
      const payload = toPortalDossier(withOverlay(partition.state.snapshot, partition.overlay), statusMap);
      previews.push({ dossierCode, payloadSha256: createHash('sha256').update(JSON.stringify(payload)).digest('hex'), payload: previewPortalDossier(payload) });
    }
  }

  let queued: string[] = [];
  if (!request.dryRun) {
    for (const { dossierCode } of found) await clearPortalBackoff(dossierCode, request.scope === 'all', now.toISOString());
    const rejected = new Set(await enqueuePortalSyncBatch(found.map(({ dossierCode, version }) => ({ dossierCode, version, origin: 'operator' as const }))));
    queued = found.map((f) => f.dossierCode).filter((code) => !rejected.has(code));
  }
  return { dryRun: request.dryRun, selected: found.map((f) => f.dossierCode), queued, notFound, previews };
}

function selectCandidatesByCode(request: ResyncRequest): string[] {
  return [...new Set(request.codes)].slice(0, request.max);
}

async function selectByFilters(request: ResyncRequest, now: Date): Promise<string[]> {
  if (request.scope === 'all') {
    const from = request.from ? new Date(request.from).toISOString() : '0000';
    const to = request.to ? new Date(request.to).toISOString() : now.toISOString();
    const stored = await storedDossiers(from, to, request.max);
    return selectCandidates(request, stored.map((d) => ({ ...d, since: d.storedAt })));
  }
  const { items } = await laggingDossiers(now.toISOString(), 5_000);
  return selectCandidates(request, items.map((d) => ({ dossierCode: d.dossierCode, unitCode: d.unitCode, procedureCode: d.procedureCode, since: d.pendingSince })));
}
