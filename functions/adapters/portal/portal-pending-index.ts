import { BatchGetCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { PortalSyncRecord } from '../../core/dossier/dossier-records';
import type { PendingDossier } from '../../core/portal/portal-sweep';
import { documentClient } from '../aws/dynamodb-client';
import { dossierKeys, PORTAL_PENDING, portalPendingIndex } from '../dossier/dossier-keys';
import { tableName } from '../aws/resource-names';

/**
 * Pages through the sparse index of dossiers whose portal acknowledgement lags, oldest first,
 * only those pending since before `olderThan`. The index holds only lagging dossiers, so a
 * healthy gateway reads almost nothing.
 */
export async function* pendingDossiers(olderThan: string, pageSize = 100): AsyncGenerator<PendingDossier[]> {
  const pages = paginateQuery(
    { client: documentClient(), pageSize },
    {
      TableName: tableName('dossiers'),
      IndexName: portalPendingIndex,
      KeyConditionExpression: 'portalSyncPending = :pending AND portalSyncPendingSince < :olderThan',
      ExpressionAttributeValues: { ':pending': PORTAL_PENDING, ':olderThan': olderThan },
      ProjectionExpression: 'dossierCode, version, overlayRevision, portalSyncPendingSince',
    },
  );
  for await (const page of pages) {
    yield (page.Items ?? []).map((item) => ({
      dossierCode: item.dossierCode as string,
      version: item.version as number,
      revision: (item.overlayRevision as number | undefined) ?? 0,
      pendingSince: item.portalSyncPendingSince as string,
    }));
  }
}

/** The SYNC#PORTAL items of up to 100 dossiers in one round trip. */
export async function portalSyncRecords(dossierCodes: readonly string[]): Promise<Map<string, PortalSyncRecord>> {
  const records = new Map<string, PortalSyncRecord>();
  if (dossierCodes.length === 0) return records;
  let keys: Record<string, unknown>[] | undefined = dossierCodes.map((code) => ({ pk: dossierKeys.partitionOf(code), sk: dossierKeys.SYNC_PORTAL }));
  while (keys && keys.length > 0) {
    const result = await documentClient().send(new BatchGetCommand({ RequestItems: { [tableName('dossiers')]: { Keys: keys } } }));
    for (const item of result.Responses?.[tableName('dossiers')] ?? []) {
      records.set((item.pk as string).slice('DOSSIER#'.length), item as unknown as PortalSyncRecord);
    }
    keys = result.UnprocessedKeys?.[tableName('dossiers')]?.Keys as Record<string, unknown>[] | undefined;
  }
  return records;
}
