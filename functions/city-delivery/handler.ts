import { CityDeliveryMessage } from '../../contracts/messages/city-delivery';
import { cityCallOutcome } from '../adapters/city/city-call-outcome';
import { isRetryable, postToCity } from '../adapters/city/city-client';
import { cityConfig } from '../adapters/city/city-config';
import { cityParking } from '../adapters/city/city-parking';
import { markEvent, nextDeliveryAttempt, readEvent, recordDeliveryAttempt, reopenEvent, scheduleEventRetry } from '../adapters/events/event-store';
import { once } from '../config/once';
import { deliverToCity } from '../core/delivery/city-delivery';
import { logger } from '../observability/logger';
import { partnerGated, partnerGateFor, partnerRetryCounter } from '../queue/partner-gated';
import { parseQueueMessage } from '../queue/parse-message';
import { queueWorker } from '../queue/worker';

const gate = once(() => partnerGateFor('city', 'cityDelivery'));
const pacedPost = once(() => gate().guard(postToCity, cityCallOutcome));

export const handler = queueWorker(
  'cityDelivery',
  partnerGated(gate, cityParking, async (record) => {
    const { eventId } = parseQueueMessage(CityDeliveryMessage, record);
    const outcome = await deliverToCity(eventId, {
      readEvent,
      nextDeliveryAttempt,
      recordDeliveryAttempt,
      markEvent,
      reopenEvent,
      scheduleEventRetry,
      postToCity: pacedPost(),
      isRetryable,
      retryScheduleSeconds: cityConfig().retryScheduleSeconds,
      now: () => new Date(),
    });
    logger.info('city delivery', { eventId, outcome });
  }),
  { onRetry: partnerRetryCounter('cityDelivery') },
);
