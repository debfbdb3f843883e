import type { PartnerSyncState } from '../../contracts/api/dossier-view';
import type { PortalSyncRecord } from './dossier-records';

/**
 * The sync state shown to callers: `synced` once the portal acknowledged the stored version,
 * `failed` when the last attempt was rejected for good, otherwise `pending`.
 */
export function portalSyncView(storedVersion: number, record: PortalSyncRecord | undefined): PartnerSyncState {
  const ackVersion = record?.ackVersion ?? null;
  const synced = ackVersion !== null && ackVersion >= storedVersion;
  // A permanent rejection only fails the version it was about; a newer snapshot gets a new try.
  const failed = !synced && record?.lastError?.permanent === true && record.lastError.version >= storedVersion;
  return {
    state: synced ? 'synced' : failed ? 'failed' : 'pending',
    ackVersion,
    attempts: record?.attempts ?? 0,
    lastAttemptAt: record?.lastAttemptAt ?? null,
    nextAttemptAt: synced ? null : (record?.nextAttemptAt ?? null),
    lastError: record?.lastError
      ? { code: record.lastError.code, message: record.lastError.message, permanent: record.lastError.permanent, at: record.lastError.at }
      : null,
  };
}
