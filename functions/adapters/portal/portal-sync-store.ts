import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SyncError } from '../../core/dossier/dossier-records';
import type { AckAlongside, LeaseResult } from '../../core/portal/portal-sync';
import { documentClient } from '../aws/dynamodb-client';
import { dossierKeys, PORTAL_VERIFY } from '../dossier/dossier-keys';
import { toPortalSyncRecord } from '../dossier/dossier-store';
import { tableName } from '../aws/resource-names';

/** Writes to a dossier's SYNC#PORTAL item (and the STATE pending marker). Each is one update. */

const syncKey = (dossierCode: string) => ({ pk: dossierKeys.partitionOf(dossierCode), sk: dossierKeys.SYNC_PORTAL });

type UpdateInput = Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>;

async function update(input: UpdateInput): Promise<boolean> {
  return (await updateReturning(input)) !== false;
}

/** The update's returned attributes (per its ReturnValues), or false when its condition failed. */
async function updateReturning(input: UpdateInput): Promise<Record<string, unknown> | undefined | false> {
  try {
    const { Attributes } = await documentClient().send(new UpdateCommand({ TableName: tableName('dossiers'), ...input }));
    return Attributes;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function recordPortalHasDossier(dossierCode: string): Promise<void> {
  await update({ Key: syncKey(dossierCode), UpdateExpression: 'SET portalHasDossier = :yes', ExpressionAttributeValues: { ':yes': true } });
}

/**
 * A string set: re-sent ids collapse, so at-least-once delivery never duplicates a record.
 * `portalHasDossier` records in the same write that the portal now holds the dossier.
 */
export async function recordStepsSent(dossierCode: string, stepIds: readonly string[], portalHasDossier?: boolean): Promise<void> {
  if (stepIds.length === 0) {
    if (portalHasDossier) await recordPortalHasDossier(dossierCode);
    return;
  }
  await update({
    Key: syncKey(dossierCode),
    UpdateExpression: `ADD sentStepIds :ids${portalHasDossier ? ' SET portalHasDossier = :yes' : ''}`,
    ExpressionAttributeValues: { ':ids': new Set(stepIds), ...(portalHasDossier ? { ':yes': true } : {}) },
  });
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
 *
 * With `alongside`, the same write also records the attempt's last steps and that the portal holds
 * the dossier, and releases the lease — and is then conditional on still holding it too (false
 * when not): one round trip where four were, no weaker condition on any of them.
 */
export async function recordAcknowledged(dossierCode: string, version: number, revision: number, at: string, verifyDueAt?: string, alongside?: AckAlongside): Promise<boolean> {
  const set = ['ackVersion = :version', 'ackRevision = :revision', 'ackedAt = :at', 'failureStreak = :zero'];
  const remove = ['lastError', 'nextAttemptAt', 'readBackNeeded', 'ambiguousStepIds', 'reopenedAt'];
  const values: Record<string, unknown> = { ':version': version, ':revision': revision, ':at': at, ':zero': 0 };
  let condition =
    '(attribute_not_exists(ackVersion) OR (ackVersion <= :version AND (attribute_not_exists(ackRevision) OR ackRevision <= :revision) AND (attribute_exists(reopenedAt) OR NOT (ackVersion = :version AND ackRevision = :revision))))';
  if (verifyDueAt) {
    set.push('portalVerify = :verify', 'portalVerifyDueAt = :due');
    Object.assign(values, { ':verify': PORTAL_VERIFY, ':due': verifyDueAt });
  }
  let add = '';
  if (alongside) {
    if (alongside.portalHasDossier) {
      set.push('portalHasDossier = :yes');
      values[':yes'] = true;
    }
    if (alongside.stepIds.length > 0) {
      add = ' ADD sentStepIds :ids';
      values[':ids'] = new Set(alongside.stepIds);
    }
    remove.push('leaseOwner', 'leaseUntil');
    condition += ' AND leaseOwner = :owner';
    values[':owner'] = alongside.leaseOwner;
  }
  return update({
    Key: syncKey(dossierCode),
    UpdateExpression: `SET ${set.join(', ')} REMOVE ${remove.join(', ')}${add}`,
    ConditionExpression: condition,
    ExpressionAttributeValues: values,
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
 * (a crashed worker cannot block the dossier for longer than `seconds`). The same write starts
 * the attempt (attempts, lastAttemptAt) and returns the record as it was before, so the holder
 * sees what another holder acknowledged or scheduled without reading again.
 */
export async function acquirePortalLease(dossierCode: string, owner: string, now: Date, seconds: number): Promise<LeaseResult> {
  const before = await updateReturning({
    Key: syncKey(dossierCode),
    UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until, attempts = if_not_exists(attempts, :zero) + :one, lastAttemptAt = :now',
    ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :owner',
    ExpressionAttributeValues: {
      ':owner': owner,
      ':until': new Date(now.getTime() + seconds * 1000).toISOString(),
      ':now': now.toISOString(),
      ':zero': 0,
      ':one': 1,
    },
    ReturnValues: 'ALL_OLD',
  });
  if (before === false) return { acquired: false };
  return { acquired: true, before: before && toPortalSyncRecord(before) };
}

/** `undoAttempt`: no call was made under the lease after all, so the attempt it started is taken back. */
export async function releasePortalLease(dossierCode: string, owner: string, undoAttempt?: { lastAttemptAt: string | undefined }): Promise<void> {
  const undo = undoAttempt ? (undoAttempt.lastAttemptAt ? ' SET attempts = attempts - :one, lastAttemptAt = :last' : ' SET attempts = attempts - :one') : '';
  const removeLast = undoAttempt && !undoAttempt.lastAttemptAt ? ', lastAttemptAt' : '';
  await update({
    Key: syncKey(dossierCode),
    UpdateExpression: `REMOVE leaseOwner, leaseUntil${removeLast}${undo}`,
    ConditionExpression: 'leaseOwner = :owner',
    ExpressionAttributeValues: {
      ':owner': owner,
      ...(undoAttempt ? { ':one': 1 } : {}),
      ...(undoAttempt?.lastAttemptAt ? { ':last': undoAttempt.lastAttemptAt } : {}),
    },
  });
}
