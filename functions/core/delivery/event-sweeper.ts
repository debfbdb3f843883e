import type { CityDeliveryMessage } from '../../../contracts/messages/city-delivery';
import type { StoredEvent } from './event-records';

/** An event on the sweeper's index: neither delivered nor dead-lettered. */
export interface UndeliveredEvent {
  readonly eventId: string;
  readonly status: StoredEvent['status'];
  readonly undeliveredDueAt: string;
}

export interface EventRequeuePorts {
  /** Moves the due time from the one seen to `dueAt`; false when someone else moved it first. */
  readonly claimEventRequeue: (eventId: string, seenDueAt: string, dueAt: string) => Promise<boolean>;
  readonly enqueueCityDelivery: (message: CityDeliveryMessage) => Promise<void>;
  readonly markEvent: (eventId: string, status: 'queued') => Promise<void>;
  /** How far past its due time an event must be before it counts as stuck (its message lost). */
  readonly staleSeconds: number;
  readonly now: () => Date;
}

export interface EventSweeperPorts extends EventRequeuePorts {
  readonly overdueEvents: (dueBefore: string) => AsyncIterable<UndeliveredEvent[]>;
}

export interface EventSweepReport {
  readonly examined: number;
  readonly requeued: number;
  readonly failedToEnqueue: number;
}

/**
 * Stuck: not delivered, not dead-lettered, and long past the time its next attempt was due. A
 * message in flight or waiting out a retry is never stuck: each retry moves the due time on.
 */
export function isStuck(event: Pick<StoredEvent, 'status' | 'receivedAt' | 'undeliveredDueAt'>, now: Date, staleSeconds: number): boolean {
  if (event.status !== 'received' && event.status !== 'queued') return false;
  const due = Date.parse(event.undeliveredDueAt ?? event.receivedAt);
  return now.getTime() - due > staleSeconds * 1000;
}

/**
 * Queues a stuck event again, once: the claim moves its due time to now, so a concurrent sweep or
 * resend does not queue it twice, and the next re-queue waits another stale period. Returns
 * false when another re-queue won the claim.
 */
export async function requeueStuckEvent(event: Pick<StoredEvent, 'eventId' | 'status' | 'receivedAt' | 'undeliveredDueAt'>, ports: EventRequeuePorts): Promise<boolean> {
  const seen = event.undeliveredDueAt ?? event.receivedAt;
  if (!(await ports.claimEventRequeue(event.eventId, seen, ports.now().toISOString()))) return false;
  await ports.enqueueCityDelivery({ eventId: event.eventId });
  if (event.status === 'received') await ports.markEvent(event.eventId, 'queued');
  return true;
}

/** Re-queues every event whose message was lost (DESIGN.md §6: nothing accepted stays undelivered). */
export async function sweepUndeliveredEvents(ports: EventSweeperPorts): Promise<EventSweepReport> {
  const now = ports.now();
  const dueBefore = new Date(now.getTime() - ports.staleSeconds * 1000).toISOString();
  let examined = 0;
  let requeued = 0;
  let failedToEnqueue = 0;
  for await (const page of ports.overdueEvents(dueBefore)) {
    for (const event of page) {
      examined++;
      try {
        if (await requeueStuckEvent({ ...event, receivedAt: event.undeliveredDueAt }, ports)) requeued++;
      } catch {
        // The claim moved the due time: the next sweep after a stale period tries again.
        failedToEnqueue++;
      }
    }
  }
  return { examined, requeued, failedToEnqueue };
}
