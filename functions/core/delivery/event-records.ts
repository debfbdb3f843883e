import type { CityEvent } from '../../../contracts/api/city-events';

/** An inbound partner event as stored (the EVENT item): the idempotency record and the payload. */
export interface StoredEvent {
  readonly eventId: string;
  /** Who the event came from: the portal's callbacks, or the gateway itself (a confirmed payment). */
  readonly source: 'portal' | 'gateway';
  readonly type: string;
  readonly dossierCode: string;
  /** SHA-256 of the raw body: tells a resend from a replay with other content. */
  readonly bodyHash: string;
  readonly payload: CityEvent;
  readonly receivedAt: string;
  readonly status: 'received' | 'queued' | 'delivered' | 'failed';
  readonly deliveryAttempts?: number;
  /** Attempts made before the last operator redrive; the retry schedule restarts after it. */
  readonly attemptsBeforeRedrive?: number;
  /**
   * While the event is neither delivered nor dead-lettered: when its next delivery attempt is due
   * (its receipt, then each retry's schedule). The event sweeper re-queues events long past it.
   */
  readonly undeliveredDueAt?: string;
}

/** One delivery attempt to the city system (an ATTEMPT#n item). */
export interface DeliveryAttempt {
  readonly attempt: number;
  readonly at: string;
  readonly outcome: 'delivered' | 'retryable' | 'rejected';
  readonly httpStatus: number | null;
  readonly durationMs: number;
  readonly error: string | null;
}

export type StoreEventResult = { readonly stored: true } | { readonly stored: false; readonly existing: StoredEvent };
