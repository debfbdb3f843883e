import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { enqueueCityDelivery } from '../adapters/city/city-delivery-queue';
import { claimEventRequeue, markEvent } from '../adapters/events/event-store';
import { overdueEvents } from '../adapters/events/event-sweep-index';
import { eventSweepSettings } from '../config/event-sweep-config';
import { sweepUndeliveredEvents } from '../core/delivery/event-sweeper';
import { logger } from '../observability/logger';

export const handler = middy<ScheduledEvent, unknown>().handler(async () => {
  const report = await sweepUndeliveredEvents({
    overdueEvents,
    claimEventRequeue,
    enqueueCityDelivery,
    markEvent,
    staleSeconds: eventSweepSettings().EVENT_SWEEP_STALE_SECONDS,
    now: () => new Date(),
  });
  logger.info('event sweep', { ...report });
  if (report.failedToEnqueue > 0) throw new Error(`${report.failedToEnqueue} events could not be queued again`);
  return report;
});
