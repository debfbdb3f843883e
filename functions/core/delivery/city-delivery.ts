import type { DeliveryAttempt, StoredEvent } from './event-records';
import { DeadLetterError, RetryLaterError } from '../partners/worker-outcomes';

export interface CityDeliveryPorts {
  readonly readEvent: (eventId: string) => Promise<StoredEvent | undefined>;
  readonly nextDeliveryAttempt: (eventId: string) => Promise<number>;
  readonly recordDeliveryAttempt: (eventId: string, attempt: DeliveryAttempt) => Promise<void>;
  readonly markEvent: (eventId: string, status: 'delivered' | 'failed') => Promise<void>;
  /** Reopens a failed event for delivery (an operator redrove its message from the DLQ). */
  readonly reopenEvent: (eventId: string, attemptsSoFar: number) => Promise<void>;
  /** Tells the event sweeper when the retry is due, so it never mistakes waiting for lost. */
  readonly scheduleEventRetry: (eventId: string, dueAt: string) => Promise<void>;
  readonly postToCity: (
    eventId: string,
    body: string,
  ) => Promise<{ httpStatus?: number; retryAfterSeconds?: number; durationMs: number; error?: string }>;
  readonly isRetryable: (answer: { httpStatus?: number }) => boolean;
  /** Delays before the 2nd, 3rd, … attempt; when it runs out the event is dead-lettered. */
  readonly retryScheduleSeconds: readonly number[];
  readonly now: () => Date;
}

export type DeliveryOutcome = 'delivered' | 'already-delivered';

/** The longest Retry-After honoured: SQS cannot hide a message longer than 12 h from its receive. */
const maxDelaySeconds = 11 * 60 * 60;

/**
 * Delivers one stored event to the city system, once in effect: an event already delivered is
 * not sent again; each attempt is recorded; network errors, 5xx and 429 are retried on the
 * schedule (or after Retry-After); any other 4xx, or the schedule running out, dead-letters it.
 */
export async function deliverToCity(eventId: string, ports: CityDeliveryPorts): Promise<DeliveryOutcome> {
  const event = await ports.readEvent(eventId);
  if (!event) throw new DeadLetterError('event-not-found', `no stored event ${eventId}`);
  if (event.status === 'delivered') return 'already-delivered';
  // A failed event's message was dead-lettered and deleted; if one arrives again, an operator
  // redrove it after fixing the cause: deliver it, with the retry schedule starting over.
  let attemptsBeforeRedrive = event.attemptsBeforeRedrive ?? 0;
  if (event.status === 'failed') {
    attemptsBeforeRedrive = event.deliveryAttempts ?? 0;
    await ports.reopenEvent(eventId, attemptsBeforeRedrive);
  }

  const attempt = await ports.nextDeliveryAttempt(eventId);
  const at = ports.now().toISOString();
  const answer = await ports.postToCity(eventId, JSON.stringify(event.payload));
  const delivered = answer.httpStatus !== undefined && answer.httpStatus >= 200 && answer.httpStatus < 300;
  const retryable = !delivered && ports.isRetryable(answer);
  const error = delivered ? null : (answer.error ?? `HTTP ${answer.httpStatus}`);
  await ports.recordDeliveryAttempt(eventId, {
    attempt,
    at,
    outcome: delivered ? 'delivered' : retryable ? 'retryable' : 'rejected',
    httpStatus: answer.httpStatus ?? null,
    durationMs: answer.durationMs,
    error,
  });

  if (delivered) {
    await ports.markEvent(eventId, 'delivered');
    return 'delivered';
  }
  if (!retryable) {
    await ports.markEvent(eventId, 'failed');
    throw new DeadLetterError(`city-rejected-${answer.httpStatus}`, `the city system refused the event: ${error}`);
  }
  const scheduled = ports.retryScheduleSeconds[attempt - attemptsBeforeRedrive - 1];
  if (scheduled === undefined) {
    await ports.markEvent(eventId, 'failed');
    throw new DeadLetterError('retries-exhausted', `no delivery after ${attempt} attempts; last: ${error}`);
  }
  const delay = Math.min(maxDelaySeconds, answer.retryAfterSeconds ?? scheduled);
  await ports.scheduleEventRetry(eventId, new Date(ports.now().getTime() + delay * 1000).toISOString());
  throw new RetryLaterError(answer.httpStatus ? `city-http-${answer.httpStatus}` : 'city-unreachable', delay, `delivery attempt ${attempt} failed: ${error}`);
}
