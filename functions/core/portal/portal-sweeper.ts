import type { PortalSyncMessage } from '../../../contracts/messages/portal-sync';
import type { PortalSyncRecord } from '../dossier/dossier-records';
import type { PendingDossier } from './portal-sweep';
import { needsNudge } from './portal-sweep';

export interface SweeperPorts {
  readonly pendingDossiers: (olderThan: string) => AsyncIterable<PendingDossier[]>;
  readonly portalSyncRecords: (dossierCodes: readonly string[]) => Promise<Map<string, PortalSyncRecord>>;
  readonly enqueuePortalSyncBatch: (messages: readonly PortalSyncMessage[]) => Promise<string[]>;
  readonly staleSeconds: number;
  readonly now: () => Date;
}

export interface SweepReport {
  readonly examined: number;
  readonly nudged: number;
  readonly failedToEnqueue: number;
}

/** Re-enqueues dossiers whose nudge was lost: the sync heals itself (DESIGN.md §2). */
export async function sweepPortalBacklog(ports: SweeperPorts): Promise<SweepReport> {
  const now = ports.now();
  const olderThan = new Date(now.getTime() - ports.staleSeconds * 1000).toISOString();
  let examined = 0;
  let nudged = 0;
  let failedToEnqueue = 0;
  for await (const page of ports.pendingDossiers(olderThan)) {
    examined += page.length;
    const records = await ports.portalSyncRecords(page.map((d) => d.dossierCode));
    const lagging = page.filter((d) => needsNudge(d, records.get(d.dossierCode), now, ports.staleSeconds));
    const rejected = await ports.enqueuePortalSyncBatch(lagging.map((d) => ({ dossierCode: d.dossierCode, version: d.version, origin: 'sweeper' })));
    nudged += lagging.length - rejected.length;
    failedToEnqueue += rejected.length;
  }
  return { examined, nudged, failedToEnqueue };
}
