import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { paginateQuery, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { ledgerRetentionDays } from '../../../contracts/platform/resources';
import type { LedgerEntry, LedgerPartner, LedgerRecord, StoredLedgerRecord } from '../../core/ledger/ledger-record';
import { ledgerFailureOf } from '../../core/ledger/ledger-failure';
import { keyTime, newLedgerRecord, recordKey } from '../../core/ledger/ledger-record';
import { loggableError } from '../../observability/loggable-error';
import { logger } from '../../observability/logger';
import { emitMetric, recordExchangeMetrics } from '../../observability/metrics';
import { documentClient } from '../aws/dynamodb-client';
import { recordLedgerFailure } from './ledger-failure-store';
import { tableName } from '../aws/resource-names';

/**
 * Records are spread over a few partition keys per partner and hour, so a burst of one partner's
 * exchanges never concentrates on one DynamoDB partition key (about 1,000 writes/s each).
 */
export const ledgerShards = 4;
const appendAttempts = 3;

const hourOf = (iso: string) => iso.slice(0, 13);
const shardOf = (recordId: string) => createHash('sha256').update(recordId).digest()[0]! % ledgerShards;
const partitionOf = (partner: string, hour: string, shard: number) => `LEDGER#${partner}#${hour}#${shard}`;

/** Where a record is stored (operators' tools and tests address single records with it). */
export const ledgerItemKey = (record: LedgerRecord) => ({
  pk: partitionOf(record.partner, hourOf(record.writtenAt), shardOf(record.recordId)),
  sk: recordKey(record),
});

/**
 * Appends one record: its own item, one PutItem, no shared head — concurrent appends never
 * contend. The key is fixed before the first attempt, so a retry after an ambiguous failure
 * finds its own item (the condition fails) and counts as written. A record that still cannot
 * be written is logged at ERROR (counted and alarmed, DESIGN §8), kept for operators in the
 * ops-stats table, and the exchange goes on: the ledger records exchanges, it does not gate them.
 */
export async function appendLedger(entry: LedgerEntry): Promise<LedgerRecord | undefined> {
  const record = newLedgerRecord(entry);
  const item = {
    ...ledgerItemKey(record),
    ...record,
    expiresAt: Math.floor(Date.parse(record.writtenAt) / 1000) + ledgerRetentionDays * 86_400,
  };
  // Metrics follow the exchange, not the write: a call that happened counts even if its record is lost.
  recordExchangeMetrics(entry);
  let lastError: unknown;
  for (let attempt = 1; attempt <= appendAttempts; attempt++) {
    try {
      await documentClient().send(new PutCommand({ TableName: tableName('ledger'), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      emitMetric('ledgerAppends', { partner: entry.partner });
      return record;
    } catch (error) {
      // An earlier attempt of this append wrote it (its answer was lost): written once, counted once.
      if (error instanceof ConditionalCheckFailedException) {
        emitMetric('ledgerAppends', { partner: entry.partner });
        return record;
      }
      lastError = error;
    }
  }
  // The ledger-failure alarm counts this metric (infra/constructs/observability.ts); the line says which record.
  emitMetric('ledgerAppendFailures', { partner: entry.partner });
  logger.error('ledger append failed', {
    partner: entry.partner,
    operation: entry.operation,
    messageId: entry.messageId,
    recordId: record.recordId,
    error: loggableError(lastError),
  });
  // …and operators find it listed with the stuck work (GET /v1/ops/stuck?kind=ledger-failures).
  await recordLedgerFailure(ledgerFailureOf(record, lastError, new Date().toISOString()));
  return undefined;
}

/** A partner's records written in [from, to), in key order (the sealer and the verifier read them). */
export async function readLedgerRecords(partner: LedgerPartner, from: string, to: string): Promise<StoredLedgerRecord[]> {
  const records: StoredLedgerRecord[] = [];
  // Hour by hour, the shards of an hour together: bounded concurrency however long the range.
  for (const hour of hoursBetween(from, to)) {
    await Promise.all(
      Array.from({ length: ledgerShards }, (_, shard) =>
        queryAll(
          {
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': partitionOf(partner, hour, shard), ':from': from, ':to': to },
          },
          (item) => {
            const stored = toStored(item);
            if (keyTime(stored.key) >= from && keyTime(stored.key) < to) records.push(stored);
          },
        ),
      ),
    );
  }
  return records.sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** Every record caused by one message (the prove command starts here). */
export async function findLedgerRecords(messageId: string): Promise<StoredLedgerRecord[]> {
  const records: StoredLedgerRecord[] = [];
  await queryAll(
    { IndexName: 'ledger-by-message', KeyConditionExpression: 'messageId = :m', ExpressionAttributeValues: { ':m': messageId } },
    (item) => records.push(toStored(item)),
  );
  return records;
}

function toStored(item: Record<string, unknown>): StoredLedgerRecord {
  const { pk: _pk, sk, expiresAt: _ttl, ...record } = item;
  return { key: sk as string, record: record as unknown as LedgerRecord };
}

async function queryAll(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>, each: (item: Record<string, unknown>) => void): Promise<void> {
  for await (const page of paginateQuery({ client: documentClient() }, { ...input, TableName: tableName('ledger') })) {
    for (const item of page.Items ?? []) each(item);
  }
}

function hoursBetween(from: string, to: string): string[] {
  const hours: string[] = [];
  const start = Date.parse(`${hourOf(from)}:00:00.000Z`);
  const end = Date.parse(to);
  for (let t = start; t < end; t += 3_600_000) hours.push(new Date(t).toISOString().slice(0, 13));
  return hours;
}
