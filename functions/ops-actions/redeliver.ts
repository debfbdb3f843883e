import { enqueueCityDelivery } from '../adapters/city/city-delivery-queue';
import { readEvent } from '../adapters/events/event-store';
import { reopenDeliveredEvent } from '../adapters/ops/ops-store';
import { NotFoundError } from '../core/errors';

/**
 * Queues an event for the city again, whatever its state: a failed one is reopened by the worker
 * when the message arrives; a delivered one (the city says its system lost it) is reopened here,
 * its retry schedule starting over. The city receives the same webhook-id, so a city that still
 * has it can tell the resend apart.
 */
export async function redeliver(eventId: string, now = new Date()) {
  const event = await readEvent(eventId);
  if (!event) throw new NotFoundError(`no event with id "${eventId}"`);
  if (event.status === 'delivered') await reopenDeliveredEvent(eventId, event.deliveryAttempts ?? 0, now.toISOString());
  await enqueueCityDelivery({ eventId });
  return { eventId, previousStatus: event.status, queued: true };
}
