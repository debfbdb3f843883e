import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { paginateQuery, paginateScan, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryAttempt, StoredEvent } from '../../core/delivery/event-records';
import type { StoredPayment } from '../../core/payment/payment-records';
import type { PortalSyncRecord } from '../../core/dossier/dossier-records';
import { documentClient } from '../aws/dynamodb-client';
import { dossierKeys, PORTAL_DIVERGED, PORTAL_PENDING, portalPendingIndex, portalVerifyIndex } from '../dossier/dossier-keys';
import { EVENT_UNDELIVERED, eventUndeliveredIndex } from '../events/event-keys';
import { portalSyncRecords } from '../portal/portal-pending-index';
import { tableName } from '../aws/resource-names';

/** Reads of the stores for operators: the sparse indexes first, so a healthy gateway costs little. */

export interface LaggingDossier {
  readonly dossierCode: string;
  readonly version: number;
  readonly status: string;
  readonly unitCode?: string;
  readonly procedureCode: string;
  readonly pendingSince: string;
  readonly storedAt: string;
  readonly sync?: PortalSyncRecord;
}

/** Dossiers whose portal acknowledgement lags since before `olderThan`, oldest first, with their sync record. */
export async function laggingDossiers(olderThan: string, limit: number, keep: (d: LaggingDossier) => boolean = () => true): Promise<{ items: LaggingDossier[]; truncated: boolean }> {
  const items: LaggingDossier[] = [];
  const pages = paginateQuery(
    { client: documentClient() },
    {
      TableName: tableName('dossiers'),
      IndexName: portalPendingIndex,
      KeyConditionExpression: 'portalSyncPending = :pending AND portalSyncPendingSince < :olderThan',
      ExpressionAttributeValues: { ':pending': PORTAL_PENDING, ':olderThan': olderThan },
      // Only what the list shows: never the applicant.
      ProjectionExpression: 'dossierCode, version, storedAt, portalSyncPendingSince, #s.#status, #s.handlingUnit.code, #s.#procedure.code',
      ExpressionAttributeNames: { '#s': 'snapshot', '#status': 'status', '#procedure': 'procedure' },
      Limit: 100,
    },
  );
  for await (const page of pages) {
    const found = (page.Items ?? []).map((item) => {
      const snapshot = (item.snapshot ?? {}) as { status?: string; handlingUnit?: { code?: string }; procedure?: { code?: string } };
      return {
        dossierCode: item.dossierCode as string,
        version: item.version as number,
        status: snapshot.status ?? 'unknown',
        unitCode: snapshot.handlingUnit?.code,
        procedureCode: snapshot.procedure?.code ?? '',
        pendingSince: item.portalSyncPendingSince as string,
        storedAt: item.storedAt as string,
      };
    });
    const syncs = await portalSyncRecords(found.map((d) => d.dossierCode));
    for (const dossier of found) {
      const withSync = { ...dossier, sync: syncs.get(dossier.dossierCode) };
      if (!keep(withSync)) continue;
      if (items.length >= limit) return { items, truncated: true };
      items.push(withSync);
    }
  }
  return { items, truncated: false };
}

/**
 * Events neither delivered nor dead-lettered (the events-undelivered sparse index), oldest due
 * first. Dead-lettered events are listed with the city queue's dead letters.
 */
export async function undeliveredEvents(limit: number, keep: (e: StoredEvent) => boolean = () => true): Promise<{ items: StoredEvent[]; truncated: boolean }> {
  const items: StoredEvent[] = [];
  const pages = paginateQuery(
    { client: documentClient() },
    {
      TableName: tableName('events'),
      IndexName: eventUndeliveredIndex,
      KeyConditionExpression: 'undelivered = :undelivered',
      ExpressionAttributeNames: { '#status': 'status', '#type': 'type' },
      ExpressionAttributeValues: { ':undelivered': EVENT_UNDELIVERED },
      ProjectionExpression: 'eventId, #type, dossierCode, #status, receivedAt, deliveryAttempts',
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      if (!keep(item as StoredEvent)) continue;
      if (items.length >= limit) return { items, truncated: true };
      items.push(item as StoredEvent);
    }
  }
  return { items: items.sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : 1)), truncated: false };
}

/**
 * Divergences the verifier could not repair (steps duplicated at the portal): the verify index's
 * DIVERGED partition, latest found first. Repairable ones reopen the sync and are lagging dossiers.
 */
export async function unrepairedDivergences(limit: number): Promise<{ items: (PortalSyncRecord & { dossierCode: string })[]; truncated: boolean }> {
  const items: (PortalSyncRecord & { dossierCode: string })[] = [];
  const pages = paginateQuery(
    { client: documentClient() },
    {
      TableName: tableName('dossiers'),
      IndexName: portalVerifyIndex,
      KeyConditionExpression: 'portalVerify = :diverged',
      ExpressionAttributeValues: { ':diverged': PORTAL_DIVERGED },
      ScanIndexForward: false,
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      if (items.length >= limit) return { items, truncated: true };
      items.push({ ...(item as unknown as PortalSyncRecord), dossierCode: (item.pk as string).slice('DOSSIER#'.length) });
    }
  }
  return { items, truncated: false };
}

/**
 * Takes a dossier off the DIVERGED partition (an operator dismissed its unrepairable divergence),
 * noting when and by whom on the sync item; the verifier's finding stays there for the timeline.
 * Returns the finding dismissed, or undefined when the dossier was not in that partition.
 */
export async function dismissDivergence(dossierCode: string, at: string, operator: string): Promise<PortalSyncRecord | undefined> {
  try {
    const { Attributes } = await documentClient().send(
      new UpdateCommand({
        TableName: tableName('dossiers'),
        Key: { pk: dossierKeys.partitionOf(dossierCode), sk: dossierKeys.SYNC_PORTAL },
        UpdateExpression: 'SET divergenceDismissedAt = :at, divergenceDismissedBy = :operator REMOVE portalVerify, portalVerifyDueAt',
        ConditionExpression: 'portalVerify = :diverged',
        ExpressionAttributeValues: { ':at': at, ':operator': operator, ':diverged': PORTAL_DIVERGED },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes as PortalSyncRecord | undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** PENDING payments created before `olderThan` (the reconcile index), and payments with exceptions (a filtered scan). */
export async function paymentsNeedingReview(olderThan: string, limit: number): Promise<{ pending: StoredPayment[]; withExceptions: StoredPayment[]; truncated: boolean }> {
  const pending: StoredPayment[] = [];
  let truncated = false;
  const pendingPages = paginateQuery(
    { client: documentClient() },
    {
      TableName: tableName('payments'),
      IndexName: 'payments-to-reconcile',
      KeyConditionExpression: 'reconcile = :kind AND createdAt < :olderThan',
      ExpressionAttributeValues: { ':kind': 'PENDING', ':olderThan': olderThan },
    },
  );
  for await (const page of pendingPages) {
    for (const item of page.Items ?? []) {
      if (pending.length >= limit) truncated = true;
      else pending.push(item as StoredPayment);
    }
    if (truncated) break;
  }

  const withExceptions: StoredPayment[] = [];
  const exceptionPages = paginateScan(
    { client: documentClient() },
    { TableName: tableName('payments'), FilterExpression: 'size(#exceptions) > :zero', ExpressionAttributeNames: { '#exceptions': 'exceptions' }, ExpressionAttributeValues: { ':zero': 0 } },
  );
  for await (const page of exceptionPages) {
    for (const item of page.Items ?? []) {
      if (withExceptions.length >= limit) truncated = true;
      else withExceptions.push(item as StoredPayment);
    }
    if (truncated) break;
  }
  return { pending, withExceptions, truncated };
}

/** A dossier's events (the events-by-dossier index) with their delivery attempts. */
export async function eventsOfDossier(dossierCode: string): Promise<{ event: StoredEvent; attempts: DeliveryAttempt[] }[]> {
  const { Items = [] } = await documentClient().send(
    new QueryCommand({
      TableName: tableName('events'),
      IndexName: 'events-by-dossier',
      KeyConditionExpression: 'dossierCode = :code',
      ExpressionAttributeValues: { ':code': dossierCode },
      Limit: 200,
    }),
  );
  return Promise.all(
    Items.map(async (item) => {
      const { Items: attempts = [] } = await documentClient().send(
        new QueryCommand({
          TableName: tableName('events'),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :attempt)',
          ExpressionAttributeValues: { ':pk': item.pk, ':attempt': 'ATTEMPT#' },
        }),
      );
      return { event: item as StoredEvent, attempts: attempts as DeliveryAttempt[] };
    }),
  );
}

export async function paymentsOfDossier(dossierCode: string): Promise<StoredPayment[]> {
  const { Items = [] } = await documentClient().send(
    new QueryCommand({
      TableName: tableName('payments'),
      IndexName: 'payments-by-dossier',
      KeyConditionExpression: 'dossierCode = :code',
      ExpressionAttributeValues: { ':code': dossierCode },
      Limit: 100,
    }),
  );
  return Items as StoredPayment[];
}

/**
 * Makes the next nudge push at once: the scheduled backoff is dropped; with `forget`, the
 * acknowledgement too (an operator says the portal's copy must be sent again — "mark as
 * unsynced"), and the dossier joins the pending index so the sweeper heals a lost nudge.
 */
export async function clearPortalBackoff(dossierCode: string, forget: boolean, now: string): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName('dossiers'),
      Key: { pk: dossierKeys.partitionOf(dossierCode), sk: dossierKeys.SYNC_PORTAL },
      UpdateExpression: forget ? 'REMOVE nextAttemptAt, ackVersion, ackRevision' : 'REMOVE nextAttemptAt',
    }),
  );
  if (forget) {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName('dossiers'),
        Key: { pk: dossierKeys.partitionOf(dossierCode), sk: dossierKeys.STATE },
        UpdateExpression: 'SET portalSyncPending = :pending, portalSyncPendingSince = if_not_exists(portalSyncPendingSince, :now)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':pending': PORTAL_PENDING, ':now': now },
      }),
    );
  }
}

/** Dossiers stored within [from, to) with their unit and procedure (a filtered scan of STATE items; operator-initiated only). */
export async function storedDossiers(from: string, to: string, limit: number): Promise<{ dossierCode: string; unitCode?: string; procedureCode: string; storedAt: string }[]> {
  const found: { dossierCode: string; unitCode?: string; procedureCode: string; storedAt: string }[] = [];
  const pages = paginateScan(
    { client: documentClient() },
    {
      TableName: tableName('dossiers'),
      FilterExpression: 'sk = :state AND storedAt >= :from AND storedAt < :to',
      ProjectionExpression: 'dossierCode, storedAt, #s.handlingUnit.code, #s.#procedure.code',
      ExpressionAttributeNames: { '#s': 'snapshot', '#procedure': 'procedure' },
      ExpressionAttributeValues: { ':state': dossierKeys.STATE, ':from': from, ':to': to },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const snapshot = (item.snapshot ?? {}) as { handlingUnit?: { code?: string }; procedure?: { code?: string } };
      found.push({ dossierCode: item.dossierCode as string, storedAt: item.storedAt as string, unitCode: snapshot.handlingUnit?.code, procedureCode: snapshot.procedure?.code ?? '' });
      if (found.length >= limit * 10) return found;
    }
  }
  return found;
}

/**
 * An operator re-delivers an event the city already acknowledged (its system lost it): back to
 * `queued` with its retry schedule restarting, and on the sweeper's index so a lost nudge heals.
 * False when the event was not `delivered` (any other state is delivered by a plain nudge).
 */
export async function reopenDeliveredEvent(eventId: string, attemptsSoFar: number, now: string): Promise<boolean> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName('events'),
        Key: { pk: `EVENT#${eventId}`, sk: 'EVENT' },
        UpdateExpression: 'SET #status = :queued, attemptsBeforeRedrive = :before, undelivered = :undelivered, undeliveredDueAt = :now',
        ConditionExpression: '#status = :delivered',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':queued': 'queued', ':delivered': 'delivered', ':before': attemptsSoFar, ':undelivered': EVENT_UNDELIVERED, ':now': now },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
