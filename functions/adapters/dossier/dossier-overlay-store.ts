import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OverlayPayment } from '../../core/dossier/dossier-records';
import { ignoreConditionFailed } from '../aws/condition-failed';
import { documentClient } from '../aws/dynamodb-client';
import { dossierKeys, PORTAL_PENDING } from './dossier-keys';
import { tableName } from '../aws/resource-names';


/**
 * Adds a confirmed payment to the dossier's overlay, once: the payment's reference is the key,
 * so a repeated effect (a duplicate confirmation, the reconciler) changes nothing. Returns the
 * overlay's new revision, or undefined when the payment was already there.
 */
export async function addPaymentToOverlay(dossierCode: string, payment: OverlayPayment): Promise<number | undefined> {
  const Key = { pk: dossierKeys.partitionOf(dossierCode), sk: dossierKeys.OVERLAY };
  // A map must exist before a key inside it can be set (DynamoDB document paths).
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName('dossiers'),
      Key,
      UpdateExpression: 'SET #payments = if_not_exists(#payments, :empty), #revision = if_not_exists(#revision, :zero)',
      ExpressionAttributeNames: { '#payments': 'payments', '#revision': 'revision' },
      ExpressionAttributeValues: { ':empty': {}, ':zero': 0 },
    }),
  );
  try {
    const { Attributes } = await documentClient().send(
      new UpdateCommand({
        TableName: tableName('dossiers'),
        Key,
        UpdateExpression: 'SET #payments.#ref = :payment, #revision = #revision + :one',
        ConditionExpression: 'attribute_not_exists(#payments.#ref)',
        ExpressionAttributeNames: { '#payments': 'payments', '#revision': 'revision', '#ref': payment.reference },
        ExpressionAttributeValues: { ':payment': payment, ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Attributes?.revision as number;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

export async function overlayRevision(dossierCode: string): Promise<number> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName('dossiers'), Key: { pk: dossierKeys.partitionOf(dossierCode), sk: dossierKeys.OVERLAY }, ConsistentRead: true }),
  );
  return (Item?.revision as number | undefined) ?? 0;
}

/**
 * Puts the dossier back in the sweeper's index with the overlay revision the portal must reach.
 * The mirror never goes down, so a slow writer cannot hide a newer revision.
 */
export async function markOverlayPending(dossierCode: string, revision: number, at: string): Promise<void> {
  await documentClient()
    .send(
      new UpdateCommand({
        TableName: tableName('dossiers'),
        Key: { pk: dossierKeys.partitionOf(dossierCode), sk: dossierKeys.STATE },
        UpdateExpression: 'SET overlayRevision = :revision, portalSyncPending = :pending, portalSyncPendingSince = :at',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(overlayRevision) OR overlayRevision < :revision)',
        ExpressionAttributeValues: { ':revision': revision, ':pending': PORTAL_PENDING, ':at': at },
      }),
    )
    // A newer revision is already mirrored (or the dossier is gone): nothing to move.
    .catch(ignoreConditionFailed);
}
