import type { PortalSyncRecord } from '../dossier/dossier-records';
import { acknowledges } from './sync-state';

export interface PendingDossier {
  readonly dossierCode: string;
  readonly version: number;
  /** The overlay revision the portal must reach (0 without an overlay). */
  readonly revision: number;
  readonly pendingSince: string;
}

/**
 * Whether a dossier whose portal acknowledgement lags needs a fresh nudge. Not when its nudge
 * may still be in flight (stored, attempted or scheduled within `staleSeconds`), and not when the
 * portal rejected this very version for good (an operator must act; the DLQ holds the reason).
 */
export function needsNudge(dossier: PendingDossier, sync: PortalSyncRecord | undefined, now: Date, staleSeconds: number): boolean {
  if (acknowledges(sync, dossier)) return false;
  if (sync?.lastError?.permanent && sync.lastError.version >= dossier.version) return false;
  const cutoff = now.getTime() - staleSeconds * 1000;
  const recent = (iso: string | undefined) => iso !== undefined && Date.parse(iso) > cutoff;
  if (recent(dossier.pendingSince) || recent(sync?.lastAttemptAt)) return false;
  // A scheduled retry that is still ahead, or only just passed, is its own message's job.
  if (sync?.nextAttemptAt && Date.parse(sync.nextAttemptAt) > cutoff) return false;
  return true;
}
