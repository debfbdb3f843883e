import type { DeliveryAttempt, StoredEvent } from './event-records';
import { NotFoundError } from '../errors';

/** What an operator sees of an event: its type, dossier, status and every attempt — no payload. */
export function deliveryView(eventId: string, found: { event?: StoredEvent; attempts: DeliveryAttempt[] }) {
  if (!found.event) throw new NotFoundError(`no event with id "${eventId}"`);
  const { event, attempts } = found;
  return { eventId, type: event.type, dossierCode: event.dossierCode, receivedAt: event.receivedAt, status: event.status, attempts };
}
