import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { enqueueInsightBatch } from '../adapters/insight/insight-queue';
import { checksDue } from '../adapters/insight/insight-store';
import { insightConfig } from '../config/insight-config';
import { sweepDeadlines } from '../core/insight/deadline-sweep';
import { logger } from '../observability/logger';

export const handler = middy<ScheduledEvent, unknown>().handler(async () => {
  const report = await sweepDeadlines({
    checksDue,
    enqueueInsightBatch,
    now: () => new Date(),
    lookbackDays: insightConfig().checkLookbackDays,
    maxPerRun: 5000,
  });
  logger.info('deadline sweep', { ...report });
  if (report.failedToEnqueue > 0) throw new Error(`${report.failedToEnqueue} insight nudges could not be enqueued`);
  return report;
});
