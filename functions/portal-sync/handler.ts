import { PortalSyncMessage } from '../../contracts/messages/portal-sync';
import { readDossier } from '../adapters/dossier/dossier-store';
import { nudgeInsight } from '../adapters/insight/insight-queue';
import { portalCallOutcome } from '../adapters/portal/portal-call-outcome';
import type { PortalDossier } from '../../contracts/portal/dossier';
import type { PortalStep } from '../../contracts/portal/progress';
import type { PortalCallContext } from '../adapters/portal/portal-client';
import { lookupDossier, pushDossier, pushSteps } from '../adapters/portal/portal-client';
import { portalConfig } from '../adapters/portal/portal-config';
import { portalParking } from '../adapters/portal/portal-parking';
import * as syncStore from '../adapters/portal/portal-sync-store';
import { forgetStepsSent, recordOutcomeUnknown } from '../adapters/portal/portal-verification-store';
import { backoffFromEnv } from '../config/backoff-config';
import { once } from '../config/once';
import { verificationConfig } from '../config/verification-config';
import { maxBackoffSeconds } from '../core/partners/backoff';
import { syncDossierToPortal } from '../core/portal/portal-sync';
import { partnerGated, partnerGateFor, partnerRetryCounter } from '../queue/partner-gated';
import { parseQueueMessage } from '../queue/parse-message';
import { queueWorker } from '../queue/worker';
import { logger } from '../observability/logger';
import { emitMetric } from '../observability/metrics';

const gate = once(() => partnerGateFor('portal', 'portalSync'));

/** Every request of a portal call waits for its slot at the shared pace (a login is a request too). */
const paced = <C extends PortalCallContext>(context: C): C => ({ ...context, beforeRequest: () => gate().pace() });

const ports = once(() => ({
  ...syncStore,
  readDossier,
  pushDossier: gate().observe((dossier: PortalDossier, portalHasIt: boolean, context: PortalCallContext) => pushDossier(dossier, portalHasIt, paced(context)), portalCallOutcome),
  pushSteps: gate().observe((steps: readonly PortalStep[], context: PortalCallContext) => pushSteps(steps, paced(context)), portalCallOutcome),
  lookupDossier: gate().observe((dossierCode: string, context: PortalCallContext) => lookupDossier(dossierCode, paced(context)), portalCallOutcome),
  recordOutcomeUnknown,
  forgetStepsSent,
  verification: verificationConfig().sampling,
  readBackGraceSeconds: verificationConfig().readBackGraceSeconds,
  statusMap: portalConfig().statusMap,
  backoff: backoffFromEnv('PORTAL_SYNC', { baseSeconds: 5, maxSeconds: maxBackoffSeconds }),
  now: () => new Date(),
  backoffWaived: (failedAt: string | undefined) => gate().outageExplains(failedAt),
}));

export const handler = queueWorker(
  'portalSync',
  partnerGated(gate, portalParking, async (record) => {
    const nudge = parseQueueMessage(PortalSyncMessage, record);
    const outcome = await syncDossierToPortal(nudge, record.messageId, ports());
    logger.info('portal sync', { dossierCode: nudge.dossierCode, nudgedVersion: nudge.version, origin: nudge.origin, ...outcome });
    if (outcome.kind === 'coalesced') emitMetric('coalescedNudges', {});
    else if (outcome.syncLagMs !== undefined) emitMetric('portalSyncLag', {}, outcome.syncLagMs);
    // The acknowledgement decides "synced on time" in the shadow scorecard.
    if (outcome.kind === 'synced') await nudgeInsight({ dossierCode: nudge.dossierCode, origin: 'portal_ack' });
  }),
  { onRetry: partnerRetryCounter('portalSync') },
);
