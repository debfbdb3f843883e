import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryAttempt, StoredEvent, StoreEventResult } from '../../core/delivery/event-records';
import { ignoreConditionFailed } from '../aws/condition-failed';
import { documentClient } from '../aws/dynamodb-client';
import { EVENT_UNDELIVERED } from './event-keys';
import { tableName } from '../aws/resource-names';

/** Events are kept 30 days: longer than any partner retries, so a late resend is still recognised. */
const retentionSeconds = 30 * 24 * 3600;

const key = (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: 'EVENT' });
const attemptKey = (eventId: string, attempt: number) => ({ pk: `EVENT#${eventId}`, sk: `ATTEMPT#${String(attempt).padStart(6, '0')}` });
const expiresAt = (from: string) => Math.floor(Date.parse(from) / 1000) + retentionSeconds;

/** Stores an event once per id; a second store returns what is already there. */
export async function storeEventOnce(event: StoredEvent): Promise<StoreEventResult> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName('events'),
        // On the sweeper's sparse index until delivered or dead-lettered: due at once.
        Item: { ...key(event.eventId), ...event, undelivered: EVENT_UNDELIVERED, undeliveredDueAt: event.receivedAt, expiresAt: expiresAt(event.receivedAt) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { stored: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const existing = await readEvent(event.eventId);
    if (!existing) throw error;
    return { stored: false, existing };
  }
}

export async function readEvent(eventId: string): Promise<StoredEvent | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName('events'), Key: key(eventId), ConsistentRead: true }));
  return Item as StoredEvent | undefined;
}

/** Moves an event forward only (received → queued → delivered | failed). */
export async function markEvent(eventId: string, status: 'queued' | 'delivered' | 'failed'): Promise<void> {
  const from = { queued: ['received'], delivered: ['received', 'queued'], failed: ['received', 'queued'] }[status];
  await documentClient()
    .send(
      new UpdateCommand({
        TableName: tableName('events'),
        Key: key(eventId),
        // Delivered or dead-lettered: off the sweeper's index.
        UpdateExpression: status === 'queued' ? 'SET #status = :status' : 'SET #status = :status REMOVE undelivered, undeliveredDueAt',
        ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ...Object.fromEntries(from.map((f, i) => [`:from${i}`, f])) },
      }),
    )
    .catch(ignoreConditionFailed);
}

/** Back to `queued` from `failed`, remembering how many attempts came before the redrive. */
export async function reopenEvent(eventId: string, attemptsSoFar: number): Promise<void> {
  await documentClient()
    .send(
      new UpdateCommand({
        TableName: tableName('events'),
        Key: key(eventId),
        // Back on the sweeper's index: a redriven message can be lost too.
        UpdateExpression: 'SET #status = :queued, #before = :before, undelivered = :undelivered, undeliveredDueAt = :now',
        ConditionExpression: '#status = :failed',
        ExpressionAttributeNames: { '#status': 'status', '#before': 'attemptsBeforeRedrive' },
        ExpressionAttributeValues: { ':queued': 'queued', ':failed': 'failed', ':before': attemptsSoFar, ':undelivered': EVENT_UNDELIVERED, ':now': new Date().toISOString() },
      }),
    )
    .catch(ignoreConditionFailed);
}

/** A retry is scheduled: the sweeper leaves the event alone until well past `dueAt`. */
export async function scheduleEventRetry(eventId: string, dueAt: string): Promise<void> {
  await documentClient()
    .send(
      new UpdateCommand({
        TableName: tableName('events'),
        Key: key(eventId),
        UpdateExpression: 'SET undeliveredDueAt = :due',
        ConditionExpression: 'attribute_exists(undelivered)',
        ExpressionAttributeValues: { ':due': dueAt },
      }),
    )
    .catch(ignoreConditionFailed);
}

/**
 * Claims a re-queue of a stuck event: moves its due time from the one the claimant saw to `dueAt`.
 * Only one of two concurrent sweeps (or a sweep and a resend) wins; false for the loser.
 */
export async function claimEventRequeue(eventId: string, seenDueAt: string, dueAt: string): Promise<boolean> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName('events'),
        Key: key(eventId),
        UpdateExpression: 'SET undeliveredDueAt = :due',
        ConditionExpression: 'attribute_exists(undelivered) AND undeliveredDueAt = :seen',
        ExpressionAttributeValues: { ':due': dueAt, ':seen': seenDueAt },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Numbers delivery attempts atomically, so concurrent redeliveries never share a number. */
export async function nextDeliveryAttempt(eventId: string): Promise<number> {
  const { Attributes } = await documentClient().send(
    new UpdateCommand({
      TableName: tableName('events'),
      Key: key(eventId),
      UpdateExpression: 'ADD deliveryAttempts :one',
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Attributes?.deliveryAttempts as number;
}

export async function recordDeliveryAttempt(eventId: string, attempt: DeliveryAttempt): Promise<void> {
  await documentClient().send(
    new PutCommand({ TableName: tableName('events'), Item: { ...attemptKey(eventId, attempt.attempt), ...attempt, expiresAt: expiresAt(attempt.at) } }),
  );
}

/** The event and all its attempts, oldest first, in one query. */
export async function readEventWithAttempts(eventId: string): Promise<{ event?: StoredEvent; attempts: DeliveryAttempt[] }> {
  const { Items = [] } = await documentClient().send(
    new QueryCommand({
      TableName: tableName('events'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `EVENT#${eventId}` },
      ConsistentRead: true,
    }),
  );
  const event = Items.find((item) => item.sk === 'EVENT') as StoredEvent | undefined;
  const attempts = Items.filter((item) => String(item.sk).startsWith('ATTEMPT#')).map((item) => {
    const { attempt, at, outcome, httpStatus, durationMs, error } = item as DeliveryAttempt;
    return { attempt, at, outcome, httpStatus, durationMs, error };
  });
  return { event, attempts };
}

/**
 * A delivery attempt made as a partner probe while the city was down does not count towards the
 * event's retry schedule (the schedule restarts after it, as after a redrive): an outage alone must
 * never exhaust it. The attempt itself stays in the history.
 */
export async function forgiveDeliveryAttempts(eventId: string): Promise<void> {
  await documentClient()
    .send(
      new UpdateCommand({
        TableName: tableName('events'),
        Key: key(eventId),
        UpdateExpression: 'SET #before = deliveryAttempts',
        ConditionExpression: '#status IN (:received, :queued) AND attribute_exists(deliveryAttempts)',
        ExpressionAttributeNames: { '#status': 'status', '#before': 'attemptsBeforeRedrive' },
        ExpressionAttributeValues: { ':received': 'received', ':queued': 'queued' },
      }),
    )
    .catch(ignoreConditionFailed);
}
