import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerEntry } from '../../core/ledger/ledger-record';
import { loggableError } from '../../observability/loggable-error';
import { logger } from '../../observability/logger';
import { documentClient } from '../aws/dynamodb-client';
import { tableName } from '../aws/resource-names';

/**
 * Refused, unauthenticated requests (a signature that does not verify, a body that cannot even be
 * checked) are not exchanges with a partner: anyone can send them. They are kept apart from the
 * partners' records, per partner and minute: one counter item (every request counted) and the
 * first few as samples. Storage is bounded (1 + samplesPerMinute items a minute, gone after the
 * retention) whatever the flood, and a flood touches no partition key of the partners' records.
 */
export const refusedLedgerLimits = { samplesPerMinute: 20, retentionDays: 30 } as const;

export async function recordRefused(entry: LedgerEntry): Promise<void> {
  const minute = entry.at.slice(0, 16);
  const pk = `REFUSED#${entry.partner}#${minute}`;
  const expiresAt = Math.floor(Date.parse(entry.at) / 1000) + refusedLedgerLimits.retentionDays * 86_400;
  try {
    const { Attributes } = await documentClient().send(
      new UpdateCommand({
        TableName: tableName('ledger'),
        Key: { pk, sk: 'COUNT' },
        UpdateExpression: 'ADD #count :one SET expiresAt = :ttl',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':ttl': expiresAt },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const count = Number(Attributes?.count ?? 0);
    if (count > refusedLedgerLimits.samplesPerMinute) return;
    const { messageId, subject, ...sample } = entry;
    // `sampleMessageId`, not `messageId`: samples stay out of the records' message index. The
    // subject and id come from an unauthenticated sender: kept short, they stay identifiers.
    await documentClient().send(
      new PutCommand({
        TableName: tableName('ledger'),
        Item: { pk, sk: `SAMPLE#${String(count).padStart(4, '0')}`, ...sample, subject: subject?.slice(0, 64), sampleMessageId: messageId.slice(0, 128), expiresAt },
      }),
    );
  } catch (error) {
    // Best effort by design: a flood that throttles its own counter must not fail the request path.
    logger.warn('refused request not counted', { partner: entry.partner, operation: entry.operation, error: loggableError(error) });
  }
}

/** The counters and samples of one partner and minute (operators and tests read them). */
export async function readRefused(partner: string, minute: string): Promise<{ count: number; samples: Record<string, unknown>[] }> {
  const { Items = [] } = await documentClient().send(
    new QueryCommand({ TableName: tableName('ledger'), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `REFUSED#${partner}#${minute}` }, ConsistentRead: true }),
  );
  const counter = Items.find((item) => item.sk === 'COUNT');
  return { count: Number(counter?.count ?? 0), samples: Items.filter((item) => String(item.sk).startsWith('SAMPLE#')) };
}
