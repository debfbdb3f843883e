/** Key layout of the dossiers table (DESIGN.md §5), shared by its repositories. */
export const dossierKeys = {
  partitionOf: (dossierCode: string) => `DOSSIER#${dossierCode}`,
  STATE: 'STATE',
  OVERLAY: 'OVERLAY',
  SYNC_PORTAL: 'SYNC#PORTAL',
} as const;

/** Sparse index key: present on STATE while the portal lags; the sweeper queries it. */
export const PORTAL_PENDING = 'PORTAL';
export const portalPendingIndex = 'portal-sync-pending';

/** Sparse index key: present on SYNC#PORTAL while the dossier is on the verifier's list. */
export const PORTAL_VERIFY = 'PORTAL';
export const portalVerifyIndex = 'portal-verify-due';
