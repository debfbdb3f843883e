import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ChainedLedgerEntry, LedgerEntry } from '../core/ledger-chain';
import { chainEntry, genesisHash } from '../core/ledger-chain';
import { loggableError } from '../observability/loggable-error';
import { logger } from '../observability/logger';
import { documentClient } from './dynamodb-client';
import { tableName } from './resource-names';

/** How long ledger records are kept before DynamoDB's TTL removes them (≈ 13 months). */
const retentionSeconds = 400 * 24 * 3600;
const maxAppendAttempts = 8;

const partitionOf = (partner: string, at: string) => `LEDGER#${partner}#${at.slice(0, 10)}`;
const sortKeyOf = (sequence: number) => String(sequence).padStart(10, '0');

/**
 * Appends to the partner's chain of the day with one conditional write: read the head, chain
 * onto it, put with `attribute_not_exists(sk)`. A concurrent writer that took the sequence makes
 * the put fail, and the append re-reads the head and tries again.
 */
export async function appendLedger(entry: LedgerEntry): Promise<ChainedLedgerEntry | undefined> {
  try {
    return await appendToChain(entry);
  } catch (error) {
    // A successful partner call must not become a failure (and be repeated) because its record
    // could not be written; the gap is logged and alarmed instead.
    logger.error('ledger append failed', { partner: entry.partner, operation: entry.operation, messageId: entry.messageId, error: loggableError(error) });
    return undefined;
  }
}

async function appendToChain(entry: LedgerEntry): Promise<ChainedLedgerEntry | undefined> {
  const pk = partitionOf(entry.partner, entry.at);
  for (let attempt = 0; attempt < maxAppendAttempts; attempt++) {
    const head = await readHead(pk);
    const chained = chainEntry(entry, (head?.sequence ?? 0) + 1, head?.hash ?? genesisHash);
    try {
      await documentClient().send(
        new PutCommand({
          TableName: tableName('ledger'),
          Item: { pk, sk: sortKeyOf(chained.sequence), ...chained, expiresAt: Math.floor(Date.parse(entry.at) / 1000) + retentionSeconds },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      );
      return chained;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  // The ledger records exchanges, it does not gate them: a lost race is logged, not fatal.
  logger.error('ledger append lost every race', { partner: entry.partner, operation: entry.operation, messageId: entry.messageId });
  return undefined;
}

async function readHead(pk: string): Promise<ChainedLedgerEntry | undefined> {
  const { Items = [] } = await documentClient().send(
    new QueryCommand({
      TableName: tableName('ledger'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return Items[0] as ChainedLedgerEntry | undefined;
}

/** A partner's whole chain of one day, in order (operators and tests verify it). */
export async function readLedgerDay(partner: LedgerEntry['partner'], day: string): Promise<ChainedLedgerEntry[]> {
  const entries: ChainedLedgerEntry[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName('ledger'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `LEDGER#${partner}#${day}` },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const { pk: _pk, sk: _sk, expiresAt: _ttl, ...entry } = item;
      entries.push(entry as ChainedLedgerEntry);
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return entries;
}
