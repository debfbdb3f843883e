import type { PartnerSyncState } from '../../../contracts/api/dossier-view';
import type { PortalSyncRecord, SyncTarget } from '../dossier/dossier-records';

/**
 * Whether the portal's acknowledgement covers both the city's version and the gateway's overlay
 * revision. Component-wise: each push sends the latest of both, so neither ever goes back.
 */
export function acknowledges(record: PortalSyncRecord | undefined, target: SyncTarget): boolean {
  if (record?.ackVersion === undefined) return false;
  // The verifier saw the portal holding something else: the acknowledgement no longer stands.
  if (record.reopenedAt !== undefined) return false;
  return record.ackVersion >= target.version && (record.ackRevision ?? 0) >= target.revision;
}

/**
 * The sync state shown to callers: `synced` once the portal acknowledged the stored version (and
 * the overlay revision), `failed` when the last attempt was rejected for good, else `pending`.
 */
export function portalSyncView(target: SyncTarget, record: PortalSyncRecord | undefined): PartnerSyncState {
  const ackVersion = record?.ackVersion ?? null;
  const synced = acknowledges(record, target);
  const storedVersion = target.version;
  // A permanent rejection only fails the version it was about; a newer snapshot gets a new try.
  const failed = !synced && record?.lastError?.permanent === true && record.lastError.version >= storedVersion;
  return {
    state: synced ? 'synced' : failed ? 'failed' : 'pending',
    ackVersion,
    ackRevision: record?.ackVersion === undefined ? null : (record.ackRevision ?? 0),
    attempts: record?.attempts ?? 0,
    lastAttemptAt: record?.lastAttemptAt ?? null,
    nextAttemptAt: synced ? null : (record?.nextAttemptAt ?? null),
    lastError: record?.lastError
      ? { code: record.lastError.code, message: record.lastError.message, permanent: record.lastError.permanent, at: record.lastError.at }
      : null,
    verification: record?.verification
      ? {
          checkedAt: record.verification.checkedAt,
          outcome: record.verification.outcome,
          ackVersion: record.verification.ackVersion,
          divergence: record.verification.divergence ? { ...record.verification.divergence, fields: [...record.verification.divergence.fields] } : null,
        }
      : null,
  };
}
