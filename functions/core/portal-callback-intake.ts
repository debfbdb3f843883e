import { createHash } from 'node:crypto';
import { CityEvent } from '../../contracts/api/city-events';
import type { CityDeliveryMessage } from '../../contracts/messages/city-delivery';
import { PortalCallback } from '../../contracts/portal/callbacks';
import type { PortalStatusMap } from '../../contracts/portal/status-mapping';
import { parseJsonBody } from '../http/json-body';
import { toFieldErrors } from '../http/field-errors';
import { dossierCodeOf, toCityEvent } from '../translate/portal-callback';
import { DependencyUnavailableError, EventReplayedError, SignatureRejectedError, TooLargeToStoreError, ValidationError } from './errors';

/** The stored event (translated payload plus bookkeeping) must fit a 400 KB DynamoDB item. */
const maxStoredEventBytes = 350_000;
import type { StoredEvent, StoreEventResult } from './event-records';
import { verifyStandardWebhook, WebhookSignatureError } from './standard-webhooks';

export interface CallbackIntakePorts {
  readonly secrets: () => Promise<readonly string[]>;
  readonly storeEventOnce: (event: StoredEvent) => Promise<StoreEventResult>;
  readonly markEvent: (eventId: string, status: 'queued') => Promise<void>;
  readonly enqueueCityDelivery: (message: CityDeliveryMessage) => Promise<void>;
  readonly statusMap: PortalStatusMap;
  readonly now: () => Date;
  /** Told once the signature verified: from then on the request is the portal's (the ledger records it as such). */
  readonly authenticated?: () => void;
}

export interface IntakeResult {
  readonly status: 200 | 202;
  readonly eventId: string;
  readonly outcome: 'accepted' | 'duplicate';
  readonly type: string;
}

/**
 * A portal callback, in the order DESIGN.md §7 requires: the signature over the exact raw body
 * first (nothing is parsed before it verifies), then JSON, then the event contract, then the
 * translation to the city's model. Stored once per webhook-id, then queued, then answered:
 * a resend of a stored event is answered 200 and changes nothing; the same id with another body
 * is refused as a replay.
 */
export async function acceptPortalCallback(
  rawBody: string,
  headers: Record<string, string | undefined>,
  ports: CallbackIntakePorts,
): Promise<IntakeResult> {
  let webhookId: string;
  try {
    webhookId = verifyStandardWebhook(rawBody, headers, await ports.secrets()).id;
  } catch (error) {
    if (error instanceof WebhookSignatureError) throw new SignatureRejectedError(error.failure);
    throw error;
  }
  ports.authenticated?.();

  const parsed = PortalCallback.safeParse(parseJsonBody(rawBody, headers));
  if (!parsed.success) throw new ValidationError(toFieldErrors(parsed.error, 'body'));
  const callback = parsed.data;

  let payload: CityEvent;
  try {
    payload = CityEvent.parse(toCityEvent(callback, ports.statusMap));
  } catch (error) {
    // A code or value the portal contract allows but the canonical model cannot hold.
    throw new ValidationError([{ location: 'body', path: '/data', message: `cannot be translated for the city: ${(error as Error).message.slice(0, 300)}` }]);
  }

  const payloadBytes = Buffer.byteLength(JSON.stringify(payload), 'utf8');
  if (payloadBytes > maxStoredEventBytes) throw new TooLargeToStoreError(payloadBytes, maxStoredEventBytes);

  const event: StoredEvent = {
    eventId: webhookId,
    source: 'portal',
    type: callback.type,
    dossierCode: dossierCodeOf(callback),
    bodyHash: createHash('sha256').update(rawBody).digest('hex'),
    payload,
    receivedAt: ports.now().toISOString(),
    status: 'received',
  };
  const stored = await ports.storeEventOnce(event);
  if (!stored.stored) {
    if (stored.existing.bodyHash !== event.bodyHash) {
      throw new EventReplayedError(`webhook-id ${webhookId} was received before with a different body; nothing was processed`);
    }
    // Stored earlier but maybe never queued (the queue failed): finish the job now.
    if (stored.existing.status !== 'received') return { status: 200, eventId: webhookId, outcome: 'duplicate', type: callback.type };
  }

  try {
    await ports.enqueueCityDelivery({ eventId: webhookId });
  } catch (error) {
    throw new DependencyUnavailableError('the event is stored but could not be queued; resend it', 5, { cause: error });
  }
  await ports.markEvent(webhookId, 'queued');
  return { status: stored.stored ? 202 : 200, eventId: webhookId, outcome: stored.stored ? 'accepted' : 'duplicate', type: callback.type };
}
