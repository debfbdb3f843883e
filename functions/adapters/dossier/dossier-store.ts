import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DossierOverlay, DossierPartition, DossierVersionRecord, PortalSyncRecord, PutSnapshotResult, StoredDossier } from '../../core/dossier/dossier-records';
import { ignoreConditionFailed } from '../aws/condition-failed';
import { documentClient } from '../aws/dynamodb-client';
import { DependencyUnavailableError } from '../../core/errors';
import { dossierKeys, PORTAL_PENDING } from './dossier-keys';
import { keepVersionsApart, recentVersionsAttribute, recentVersionsKept, versionRecordOf } from './dossier-version-store';
import { tableName } from '../aws/resource-names';

/**
 * The dossiers table: one partition per dossier (`DOSSIER#<code>`), with the city's snapshot in
 * STATE and per-partner progress in SYNC#<partner>. Every invariant is one conditional write.
 */

const { partitionOf: partitionKeyOf, STATE, SYNC_PORTAL, OVERLAY } = dossierKeys;

/**
 * Writes the snapshot only if the dossier is new or the stored version is lower, and records the
 * version's fingerprint for the operators' timeline in the same write (STATE's recent list, see
 * dossier-version-store.ts). When the condition fails, the partition is read back so the caller
 * can tell a resend from a conflict (dynalite ignores ReturnValuesOnConditionCheckFailure, and so
 * the read covers both). A newer version refused only because the recent list is full moves the
 * list to the history partition and is written again.
 */
export async function putSnapshotIfNewer(dossier: StoredDossier): Promise<PutSnapshotResult> {
  // Each round writes, answers a refusal, or makes room: two rounds suffice unless other writers
  // keep changing STATE in between.
  for (let round = 0; round < 4; round++) {
    try {
      await documentClient().send(snapshotWrite(dossier));
      return { written: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const items = await queryPartition(dossier.dossierCode);
    const state = items.find((item) => item.sk === STATE);
    const recent = (state?.[recentVersionsAttribute] ?? []) as DossierVersionRecord[];
    if (!state || (state.version as number) >= dossier.version) return { written: false, current: partitionFromItems(items) };
    // Still newer: refused for a full list (or a racing writer changed STATE in between; try again).
    if (recent.length >= recentVersionsKept) {
      await keepVersionsApart(dossier.dossierCode, recent);
      await emptyRecentVersions(dossier.dossierCode, recent[0]!.version);
    }
  }
  throw new DependencyUnavailableError('the dossier changed while it was being written; resend', 1);
}

function snapshotWrite(dossier: StoredDossier): UpdateCommand {
  // An update, not a put: the gateway's own attributes on STATE (the overlay revision mirror
  // the sweeper reads) must survive a new city snapshot.
  return new UpdateCommand({
    TableName: tableName('dossiers'),
    Key: { pk: partitionKeyOf(dossier.dossierCode), sk: STATE },
    UpdateExpression:
      'SET #code = :code, #version = :version, #hash = :hash, #snapshot = :snapshot, #storedAt = :storedAt, #pending = :pending, #pendingSince = :storedAt, ' +
      '#recent = list_append(if_not_exists(#recent, :none), :received)',
    // A newer version, with room left in the recent list (an absent list has room).
    ConditionExpression: 'attribute_not_exists(pk) OR (#version < :version AND (attribute_not_exists(#recent) OR size(#recent) < :kept))',
    // Every name aliased: several (snapshot, version) are DynamoDB reserved words.
    ExpressionAttributeNames: {
      '#code': 'dossierCode',
      '#version': 'version',
      '#hash': 'contentHash',
      '#snapshot': 'snapshot',
      '#storedAt': 'storedAt',
      '#pending': 'portalSyncPending',
      '#pendingSince': 'portalSyncPendingSince',
      '#recent': recentVersionsAttribute,
    },
    ExpressionAttributeValues: {
      ':code': dossier.dossierCode,
      ':version': dossier.version,
      ':hash': dossier.contentHash,
      ':snapshot': dossier.snapshot,
      ':storedAt': dossier.storedAt,
      ':pending': PORTAL_PENDING,
      ':none': [],
      ':received': [versionRecordOf(dossier)],
      ':kept': recentVersionsKept,
    },
  });
}

/**
 * Empties the recent list once it is copied, only if it is still the list that was copied: it
 * was full (nothing can be appended to a full list) and starts with the same version.
 */
async function emptyRecentVersions(dossierCode: string, firstVersion: number): Promise<void> {
  await documentClient()
    .send(
      new UpdateCommand({
        TableName: tableName('dossiers'),
        Key: { pk: partitionKeyOf(dossierCode), sk: STATE },
        UpdateExpression: 'REMOVE #recent',
        ConditionExpression: 'size(#recent) >= :kept AND #recent[0].#version = :first',
        ExpressionAttributeNames: { '#recent': recentVersionsAttribute, '#version': 'version' },
        ExpressionAttributeValues: { ':kept': recentVersionsKept, ':first': firstVersion },
      }),
    )
    // Another writer emptied it first (after the same copy): the next round sees room.
    .catch(ignoreConditionFailed);
}

/** Reads every item of the dossier's partition in one strongly consistent query. */
export async function readDossier(dossierCode: string): Promise<DossierPartition> {
  return partitionFromItems(await queryPartition(dossierCode));
}

async function queryPartition(dossierCode: string): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await documentClient().send(
    new QueryCommand({
      TableName: tableName('dossiers'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partitionKeyOf(dossierCode) },
      ConsistentRead: true,
    }),
  );
  return Items;
}

/** The keys of the items `readDossier` reads, for a reader that batches them with other tables' items. */
export function partitionItemKeys(dossierCode: string): { pk: string; sk: string }[] {
  return [STATE, OVERLAY, SYNC_PORTAL].map((sk) => ({ pk: partitionKeyOf(dossierCode), sk }));
}

/** A dossier's partition from its items, however they were read. */
export function partitionFromItems(items: readonly Record<string, unknown>[]): DossierPartition {
  let state: StoredDossier | undefined;
  let recentVersions: { version: number; contentHash: string }[] | undefined;
  let overlay: DossierOverlay | undefined;
  let portalSync: PortalSyncRecord | undefined;
  for (const item of items) {
    if (item.sk === STATE) {
      state = toStoredDossier(item);
      recentVersions = ((item[recentVersionsAttribute] ?? []) as DossierVersionRecord[]).map(({ version, contentHash }) => ({ version, contentHash }));
    } else if (item.sk === OVERLAY) overlay = { revision: item.revision as number, payments: (item.payments ?? {}) as DossierOverlay['payments'] };
    else if (item.sk === SYNC_PORTAL) portalSync = toPortalSyncRecord(item);
  }
  return { state, recentVersions, overlay, portalSync };
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
