import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DossierPartition, PortalSyncRecord, PutSnapshotResult, StoredDossier } from '../core/dossier-records';
import { documentClient } from './aws-clients';
import { dossierKeys, PORTAL_PENDING } from './dossier-keys';
import { tableName } from './resource-names';

/**
 * The dossiers table: one partition per dossier (`DOSSIER#<code>`), with the city's snapshot in
 * STATE and per-partner progress in SYNC#<partner>. Every invariant is one conditional write.
 */

const { partitionOf, STATE, SYNC_PORTAL } = dossierKeys;

/**
 * Writes the snapshot only if the dossier is new or the stored version is lower. When the
 * condition fails, the partition is read back so the caller can tell a resend from a conflict
 * (dynalite ignores ReturnValuesOnConditionCheckFailure, and so the read covers both).
 */
export async function putSnapshotIfNewer(dossier: StoredDossier): Promise<PutSnapshotResult> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName('dossiers'),
        Item: {
          pk: partitionOf(dossier.dossierCode),
          sk: STATE,
          ...dossier,
          portalSyncPending: PORTAL_PENDING,
          portalSyncPendingSince: dossier.storedAt,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR #version < :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': dossier.version },
      }),
    );
    return { written: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return { written: false, current: await readDossier(dossier.dossierCode) };
  }
}

/** Reads every item of the dossier's partition in one strongly consistent query. */
export async function readDossier(dossierCode: string): Promise<DossierPartition> {
  const { Items = [] } = await documentClient().send(
    new QueryCommand({
      TableName: tableName('dossiers'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partitionOf(dossierCode) },
      ConsistentRead: true,
    }),
  );
  let state: StoredDossier | undefined;
  let portalSync: PortalSyncRecord | undefined;
  for (const item of Items) {
    if (item.sk === STATE) state = toStoredDossier(item);
    else if (item.sk === SYNC_PORTAL) portalSync = item as unknown as PortalSyncRecord;
  }
  return { state, portalSync };
}

function toStoredDossier(item: Record<string, unknown>): StoredDossier {
  return {
    dossierCode: item.dossierCode as string,
    version: item.version as number,
    contentHash: item.contentHash as string,
    snapshot: item.snapshot as StoredDossier['snapshot'],
    storedAt: item.storedAt as string,
  };
}
