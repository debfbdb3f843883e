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

export const handler = middy<ScheduledEvent, unknown>().handler(async (_event, context) => {
  const config = verificationConfig();
  const report = await verifyPortalCopies({
    ...verificationStore,
    readDossier,
    lookupDossier,
    enqueuePortalSync,
    statusMap: portalConfig().statusMap,
    // The divergence counter: this line, counted by a CloudWatch metric filter (metric
    // PortalVerifierDivergences, infra/constructs/observability.ts), as the other partner alarms
    // count theirs. No personal data: the code, the acknowledged version, the differing field names.
    reportDivergence: (dossierCode, verification, reopened) => logger.warn('portal divergence', { dossierCode, reopened, ...verification }),
    settleSeconds: config.settleSeconds,
    recheckSeconds: config.recheckSeconds,
    timeLeftMs: () => context.getRemainingTimeInMillis(),
    now: () => new Date(),
  });
  logger.info('portal verification', { ...report });
  return report;
});
