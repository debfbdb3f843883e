import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import * as z from '../../contracts/zod-mini';
import { envInt } from '../config/env-number';
import { portalSyncRecords, pendingDossiers } from '../adapters/portal/portal-pending-index';
import { enqueuePortalSyncBatch } from '../adapters/portal/portal-sync-queue';
import { loadEnv, once } from '../config/env';
import { sweepPortalBacklog } from '../core/portal/portal-sweeper';
import { logger } from '../observability/logger';

const settings = once(() =>
  loadEnv(z.object({ PORTAL_SWEEP_STALE_SECONDS: envInt(0, 86_400, 300) })),
);

export const handler = middy<ScheduledEvent, unknown>().handler(async () => {
  const report = await sweepPortalBacklog({
    pendingDossiers,
    portalSyncRecords,
    enqueuePortalSyncBatch,
    staleSeconds: settings().PORTAL_SWEEP_STALE_SECONDS,
    now: () => new Date(),
  });
  logger.info('portal sweep', { ...report });
  if (report.failedToEnqueue > 0) throw new Error(`${report.failedToEnqueue} nudges could not be enqueued`);
  return report;
});
