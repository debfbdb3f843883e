import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DossierOverlay, DossierPartition, PortalSyncRecord, PutSnapshotResult, StoredDossier } from '../../core/dossier/dossier-records';
import { documentClient } from '../aws/dynamodb-client';
import { dossierKeys, PORTAL_PENDING } from './dossier-keys';
import { tableName } from '../aws/resource-names';

/**
 * The dossiers table: one partition per dossier (`DOSSIER#<code>`), with the city's snapshot in
 * STATE and per-partner progress in SYNC#<partner>. Every invariant is one conditional write.
 */

const { partitionOf, STATE, SYNC_PORTAL, OVERLAY } = dossierKeys;

/**
 * Writes the snapshot only if the dossier is new or the stored version is lower. When the
 * condition fails, the partition is read back so the caller can tell a resend from a conflict
 * (dynalite ignores ReturnValuesOnConditionCheckFailure, and so the read covers both).
 */
export async function putSnapshotIfNewer(dossier: StoredDossier): Promise<PutSnapshotResult> {
  try {
    // An update, not a put: the gateway's own attributes on STATE (the overlay revision mirror
    // the sweeper reads) must survive a new city snapshot.
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName('dossiers'),
        Key: { pk: partitionOf(dossier.dossierCode), sk: STATE },
        UpdateExpression:
          'SET #code = :code, #version = :version, #hash = :hash, #snapshot = :snapshot, #storedAt = :storedAt, #pending = :pending, #pendingSince = :storedAt',
        ConditionExpression: 'attribute_not_exists(pk) OR #version < :version',
        // Every name aliased: several (snapshot, version) are DynamoDB reserved words.
        ExpressionAttributeNames: {
          '#code': 'dossierCode',
          '#version': 'version',
          '#hash': 'contentHash',
          '#snapshot': 'snapshot',
          '#storedAt': 'storedAt',
          '#pending': 'portalSyncPending',
          '#pendingSince': 'portalSyncPendingSince',
        },
        ExpressionAttributeValues: {
          ':code': dossier.dossierCode,
          ':version': dossier.version,
          ':hash': dossier.contentHash,
          ':snapshot': dossier.snapshot,
          ':storedAt': dossier.storedAt,
          ':pending': PORTAL_PENDING,
        },
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
  return partitionFromItems(Items);
}

/** The keys of the items `readDossier` reads, for a reader that batches them with other tables' items. */
export function partitionItemKeys(dossierCode: string): { pk: string; sk: string }[] {
  return [STATE, OVERLAY, SYNC_PORTAL].map((sk) => ({ pk: partitionOf(dossierCode), sk }));
}

/** A dossier's partition from its items, however they were read. */
export function partitionFromItems(items: readonly Record<string, unknown>[]): DossierPartition {
  let state: StoredDossier | undefined;
  let overlay: DossierOverlay | undefined;
  let portalSync: PortalSyncRecord | undefined;
  for (const item of items) {
    if (item.sk === STATE) state = toStoredDossier(item);
    else if (item.sk === OVERLAY) overlay = { revision: item.revision as number, payments: (item.payments ?? {}) as DossierOverlay['payments'] };
    else if (item.sk === SYNC_PORTAL) portalSync = toPortalSyncRecord(item);
  }
  return { state, overlay, portalSync };
}

/** The SYNC#PORTAL item as stored (string sets arrive as Sets from the document client). */
export function toPortalSyncRecord(item: Record<string, unknown>): PortalSyncRecord {
  return item as unknown as PortalSyncRecord;
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
