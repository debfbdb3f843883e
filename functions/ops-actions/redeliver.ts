import { enqueueCityDelivery } from '../adapters/city-delivery-queue';
import { readEvent } from '../adapters/event-store';
import { NotFoundError } from '../core/errors';
import { AlreadyDoneError } from '../core/ops/ops-errors';

/**
 * Queues an event for the city again. A failed event is reopened by the worker when the message
 * arrives (its retry schedule starts over); a delivered one is refused: the city has it, and it
 * dedups on webhook-id anyway.
 */
export async function redeliver(eventId: string) {
  const event = await readEvent(eventId);
  if (!event) throw new NotFoundError(`no event with id "${eventId}"`);
  if (event.status === 'delivered') throw new AlreadyDoneError(`event "${eventId}" was already delivered`);
  await enqueueCityDelivery({ eventId });
  return { eventId, previousStatus: event.status, queued: true };
}
