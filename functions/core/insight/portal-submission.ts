import type { DossierSnapshot } from '../../../contracts/api/dossier';
import type { StoredDossier } from '../dossier/dossier-records';
import type { StoredEvent } from '../delivery/event-records';

/**
 * A dossier a citizen submitted online on the national portal, as the gateway saw it pass
 * (the `dossier.submitted` callback it relays to the city). Kept so the slow-reception clock runs
 * from the submission even when the city never stores the dossier (never PUT): the insight worker
 * scores it as submitted and not received until a city snapshot replaces it.
 */
export interface PortalSubmission {
  readonly dossierCode: string;
  readonly snapshot: DossierSnapshot;
  /** When the gateway accepted the callback. */
  readonly recordedAt: string;
}

export interface SubmissionPorts {
  readonly readEvent: (eventId: string) => Promise<StoredEvent | undefined>;
  /** The unit's code for a name the portal uses (DonViXuLy), as learnt from the city's snapshots. */
  readonly unitCodeByName: (name: string) => Promise<string | undefined>;
  /** Keeps the first record for a dossier (a resent callback changes nothing). */
  readonly putSubmissionOnce: (submission: PortalSubmission) => Promise<void>;
}

export type SubmissionOutcome = 'recorded' | 'not_a_submission';

export async function recordPortalSubmission(eventId: string, ports: SubmissionPorts): Promise<SubmissionOutcome> {
  const event = await ports.readEvent(eventId);
  const payload = event?.payload as { type?: string; data?: { dossier?: Omit<DossierSnapshot, 'version'> } } | undefined;
  if (!event || payload?.type !== 'dossier.submitted' || !payload.data?.dossier) return 'not_a_submission';
  const dossier = payload.data.dossier;
  // The portal names the unit only; the city's code keeps the dossier in the unit's scorecard.
  const code = dossier.handlingUnit.code ?? (await ports.unitCodeByName(dossier.handlingUnit.name));
  const snapshot = { ...dossier, version: 0, handlingUnit: { ...dossier.handlingUnit, ...(code ? { code } : {}) } } as DossierSnapshot;
  await ports.putSubmissionOnce({ dossierCode: event.dossierCode ?? dossier.dossierCode, snapshot, recordedAt: event.receivedAt });
  return 'recorded';
}

/** The submission as the stored state the scorecard reads (version 0: the city has not stored it). */
export function submissionAsState(submission: PortalSubmission): StoredDossier {
  return { dossierCode: submission.dossierCode, version: 0, contentHash: '', snapshot: submission.snapshot, storedAt: submission.recordedAt };
}
