/** Key layout of the dossiers table (DESIGN.md §5), shared by its repositories. */
export const dossierKeys = {
  partitionOf: (dossierCode: string) => `DOSSIER#${dossierCode}`,
  STATE: 'STATE',
  OVERLAY: 'OVERLAY',
  SYNC_PORTAL: 'SYNC#PORTAL',
  /**
   * Received versions' fingerprints (number, time, content hash; never the snapshot) in a
   * partition of their own, so the readers of a dossier's partition never read its whole history:
   * refused versions, and stored ones once STATE's recent list is full (dossier-version-store.ts).
   */
  versionsPartitionOf: (dossierCode: string) => `DOSSIER#${dossierCode}#VERSIONS`,
  /** Zero-padded to the contract's largest version, so the sort key orders versions numerically. */
  versionKey: (version: number) => `VERSION#${String(version).padStart(16, '0')}`,
} as const;

/** Sparse index key: present on STATE while the portal lags; the sweeper queries it. */
export const PORTAL_PENDING = 'PORTAL';
export const portalPendingIndex = 'portal-sync-pending';

/** Sparse index key: present on SYNC#PORTAL while the dossier is on the verifier's list. */
export const PORTAL_VERIFY = 'PORTAL';
/**
 * The same index's other partition: a divergence no re-sync can repair (steps duplicated at the
 * portal), kept for operators (sort key: when it was found). The verifier reads only `PORTAL`.
 */
export const PORTAL_DIVERGED = 'DIVERGED';
export const portalVerifyIndex = 'portal-verify-due';
