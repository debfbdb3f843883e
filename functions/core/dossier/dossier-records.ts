import type { DossierSnapshot } from '../../../contracts/api/dossier';

/** The city's snapshot as the gateway holds it (the STATE item). */
export interface StoredDossier {
  readonly dossierCode: string;
  readonly version: number;
  readonly contentHash: string;
  readonly snapshot: DossierSnapshot;
  readonly storedAt: string;
}

/** A payment the gateway confirmed itself, as the overlay keeps it. */
export interface OverlayPayment {
  readonly reference: string;
  readonly amount: number;
  readonly fees: readonly { code: string; name: string; amount: number }[];
  readonly paidAt: string;
  readonly provider: string;
}

/**
 * Facts the gateway learned itself (the OVERLAY item), merged into what the sync sends. The city
 * owns the snapshot and its version; the gateway owns the overlay and its revision.
 */
export interface DossierOverlay {
  readonly revision: number;
  readonly payments: Readonly<Record<string, OverlayPayment>>;
}

/** What the portal must have acknowledged for a dossier to be in sync: both numbers. */
export interface SyncTarget {
  readonly version: number;
  readonly revision: number;
}

export function syncTargetOf(partition: DossierPartition & { state: StoredDossier }): SyncTarget {
  return { version: partition.state.version, revision: partition.overlay?.revision ?? 0 };
}

/** A failed attempt, as GET shows it. `version` is the snapshot version the attempt carried. */
export interface SyncError {
  readonly code: string;
  readonly message: string;
  readonly permanent: boolean;
  readonly at: string;
  readonly version: number;
}

/** What the portal has acknowledged and how the last attempts went (the SYNC#PORTAL item). */
export interface PortalSyncRecord {
  /** Highest city version the portal acknowledged; never decreases. */
  readonly ackVersion?: number;
  /** Overlay revision acknowledged together with ackVersion. */
  readonly ackRevision?: number;
  readonly ackedAt?: string;
  /** Portal calls started for this dossier (every attempt, successful or not). */
  readonly attempts: number;
  readonly lastAttemptAt?: string;
  readonly nextAttemptAt?: string;
  readonly lastError?: SyncError;
  /** Consecutive failed attempts; drives the backoff; reset by an acknowledgement. */
  readonly failureStreak?: number;
  /** The portal holds the dossier, so DongBoHoSoMC is sent with isUpdating "True". */
  readonly portalHasDossier?: boolean;
  /** History step ids the portal acknowledged (CapNhatTienDoHoSoMC). */
  readonly sentStepIds?: ReadonlySet<string>;
  /** An attempt's outcome is unknown: the next one asks the portal (TraCuuHoSo) before sending. */
  readonly readBackNeeded?: boolean;
  /** When the last attempt with an unknown outcome ran; kept after the ack for the verifier. */
  readonly ambiguousAt?: string;
  /** The steps of a CapNhatTienDoHoSoMC call whose answer was lost (in doubt until read back). */
  readonly ambiguousStepIds?: ReadonlySet<string>;
  /** The verifier found the portal's copy diverging from the acknowledgement: sync again. */
  readonly reopenedAt?: string;
  /** The verifier's last comparison of the portal's copy with the acknowledgement. */
  readonly verification?: PortalVerification;
  /**
   * The holder of the portal lease. Every attempt removes it as it ends (with the acknowledgement
   * or on release), so a lease the next attempt finds still there (expired) was left by an attempt
   * that ended without writing its outcome: its container crashed or timed out mid-call.
   */
  readonly leaseOwner?: string;
  /** An operator dismissed an unrepairable divergence (the reason is in the ledger record of the action). */
  readonly divergenceDismissedAt?: string;
  readonly divergenceDismissedBy?: string;
}

/** What the verifier found the last time it compared the portal's copy with the acknowledgement. */
export interface PortalVerification {
  readonly checkedAt: string;
  readonly outcome: 'match' | 'diverged';
  readonly ackVersion: number;
  readonly divergence: PortalDivergence | null;
}

/** How the portal's copy differs: payload fields (portal names) and steps. */
export interface PortalDivergence {
  readonly fields: readonly string[];
  readonly missingSteps: number;
  readonly duplicatedSteps: number;
  readonly portalHasDossier: boolean;
}

/** Every item of one dossier's partition that the gateway reads together. */
export interface DossierPartition {
  readonly state?: StoredDossier;
  /** Versions (number and content) whose fingerprints STATE itself keeps (its recent stored versions): recorded already. */
  readonly recentVersions?: readonly { readonly version: number; readonly contentHash: string }[];
  readonly overlay?: DossierOverlay;
  readonly portalSync?: PortalSyncRecord;
}

export type PutSnapshotResult = { readonly written: true } | { readonly written: false; readonly current: DossierPartition };

/** What the timeline shows of a version the city sent (`storedAt`: when it was received): no snapshot, so no personal data. */
export interface DossierVersionRecord {
  readonly version: number;
  readonly storedAt: string;
  readonly contentHash: string;
  readonly status: string;
  /**
   * What the gateway answered, recorded where it was decided (202 stored, 409 refused): the order
   * of `storedAt` (taken when a request starts) cannot tell under concurrent writes. Absent on
   * records written before it was kept; the timeline infers those from the order.
   */
  readonly outcome?: 'stored' | 'refused';
  /** For a refused version: the version stored when it was refused (from the read that follows the failed write). */
  readonly refusedWhileStored?: number;
}
