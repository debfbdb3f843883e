import { CityDeliveryMessage } from '../../../contracts/messages/city-delivery';
import type { Parking } from '../../core/partners/partner-gate';
import { enqueueCityDeliveryBatch } from './city-delivery-queue';
import { forgiveDeliveryAttempts } from '../events/event-store';
import { anyParkedCityEvent, parkCityEvent, parkedCityEvents, unparkCityEvents } from '../events/parked-events';

/**
 * A city delivery is parked as a PARKED item (the event record itself already holds the payload),
 * written before its message is deleted; the release queues them all again, then forgets them.
 */
export const cityParking: Parking = {
  park: async (record) => {
    // A malformed body fails here as it would in the worker (and is dead-lettered there).
    const { eventId } = CityDeliveryMessage.parse(JSON.parse(record.body));
    await parkCityEvent(eventId, new Date().toISOString());
  },
  oneParked: async () => {
    const eventId = await anyParkedCityEvent();
    return eventId === undefined ? undefined : JSON.stringify({ eventId } satisfies CityDeliveryMessage);
  },
  // A probe's failed attempt is the outage's: it must not use up the event's retry schedule.
  probeFailed: async (body) => forgiveDeliveryAttempts((JSON.parse(body) as CityDeliveryMessage).eventId),
  release: releaseParkedCityEvents,
};

/** Queues every parked delivery again, then forgets it; a crash in between only delivers twice (harmless). */
export async function releaseParkedCityEvents(): Promise<number> {
  let released = 0;
  for await (const eventIds of parkedCityEvents()) {
    const rejected = await enqueueCityDeliveryBatch(eventIds.map((eventId) => ({ eventId })));
    if (rejected.length > 0) throw new Error(`${rejected.length} city deliveries could not be queued`);
    await unparkCityEvents(eventIds);
    released += eventIds.length;
  }
  return released;
}
