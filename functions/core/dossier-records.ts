import type { DossierSnapshot } from '../../contracts/api/dossier';

/** The city's snapshot as the gateway holds it (the STATE item). */
export interface StoredDossier {
  readonly dossierCode: string;
  readonly version: number;
  readonly contentHash: string;
  readonly snapshot: DossierSnapshot;
  readonly storedAt: string;
}

/** What the portal has acknowledged and how the last attempts went (the SYNC#PORTAL item). */
export interface PortalSyncRecord {
  readonly ackVersion?: number;
  readonly attempts: number;
  readonly lastAttemptAt?: string;
  readonly nextAttemptAt?: string;
  readonly lastError?: { code: string; message: string; permanent: boolean; at: string };
  /** Versions seen by the worker; the walking skeleton records them to prove the queue path. */
  readonly lastReceivedVersion?: number;
  readonly lastReceivedAt?: string;
}

/** Every item of one dossier's partition that the gateway reads together. */
export interface DossierPartition {
  readonly state?: StoredDossier;
  readonly portalSync?: PortalSyncRecord;
}

export type PutSnapshotResult = { readonly written: true } | { readonly written: false; readonly current: DossierPartition };
