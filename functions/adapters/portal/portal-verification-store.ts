import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PortalVerification } from '../../core/dossier/dossier-records';
import type { AckCheck } from '../../core/portal/portal-verification';
import { documentClient } from '../aws/dynamodb-client';
import { dossierKeys, PORTAL_DIVERGED, PORTAL_PENDING, PORTAL_VERIFY, portalVerifyIndex } from '../dossier/dossier-keys';
import { tableName } from '../aws/resource-names';

/**
 * The read-back and verification state of a dossier's SYNC#PORTAL item: attempts whose outcome is
 * unknown, the verifier's list (a sparse index) and its findings. Each write is one update.
 */

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

/** The acknowledgement the verifier compared against is still the stored one. */
const sameAck = {
  ConditionExpression: 'ackVersion = :ackVersion AND (ackRevision = :ackRevision OR (attribute_not_exists(ackRevision) AND :ackRevision = :zero))',
  values: (ack: AckCheck) => ({ ':ackVersion': ack.version, ':ackRevision': ack.revision, ':zero': 0 }),
};

/**
 * An attempt left the gateway and no answer came: the next one reads the portal back first. Step
 * ids in doubt accumulate (an earlier lost step call stays in doubt) until an acknowledgement.
 */
export async function recordOutcomeUnknown(dossierCode: string, at: string, stepIds: readonly string[]): Promise<void> {
  await update({
    Key: syncKey(dossierCode),
    UpdateExpression: stepIds.length > 0 ? 'SET readBackNeeded = :yes, ambiguousAt = :at ADD ambiguousStepIds :ids' : 'SET readBackNeeded = :yes, ambiguousAt = :at',
    ExpressionAttributeValues: { ':yes': true, ':at': at, ...(stepIds.length > 0 ? { ':ids': new Set(stepIds) } : {}) },
  });
}

/** Steps the portal turned out not to hold: they leave the sent set, so the next push sends them. */
export async function forgetStepsSent(dossierCode: string, stepIds: readonly string[]): Promise<void> {
  if (stepIds.length === 0) return;
  await update({ Key: syncKey(dossierCode), UpdateExpression: 'DELETE sentStepIds :ids', ExpressionAttributeValues: { ':ids': new Set(stepIds) } });
}

/** Pages through the verifier's list, earliest due first, only those due before `dueBefore`. */
export async function* dueForVerification(dueBefore: string, pageSize = 50): AsyncGenerator<string[]> {
  const pages = paginateQuery(
    { client: documentClient() },
    {
      TableName: tableName('dossiers'),
      IndexName: portalVerifyIndex,
      KeyConditionExpression: 'portalVerify = :verify AND portalVerifyDueAt <= :due',
      ExpressionAttributeValues: { ':verify': PORTAL_VERIFY, ':due': dueBefore },
      ProjectionExpression: 'pk',
      Limit: pageSize,
    },
  );
  for await (const page of pages) {
    yield (page.Items ?? []).map((item) => (item.pk as string).slice('DOSSIER#'.length));
  }
}

export async function recordVerified(dossierCode: string, verification: PortalVerification, ack: AckCheck, nextDueAt: string | undefined): Promise<boolean> {
  return update({
    Key: syncKey(dossierCode),
    // `portalVerify` set again: a dossier an operator checked from the divergences list leaves it.
    UpdateExpression: nextDueAt
      ? 'SET verification = :verification, portalVerify = :verify, portalVerifyDueAt = :next'
      : 'SET verification = :verification REMOVE portalVerify, portalVerifyDueAt, ambiguousAt',
    ConditionExpression: sameAck.ConditionExpression,
    ExpressionAttributeValues: { ':verification': verification, ...sameAck.values(ack), ...(nextDueAt ? { ':next': nextDueAt, ':verify': PORTAL_VERIFY } : {}) },
  });
}

/**
 * The acknowledgement stops counting (reopenedAt), the next attempt reads back, the steps the
 * portal lacks are sent again, and the dossier stays watched (ambiguousAt) after the repair. Not
 * while a worker holds the dossier's lease: it may be pushing a newer version the verifier's
 * lookup already saw, which is no divergence.
 */
export async function reopenSync(dossierCode: string, verification: PortalVerification, ack: AckCheck, missingStepIds: readonly string[]): Promise<boolean> {
  return update({
    Key: syncKey(dossierCode),
    UpdateExpression:
      'SET verification = :verification, reopenedAt = :at, readBackNeeded = :yes, ambiguousAt = :at REMOVE portalVerify, portalVerifyDueAt' +
      (missingStepIds.length > 0 ? ' DELETE sentStepIds :missing' : ''),
    ConditionExpression: `${sameAck.ConditionExpression} AND (attribute_not_exists(leaseUntil) OR leaseUntil < :at)`,
    ExpressionAttributeValues: {
      ':verification': verification,
      ':at': verification.checkedAt,
      ':yes': true,
      ...sameAck.values(ack),
      ...(missingStepIds.length > 0 ? { ':missing': new Set(missingStepIds) } : {}),
    },
  });
}

/** Off the verifier's list, onto the operators' (the index's DIVERGED partition) in the same write. */
export async function recordUnrepairable(dossierCode: string, verification: PortalVerification, ack: AckCheck): Promise<boolean> {
  return update({
    Key: syncKey(dossierCode),
    UpdateExpression: 'SET verification = :verification, portalVerify = :diverged, portalVerifyDueAt = :at REMOVE ambiguousAt',
    ConditionExpression: sameAck.ConditionExpression,
    ExpressionAttributeValues: { ':verification': verification, ':diverged': PORTAL_DIVERGED, ':at': verification.checkedAt, ...sameAck.values(ack) },
  });
}

export async function dropFromVerification(dossierCode: string): Promise<void> {
  await update({ Key: syncKey(dossierCode), UpdateExpression: 'REMOVE portalVerify, portalVerifyDueAt' });
}

/** Puts the dossier back on the sweeper's index, so a lost nudge cannot leave the reopened sync idle. */
export async function markPortalPending(dossierCode: string, at: string): Promise<void> {
  await update({
    Key: { pk: dossierKeys.partitionOf(dossierCode), sk: dossierKeys.STATE },
    UpdateExpression: 'SET portalSyncPending = :pending, portalSyncPendingSince = :at',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':pending': PORTAL_PENDING, ':at': at },
  });
}
