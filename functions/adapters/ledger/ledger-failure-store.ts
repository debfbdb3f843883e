import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerFailure } from '../../core/ledger/ledger-failure';
import { loggableError } from '../../observability/loggable-error';
import { logger } from '../../observability/logger';
import { documentClient } from '../aws/dynamodb-client';
import { tableName } from '../aws/resource-names';

/**
 * Ledger appends that failed, kept where operators list stuck work. Not in the ledger table: what
 * refused the record (the table missing, throttled, denied) would likely refuse this too. One
 * partition per day (pk LEDGER-FAILURE#<day>, sk <at>#<recordId>): failures are rare, and a day
 * is what the stuck list reads. Best effort: the failure is already logged and counted by metric.
 */
export const ledgerFailureRetentionDays = 30;

const partitionOf = (day: string) => `LEDGER-FAILURE#${day}`;

export async function recordLedgerFailure(failure: LedgerFailure): Promise<void> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName('opsStats'),
        Item: {
          pk: partitionOf(failure.at.slice(0, 10)),
          sk: `${failure.at}#${failure.recordId}`,
          ...failure,
          expiresAt: Math.floor(Date.parse(failure.at) / 1000) + ledgerFailureRetentionDays * 86_400,
        },
      }),
    );
  } catch (error) {
    logger.warn('ledger failure not stored for operators', { partner: failure.partner, recordId: failure.recordId, error: loggableError(error) });
  }
}

/** Failures at or after `since`, newest first, at most `limit` (and whether more were left). */
export async function readLedgerFailures(since: Date, now: Date, limit: number, keep: (f: LedgerFailure) => boolean = () => true): Promise<{ items: LedgerFailure[]; truncated: boolean }> {
  const items: LedgerFailure[] = [];
  const from = since.toISOString();
  for (let day = Date.parse(now.toISOString().slice(0, 10)); day >= Date.parse(from.slice(0, 10)); day -= 86_400_000) {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await documentClient().send(
        new QueryCommand({
          TableName: tableName('opsStats'),
          KeyConditionExpression: 'pk = :pk AND sk >= :from',
          ExpressionAttributeValues: { ':pk': partitionOf(new Date(day).toISOString().slice(0, 10)), ':from': from },
          ScanIndexForward: false,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, expiresAt: _ttl, ...failure } = item;
        if (!keep(failure as LedgerFailure)) continue;
        if (items.length >= limit) return { items, truncated: true };
        items.push(failure as LedgerFailure);
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
  return { items, truncated: false };
}
