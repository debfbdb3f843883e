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
import { reportPortalDivergence } from '../observability/portal-divergence';

export const handler = middy<ScheduledEvent, unknown>().handler(async (_event, context) => {
  const config = verificationConfig();
  const report = await verifyPortalCopies({
    ...verificationStore,
    readDossier,
    lookupDossier,
    enqueuePortalSync,
    statusMap: portalConfig().statusMap,
    reportDivergence: (dossierCode, verification, reopened) => reportPortalDivergence(dossierCode, verification, reopened, 'verifier'),
    settleSeconds: config.settleSeconds,
    recheckSeconds: config.recheckSeconds,
    timeLeftMs: () => context.getRemainingTimeInMillis(),
    now: () => new Date(),
  });
  logger.info('portal verification', { ...report });
  return report;
});
