import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SyncError } from '../core/dossier-records';
import { documentClient } from './dynamodb-client';
import { dossierKeys, PORTAL_VERIFY } from './dossier-keys';
import { tableName } from './resource-names';

/** Writes to a dossier's SYNC#PORTAL item (and the STATE pending marker). Each is one update. */

const syncKey = (dossierCode: string) => ({ pk: dossierKeys.partitionOf(dossierCode), sk: dossierKeys.SYNC_PORTAL });

async function update(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<boolean> {
  try {
    await documentClient().send(new UpdateCommand({ TableName: tableName('dossiers'), ...input }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function recordAttemptStarted(dossierCode: string, at: string): Promise<void> {
  await update({
    Key: syncKey(dossierCode),
    UpdateExpression: 'SET attempts = if_not_exists(attempts, :zero) + :one, lastAttemptAt = :at',
    ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':at': at },
  });
}

export async function recordPortalHasDossier(dossierCode: string): Promise<void> {
  await update({ Key: syncKey(dossierCode), UpdateExpression: 'SET portalHasDossier = :yes', ExpressionAttributeValues: { ':yes': true } });
}

/** A string set: re-sent ids collapse, so at-least-once delivery never duplicates a record. */
export async function recordStepsSent(dossierCode: string, stepIds: readonly string[]): Promise<void> {
  if (stepIds.length === 0) return;
  await update({ Key: syncKey(dossierCode), UpdateExpression: 'ADD sentStepIds :ids', ExpressionAttributeValues: { ':ids': new Set(stepIds) } });
}

export async function recordFailure(dossierCode: string, error: SyncError, failureStreak: number, nextAttemptAt: string | undefined): Promise<void> {
  await update({
    Key: syncKey(dossierCode),
    UpdateExpression: nextAttemptAt
      ? 'SET lastError = :error, failureStreak = :streak, nextAttemptAt = :next'
      : 'SET lastError = :error, failureStreak = :streak REMOVE nextAttemptAt',
    ExpressionAttributeValues: { ':error': error, ':streak': failureStreak, ...(nextAttemptAt ? { ':next': nextAttemptAt } : {}) },
  });
}

/**
 * Records the portal's acknowledgement of a city version and an overlay revision. The condition
 * makes both monotonic: a slow worker finishing an older push cannot pull either back. The same
 * pair again is accepted only to close a sync the verifier reopened. Returns false when an
 * acknowledgement at least as new was already there. Clears the read-back state; `verifyDueAt`
 * puts the dossier on the verifier's list.
 */
export async function recordAcknowledged(dossierCode: string, version: number, revision: number, at: string, verifyDueAt?: string): Promise<boolean> {
  return update({
    Key: syncKey(dossierCode),
    UpdateExpression:
      'SET ackVersion = :version, ackRevision = :revision, ackedAt = :at, failureStreak = :zero' +
      (verifyDueAt ? ', portalVerify = :verify, portalVerifyDueAt = :due' : '') +
      ' REMOVE lastError, nextAttemptAt, readBackNeeded, ambiguousStepIds, reopenedAt',
    ConditionExpression:
      'attribute_not_exists(ackVersion) OR (ackVersion <= :version AND (attribute_not_exists(ackRevision) OR ackRevision <= :revision) AND (attribute_exists(reopenedAt) OR NOT (ackVersion = :version AND ackRevision = :revision)))',
    ExpressionAttributeValues: {
      ':version': version,
      ':revision': revision,
      ':at': at,
      ':zero': 0,
      ...(verifyDueAt ? { ':verify': PORTAL_VERIFY, ':due': verifyDueAt } : {}),
    },
  });
}

/**
 * Drops the dossier from the sweeper's index, but only if the stored snapshot and the overlay
 * revision are still the ones acknowledged: anything newer keeps its marker and its own nudge.
 */
export async function clearPortalPending(dossierCode: string, ackVersion: number, ackRevision: number): Promise<void> {
  await update({
    Key: { pk: dossierKeys.partitionOf(dossierCode), sk: dossierKeys.STATE },
    UpdateExpression: 'REMOVE portalSyncPending, portalSyncPendingSince',
    ConditionExpression: 'version <= :ack AND (attribute_not_exists(overlayRevision) OR overlayRevision <= :revision)',
    ExpressionAttributeValues: { ':ack': ackVersion, ':revision': ackRevision },
  });
}

/**
 * Takes the dossier's portal lease: only its holder pushes the dossier, so two workers can never
 * deliver two snapshots of one dossier to the portal out of order. The lease expires on its own
 * (a crashed worker cannot block the dossier for longer than `seconds`).
 */
export async function acquirePortalLease(dossierCode: string, owner: string, now: Date, seconds: number): Promise<boolean> {
  return update({
    Key: syncKey(dossierCode),
    UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until',
    ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :owner',
    ExpressionAttributeValues: {
      ':owner': owner,
      ':until': new Date(now.getTime() + seconds * 1000).toISOString(),
      ':now': now.toISOString(),
    },
  });
}

export async function releasePortalLease(dossierCode: string, owner: string): Promise<void> {
  await update({
    Key: syncKey(dossierCode),
    UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
    ConditionExpression: 'leaseOwner = :owner',
    ExpressionAttributeValues: { ':owner': owner },
  });
}
