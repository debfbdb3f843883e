import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, paginateQuery, PutCommand } from '@aws-sdk/lib-dynamodb';
import { platformLimits } from '../../../contracts/platform/limits';
import type { DossierVersionRecord, StoredDossier } from '../../core/dossier/dossier-records';
import { loggableError } from '../../observability/loggable-error';
import { logger } from '../../observability/logger';
import { documentClient } from '../aws/dynamodb-client';
import { dossierKeys } from './dossier-keys';
import { tableName } from '../aws/resource-names';


/*
 * Where the history lives. A version that is stored (the common case) is recorded in the very
 * write that stores it: the STATE item keeps the fingerprints of its most recent stored versions
 * (dossier-store.ts appends one per write, `recentVersionsKept` at most). When that list is full,
 * the next write first copies it here, one item per version, then empties it. A version that is
 * refused (older, or a same-number conflict) is recorded here at once. Either way nothing is lost,
 * and the usual PUT makes one DynamoDB call instead of two.
 */

/** The STATE attribute holding the recent stored versions' fingerprints, oldest first. */
export const recentVersionsAttribute = 'recentVersions';

/**
 * How many fingerprints STATE keeps before they move to the history partition. A dossier's usual
 * life (the price list's 1 sync + 5 progress updates) never moves them; 8 of ~130 bytes (the
 * recorded answer included) add about one write unit (1 KB) to the snapshot's.
 */
export const recentVersionsKept = 8;

/** The fingerprint of a version stored by the snapshot's own write. */
export function versionRecordOf(dossier: StoredDossier): DossierVersionRecord {
  return { version: dossier.version, storedAt: dossier.storedAt, contentHash: dossier.contentHash, status: dossier.snapshot.status, outcome: 'stored' };
}

/**
 * Records a version that was refused (409), once per number and content: a same-number resend
 * with other content is a refusal of its own, and never overwrites the first content's record.
 * Best effort: a history gap must not turn an answered write into an error the city would retry
 * for nothing — a resend of the same version heals it.
 */
export async function recordDossierVersion(dossier: StoredDossier, refusedWhileStored: number): Promise<void> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName('dossiers'),
        Item: {
          ...versionItem(dossier.dossierCode, { ...versionRecordOf(dossier), outcome: 'refused', refusedWhileStored }),
          sk: refusedVersionKey(dossier.version, dossier.contentHash),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return;
    logger.warn('dossier version not recorded in its history', { dossierCode: dossier.dossierCode, version: dossier.version, error: loggableError(error) });
  }
}

/**
 * Copies STATE's recent fingerprints to the history partition (plain puts: a copy made twice by
 * two racing writers is the same item). Throws if DynamoDB keeps some unprocessed: STATE keeps
 * its list then, and the write that needed the room fails and is resent.
 */
export async function keepVersionsApart(dossierCode: string, records: readonly DossierVersionRecord[]): Promise<void> {
  const table = tableName('dossiers');
  for (let i = 0; i < records.length; i += platformLimits.dynamoBatchWriteItems) {
    let requests: Record<string, unknown>[] | undefined = records.slice(i, i + platformLimits.dynamoBatchWriteItems).map((record) => ({ PutRequest: { Item: versionItem(dossierCode, record) } }));
    for (let attempt = 0; requests?.length; attempt++) {
      if (attempt === 3) throw new Error(`${requests.length} version records of ${dossierCode} left unprocessed`);
      const result = await documentClient().send(new BatchWriteCommand({ RequestItems: { [table]: requests as never } }));
      requests = result.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
    }
  }
}

function versionItem(dossierCode: string, record: DossierVersionRecord): Record<string, unknown> {
  return { pk: dossierKeys.versionsPartitionOf(dossierCode), sk: dossierKeys.versionKey(record.version), ...record };
}

/** A refused record sorts after its number's stored one and is keyed by its content too (several contents may be refused under one number). */
const refusedVersionKey = (version: number, contentHash: string) => `${dossierKeys.versionKey(version)}#REFUSED#${contentHash}`;

/**
 * A dossier's received versions, by number: the history partition and STATE's recent list
 * together, once per number and content. A pair found twice (a copy interrupted before the list
 * was emptied, or a stored version resent after it was replaced) keeps the stored record, else
 * the first one received.
 */
export async function readDossierVersions(dossierCode: string): Promise<DossierVersionRecord[]> {
  const [kept, state] = await Promise.all([
    readKeptVersions(dossierCode),
    documentClient().send(
      new GetCommand({
        TableName: tableName('dossiers'),
        Key: { pk: dossierKeys.partitionOf(dossierCode), sk: dossierKeys.STATE },
        ProjectionExpression: '#recent',
        ExpressionAttributeNames: { '#recent': recentVersionsAttribute },
        ConsistentRead: true,
      }),
    ),
  ]);
  const byContent = new Map<string, DossierVersionRecord>();
  for (const record of [...kept, ...((state.Item?.[recentVersionsAttribute] ?? []) as DossierVersionRecord[])]) {
    const key = `${record.version}#${record.contentHash}`;
    const seen = byContent.get(key);
    const rank = (r: DossierVersionRecord) => (r.outcome === 'refused' ? 1 : 0);
    if (!seen || rank(record) < rank(seen) || (rank(record) === rank(seen) && record.storedAt < seen.storedAt)) byContent.set(key, record);
  }
  return [...byContent.values()].sort((a, b) => a.version - b.version || (a.storedAt < b.storedAt ? -1 : a.storedAt > b.storedAt ? 1 : 0));
}

async function readKeptVersions(dossierCode: string): Promise<DossierVersionRecord[]> {
  const versions: DossierVersionRecord[] = [];
  const pages = paginateQuery(
    { client: documentClient() },
    {
      TableName: tableName('dossiers'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeNames: { '#version': 'version', '#status': 'status', '#outcome': 'outcome' },
      ExpressionAttributeValues: { ':pk': dossierKeys.versionsPartitionOf(dossierCode) },
      ProjectionExpression: '#version, storedAt, contentHash, #status, #outcome, refusedWhileStored',
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) versions.push(item as DossierVersionRecord);
  }
  return versions;
}
