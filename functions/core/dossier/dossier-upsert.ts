import type { DossierSnapshot } from '../../../contracts/api/dossier';
import type { PartnerSyncState } from '../../../contracts/api/dossier-view';
import type { PortalSyncMessage } from '../../../contracts/messages/portal-sync';
import { maxStoredJsonBytes } from '../../../contracts/platform/limits';
import { contentHashOfJson } from '../content-hash';
import type { DossierPartition, PutSnapshotResult, StoredDossier } from './dossier-records';
import { DependencyUnavailableError, TooLargeToStoreError, VersionConflictError } from '../errors';
import { portalSyncView } from '../portal/sync-state';

export interface UpsertPorts {
  /** Stores a newer snapshot and, in the same write, its version's fingerprint for the operators' timeline. */
  readonly putSnapshotIfNewer: (dossier: StoredDossier) => Promise<PutSnapshotResult>;
  readonly enqueuePortalSync: (message: PortalSyncMessage) => Promise<void>;
  /**
   * Keeps a refused version's fingerprint for the timeline, with the version stored when it was
   * refused (a stored one was kept by its write). Best effort and idempotent (one record per
   * number and content): never fails the answer.
   */
  readonly recordVersion: (dossier: StoredDossier, refusedWhileStored: number) => Promise<void>;
  readonly now: () => Date;
}

export interface UpsertResult {
  readonly dossierCode: string;
  readonly version: number;
  readonly outcome: 'stored' | 'unchanged';
  readonly sync: { readonly portal: PartnerSyncState };
}

/** Seconds a caller should wait before resending when the queue refused the nudge. */
const enqueueRetryAfterSeconds = 2;

/**
 * Version rules of a city snapshot (the city owns `version`):
 * - new dossier or higher version → stored, replaces the old snapshot;
 * - same version, identical content → idempotent success (a resend after a lost answer);
 * - same version with other content, or a lower version → 409 naming the stored version.
 * Whatever was stored, the portal sync is queued unless the portal already has this version;
 * if the queue refuses, the caller gets a 503 and resends — the write itself is idempotent.
 */
/** A snapshot plus the item's bookkeeping must stay under DynamoDB's 400 KB item limit. */
export const maxStoredSnapshotBytes = maxStoredJsonBytes;

export async function upsertDossier(snapshot: DossierSnapshot, ports: UpsertPorts): Promise<UpsertResult> {
  const json = JSON.stringify(snapshot);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > maxStoredSnapshotBytes) throw new TooLargeToStoreError(bytes, maxStoredSnapshotBytes);
  const candidate: StoredDossier = {
    dossierCode: snapshot.dossierCode,
    version: snapshot.version,
    contentHash: contentHashOfJson(json),
    snapshot,
    storedAt: ports.now().toISOString(),
  };
  // Every version received is on the timeline with its answer, once per number and content: a
  // stored one by its own write, a refused one here (one more call, on the 409 path only).
  const write = await ports.putSnapshotIfNewer(candidate);
  if (!write.written && write.current.state && !alreadyRecorded(candidate, write.current)) await ports.recordVersion(candidate, write.current.state.version);
  const outcome = write.written ? 'stored' : classifyRejectedWrite(candidate, write.current);
  const revision = write.written ? 0 : (write.current.overlay?.revision ?? 0);
  const portal = portalSyncView({ version: candidate.version, revision }, write.written ? undefined : write.current.portalSync);

  if (portal.state !== 'synced') {
    try {
      await ports.enqueuePortalSync({ dossierCode: candidate.dossierCode, version: candidate.version, origin: 'api' });
    } catch (error) {
      throw new DependencyUnavailableError(
        'the snapshot is stored but could not be queued for the portal; resend the same request',
        enqueueRetryAfterSeconds,
        { cause: error },
      );
    }
  }
  return { dossierCode: candidate.dossierCode, version: candidate.version, outcome, sync: { portal } };
}

/** The stored version and STATE's recent ones were recorded when they were written (same number and content). */
function alreadyRecorded(candidate: StoredDossier, current: DossierPartition): boolean {
  const same = (v: { version: number; contentHash: string }) => v.version === candidate.version && v.contentHash === candidate.contentHash;
  return (current.state !== undefined && same(current.state)) || (current.recentVersions?.some(same) ?? false);
}

function classifyRejectedWrite(candidate: StoredDossier, current: DossierPartition): 'unchanged' {
  const stored = current.state;
  if (!stored) {
    // The condition failed yet nothing is stored: only a concurrent delete could do this.
    throw new DependencyUnavailableError('the dossier changed while it was being written; resend', 1);
  }
  if (stored.version === candidate.version && stored.contentHash === candidate.contentHash) return 'unchanged';
  const detail =
    stored.version === candidate.version
      ? `version ${candidate.version} is already stored with different content; send a higher version`
      : `version ${candidate.version} is older than the stored version ${stored.version}`;
  throw new VersionConflictError(detail, stored.version);
}
