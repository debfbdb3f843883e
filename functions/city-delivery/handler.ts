import { CityDeliveryMessage } from '../../contracts/messages/city-delivery';
import { isRetryable, postToCity } from '../adapters/city/city-client';
import { cityConfig } from '../adapters/city/city-config';
import { markEvent, nextDeliveryAttempt, readEvent, recordDeliveryAttempt, reopenEvent, scheduleEventRetry } from '../adapters/event-store';
import { deliverToCity } from '../core/city-delivery';
import { logger } from '../observability/logger';
import { parseQueueMessage } from '../queue/parse-message';
import { queueWorker } from '../queue/worker';

export const handler = queueWorker('cityDelivery', async (record) => {
  const { eventId } = parseQueueMessage(CityDeliveryMessage, record);
  const outcome = await deliverToCity(eventId, {
    readEvent,
    nextDeliveryAttempt,
    recordDeliveryAttempt,
    markEvent,
    reopenEvent,
    scheduleEventRetry,
    postToCity,
    isRetryable,
    retryScheduleSeconds: cityConfig().retryScheduleSeconds,
    now: () => new Date(),
  });
  logger.info('city delivery', { eventId, outcome });
});
