import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerPartner } from '../../core/ledger/ledger-record';
import type { SealState } from '../../core/ledger/ledger-seal';
import { ignoreConditionFailed } from '../aws/condition-failed';
import { documentClient } from '../aws/dynamodb-client';
import { tableName } from '../aws/resource-names';

/*
 * The sealer's lease and each partner's sealing position, beside the records. The lease keeps one
 * sealer at a time (a second run finds it held and stops); the anchor's write-once name keeps a
 * rerun or a sealer that lost its lease from ever producing two trees with one number.
 */

const leaseKey = { pk: 'SEALER', sk: 'LEASE' };
const stateKey = (partner: LedgerPartner) => ({ pk: 'SEALER', sk: `STATE#${partner}` });

/** Takes the lease until `until` (ms) unless another holder's lease is still running. */
export async function acquireSealLease(owner: string, now: number, until: number): Promise<boolean> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName('ledger'),
        Item: { ...leaseKey, owner, until },
        ConditionExpression: 'attribute_not_exists(pk) OR #until < :now OR #owner = :owner',
        ExpressionAttributeNames: { '#until': 'until', '#owner': 'owner' },
        ExpressionAttributeValues: { ':now': now, ':owner': owner },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function releaseSealLease(owner: string): Promise<void> {
  await documentClient()
    .send(
      new UpdateCommand({
        TableName: tableName('ledger'),
        Key: leaseKey,
        UpdateExpression: 'SET #until = :zero',
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#until': 'until', '#owner': 'owner' },
        ExpressionAttributeValues: { ':zero': 0, ':owner': owner },
      }),
    )
    .catch(ignoreConditionFailed);
}

export async function readSealState(partner: LedgerPartner): Promise<SealState | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName('ledger'), Key: stateKey(partner), ConsistentRead: true }));
  return Item ? { seq: Item.seq as number, headHash: Item.headHash as string, through: Item.through as string } : undefined;
}

/** Moves the position forward only from the one it was read at (a stale sealer cannot move it back). */
export async function saveSealState(partner: LedgerPartner, previousSeq: number, state: SealState): Promise<boolean> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName('ledger'),
        Item: { ...stateKey(partner), ...state },
        ConditionExpression: previousSeq === 0 ? 'attribute_not_exists(pk)' : 'seq = :previous',
        ...(previousSeq === 0 ? {} : { ExpressionAttributeValues: { ':previous': previousSeq } }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
