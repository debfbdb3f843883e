import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { readDossier } from '../adapters/dossier-store';
import { lookupDossier } from '../adapters/portal/portal-client';
import { portalConfig } from '../adapters/portal/portal-config';
import { enqueuePortalSync } from '../adapters/portal-sync-queue';
import * as verificationStore from '../adapters/portal-verification-store';
import { verificationConfig } from '../config/verification-config';
import { verifyPortalCopies } from '../core/portal-verification';
import { logger } from '../observability/logger';

/**
 * The divergence counter: a structured log line a CloudWatch metric filter counts (metric
 * `PortalDivergences`), the way the gateway's other partner alarms count theirs. No personal
 * data: the dossier code, the acknowledged version and the names of the differing fields.
 */
export const divergenceLogLine = 'portal divergence';

export const handler = middy<ScheduledEvent, unknown>().handler(async (_event, context) => {
  const config = verificationConfig();
  const report = await verifyPortalCopies({
    ...verificationStore,
    readDossier,
    lookupDossier,
    enqueuePortalSync,
    statusMap: portalConfig().statusMap,
    reportDivergence: (dossierCode, verification, reopened) =>
      logger.warn(divergenceLogLine, { metric: 'PortalDivergences', value: 1, dossierCode, reopened, ...verification }),
    settleSeconds: config.settleSeconds,
    recheckSeconds: config.recheckSeconds,
    timeLeftMs: () => context.getRemainingTimeInMillis(),
    now: () => new Date(),
  });
  logger.info('portal verification', { ...report });
  return report;
});
