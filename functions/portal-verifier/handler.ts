import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { readDossier } from '../adapters/dossier/dossier-store';
import { lookupDossier } from '../adapters/portal/portal-client';
import { portalConfig } from '../adapters/portal/portal-config';
import { enqueuePortalSync } from '../adapters/portal/portal-sync-queue';
import * as verificationStore from '../adapters/portal/portal-verification-store';
import { verificationConfig } from '../config/verification-config';
import { verifyPortalCopies } from '../core/portal/portal-verification';
import { logger } from '../observability/logger';
import { emitMetric } from '../observability/metrics';

export const handler = middy<ScheduledEvent, unknown>().handler(async (_event, context) => {
  const config = verificationConfig();
  const report = await verifyPortalCopies({
    ...verificationStore,
    readDossier,
    lookupDossier,
    enqueuePortalSync,
    statusMap: portalConfig().statusMap,
    // The divergence alarm counts the metric; the line says which dossier (no personal data: the code,
    // the acknowledged version, the differing field names).
    reportDivergence: (dossierCode, verification, reopened) => {
      emitMetric('portalDivergences', {});
      logger.warn('portal divergence', { dossierCode, reopened, ...verification });
    },
    settleSeconds: config.settleSeconds,
    recheckSeconds: config.recheckSeconds,
    timeLeftMs: () => context.getRemainingTimeInMillis(),
    now: () => new Date(),
  });
  logger.info('portal verification', { ...report });
  return report;
});
