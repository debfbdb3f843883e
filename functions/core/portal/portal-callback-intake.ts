import { createHash } from 'node:crypto';
import { CityEvent } from '../../../contracts/api/city-events';
import type { CityDeliveryMessage } from '../../../contracts/messages/city-delivery';
import { EventId } from '../../../contracts/messages/city-delivery';
import { maxStoredJsonBytes } from '../../../contracts/platform/limits';
import { PortalCallback } from '../../../contracts/portal/callbacks';
import type { PortalStatusMap } from '../../../contracts/portal/status-mapping';
import { parseJsonBody } from '../../http/json-body';
import { toFieldErrors, toJsonPointer } from '../../http/field-errors';
import { dossierCodeOf, toCityEvent } from '../../translate/portal-callback';
import { portalFieldOfCanonical } from '../../translate/portal-field-paths';
import { DependencyUnavailableError, EventReplayedError, SignatureRejectedError, TooLargeToStoreError, ValidationError } from '../errors';
import type { StoredEvent, StoreEventResult } from '../delivery/event-records';
import { verifyStandardWebhook, WebhookSignatureError } from '../partners/standard-webhooks';
import type { EventRequeuePorts } from '../delivery/event-sweeper';
import { isStuck, requeueStuckEvent } from '../delivery/event-sweeper';

export interface CallbackIntakePorts extends EventRequeuePorts {
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
  readonly dossierCode: string;
}

/**
 * A portal callback, in the order DESIGN.md §7 requires: the signature over the exact raw body
 * first (nothing is parsed before it verifies), then JSON, then the event contract, then the
 * translation to the city's model. Stored once per webhook-id, then queued, then answered:
 * a resend of a stored event is answered 200 and changes nothing — unless the event is stuck (its
 * queue message lost, long past its due time): then the resend queues it again. The same id with
 * another body is refused as a replay.
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
  // The id becomes the event's key, the queue message and the city's webhook-id: refuse what any
  // of them would refuse, before anything is stored (a longer id used to be acknowledged, then
  // dead-lettered by the queue worker, and the city never heard of the event).
  const id = EventId.safeParse(webhookId);
  if (!id.success) {
    throw new ValidationError(id.error.issues.map((issue) => ({ location: 'header', path: '/webhook-id', message: issue.message })));
  }

  const parsed = PortalCallback.safeParse(parseJsonBody(rawBody, headers));
  if (!parsed.success) throw new ValidationError(toFieldErrors(parsed.error, 'body'));
  const callback = parsed.data;

  let translated: unknown;
  try {
    translated = toCityEvent(callback, ports.statusMap);
  } catch (error) {
    // A code the portal contract allows but the configured status map cannot read back.
    throw new ValidationError([{ location: 'body', path: '/data', message: `cannot be translated for the city: ${(error as Error).message}` }]);
  }
  const city = CityEvent.safeParse(translated);
  if (!city.success) {
    // A value the portal contract allows but the canonical model cannot hold: name the field as sent.
    throw new ValidationError(city.error.issues.map((issue) => ({ location: 'body', path: callbackPathOf(callback, issue.path), message: `cannot be held for the city: ${issue.message}` })));
  }
  const payload: CityEvent = city.data;

  const payloadBytes = Buffer.byteLength(JSON.stringify(payload), 'utf8');
  if (payloadBytes > maxStoredJsonBytes) throw new TooLargeToStoreError(payloadBytes, maxStoredJsonBytes);

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
    if (stored.existing.status === 'queued' && isStuck(stored.existing, ports.now(), ports.staleSeconds)) {
      try {
        await requeueStuckEvent(stored.existing, ports);
      } catch (error) {
        throw new DependencyUnavailableError('the event is stuck and could not be queued again; resend it', 5, { cause: error });
      }
    }
    // Stored earlier but maybe never queued (the queue failed): finish the job now.
    if (stored.existing.status !== 'received') return { status: 200, eventId: webhookId, outcome: 'duplicate', type: callback.type, dossierCode: event.dossierCode };
  }

  try {
    await ports.enqueueCityDelivery({ eventId: webhookId });
  } catch (error) {
    throw new DependencyUnavailableError('the event is stored but could not be queued; resend it', 5, { cause: error });
  }
  await ports.markEvent(webhookId, 'queued');
  return { status: stored.stored ? 202 : 200, eventId: webhookId, outcome: stored.stored ? 'accepted' : 'duplicate', type: callback.type, dossierCode: event.dossierCode };
}

/** A path in the city event → the JSON Pointer of the callback body field it was made from. */
function callbackPathOf(callback: PortalCallback, cityPath: readonly PropertyKey[]): string {
  if (callback.type !== 'dossier.submitted' || cityPath[1] !== 'dossier') return toJsonPointer(cityPath);
  return `/data/dossier${portalFieldOfCanonical(cityPath.slice(2), callback.data.dossier)}`;
}
