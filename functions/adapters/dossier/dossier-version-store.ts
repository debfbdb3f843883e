import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredDossier } from '../../core/dossier/dossier-records';
import { loggableError } from '../../observability/loggable-error';
import { logger } from '../../observability/logger';
import { documentClient } from '../aws/dynamodb-client';
import { dossierKeys } from './dossier-keys';
import { tableName } from '../aws/resource-names';

/** What the timeline shows of a version the city sent (`storedAt`: when it was received): no snapshot, so no personal data. */
export interface DossierVersionRecord {
  readonly version: number;
  readonly storedAt: string;
  readonly contentHash: string;
  readonly status: string;
}

/**
 * One item per version received, written once (the first content of a number stays), alongside
 * the snapshot's conditional write. Best effort: a history gap must not turn a stored write into
 * an error the city would retry for nothing — a resend of the same version heals it.
 */
export async function recordDossierVersion(dossier: StoredDossier): Promise<void> {
  const record: DossierVersionRecord = { version: dossier.version, storedAt: dossier.storedAt, contentHash: dossier.contentHash, status: dossier.snapshot.status };
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName('dossiers'),
        Item: { pk: dossierKeys.versionsPartitionOf(dossier.dossierCode), sk: dossierKeys.versionKey(dossier.version), ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return;
    logger.warn('dossier version not recorded in its history', { dossierCode: dossier.dossierCode, version: dossier.version, error: loggableError(error) });
  }
}

/** A dossier's accepted versions, oldest first. */
export async function readDossierVersions(dossierCode: string): Promise<DossierVersionRecord[]> {
  const versions: DossierVersionRecord[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName('dossiers'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
        ExpressionAttributeValues: { ':pk': dossierKeys.versionsPartitionOf(dossierCode) },
        ProjectionExpression: '#version, storedAt, contentHash, #status',
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) versions.push(item as DossierVersionRecord);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return versions;
}
