import { BatchWriteCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { LedgerFailure } from '../../core/ledger/ledger-failure';
import { loggableError } from '../../observability/loggable-error';
import { logger } from '../../observability/logger';
import { documentClient } from '../aws/dynamodb-client';
import { tableName } from '../aws/resource-names';

/**
 * Ledger appends that failed, kept where operators list stuck work. Not in the ledger table: what
 * refused the record (the table missing, throttled, denied) would likely refuse this too. One
 * partition per day (pk LEDGER-FAILURE#<day>, sk <at>#<recordId>): failures are rare, and a day
 * is what the stuck list reads. A copy per key the exchange is known by (its subject, its message
 * id: pk LEDGER-FAILURE-ABOUT#<key>) is written in the same batch, so a dossier's timeline finds its
 * lost records the way it finds its ledger records. Best effort: the failure is already logged and
 * counted by metric.
 */
export const ledgerFailureRetentionDays = 30;

const partitionOf = (day: string) => `LEDGER-FAILURE#${day}`;
const aboutPartitionOf = (key: string) => `LEDGER-FAILURE-ABOUT#${key}`;

export async function recordLedgerFailure(failure: LedgerFailure): Promise<void> {
  const sk = `${failure.at}#${failure.recordId}`;
  const expiresAt = Math.floor(Date.parse(failure.at) / 1000) + ledgerFailureRetentionDays * 86_400;
  const keys = [...new Set([failure.subject, failure.messageId].filter((k): k is string => typeof k === 'string' && k.length > 0))];
  try {
    const { UnprocessedItems } = await documentClient().send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName('opsStats')]: [partitionOf(failure.at.slice(0, 10)), ...keys.map(aboutPartitionOf)].map((pk) => ({ PutRequest: { Item: { pk, sk, ...failure, expiresAt } } })),
        },
      }),
    );
    const left = Object.values(UnprocessedItems ?? {}).flat().length;
    if (left > 0) logger.warn('ledger failure partly stored for operators', { partner: failure.partner, recordId: failure.recordId, unprocessed: left });
  } catch (error) {
    logger.warn('ledger failure not stored for operators', { partner: failure.partner, recordId: failure.recordId, error: loggableError(error) });
  }
}

/** Failures at or after `since`, newest first, at most `limit` (and whether more were left). */
export async function readLedgerFailures(since: Date, now: Date, limit: number, keep: (f: LedgerFailure) => boolean = () => true): Promise<{ items: LedgerFailure[]; truncated: boolean }> {
  const items: LedgerFailure[] = [];
  const from = since.toISOString();
  for (let day = Date.parse(now.toISOString().slice(0, 10)); day >= Date.parse(from.slice(0, 10)); day -= 86_400_000) {
    const pages = paginateQuery(
      { client: documentClient() },
      {
        TableName: tableName('opsStats'),
        KeyConditionExpression: 'pk = :pk AND sk >= :from',
        ExpressionAttributeValues: { ':pk': partitionOf(new Date(day).toISOString().slice(0, 10)), ':from': from },
        ScanIndexForward: false,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, expiresAt: _ttl, ...failure } = item;
        if (!keep(failure as LedgerFailure)) continue;
        if (items.length >= limit) return { items, truncated: true };
        items.push(failure as LedgerFailure);
      }
    }
  }
  return { items, truncated: false };
}

/** Failures of exchanges known by one of `keys` (a dossier, its events, its payments), oldest first. */
export async function ledgerFailuresAbout(keys: readonly string[]): Promise<LedgerFailure[]> {
  const found = new Map<string, LedgerFailure>();
  await Promise.all(
    [...new Set(keys)].slice(0, 50).map(async (key) => {
      const pages = paginateQuery(
        { client: documentClient() },
        { TableName: tableName('opsStats'), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': aboutPartitionOf(key) } },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          const { pk: _pk, sk: _sk, expiresAt: _ttl, ...failure } = item;
          found.set(failure.recordId as string, failure as LedgerFailure);
        }
      }
    }),
  );
  return [...found.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
