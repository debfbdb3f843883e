import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { LedgerPartner, LedgerRecord } from '../../core/ledger/ledger-record';
import { readLedgerRecords } from '../ledger/ledger-store';
import { documentClient } from '../aws/dynamodb-client';
import { tableName } from '../aws/resource-names';

/**
 * The ledger as operators read it. Every exchange with a partner is recorded there with its
 * outcome and duration, so partner health is derived from it rather than from a second stats
 * store that could disagree with it; a record's id names the evidence behind a timeline entry.
 */
export type LedgerActivity = LedgerRecord;

/** A partner's records written in [from, now). */
export async function ledgerActivity(partner: LedgerPartner, from: string, now = new Date()): Promise<LedgerActivity[]> {
  return (await readLedgerRecords(partner, from, now.toISOString())).map((stored) => stored.record);
}

/** Every record whose subject or message id is one of `keys` (a dossier, its events, its payments), oldest first. */
export async function ledgerActivityAbout(keys: readonly string[]): Promise<LedgerActivity[]> {
  const unique = [...new Set(keys)].slice(0, 50);
  const found = new Map<string, LedgerActivity>();
  await Promise.all(
    unique.flatMap((key) =>
      (
        [
          ['ledger-by-subject', 'subject'],
          ['ledger-by-message', 'messageId'],
        ] as const
      ).map(async ([index, attribute]) => {
        const pages = paginateQuery(
          { client: documentClient() },
          {
            TableName: tableName('ledger'),
            IndexName: index,
            KeyConditionExpression: '#key = :key',
            ExpressionAttributeNames: { '#key': attribute },
            ExpressionAttributeValues: { ':key': key },
          },
        );
        for await (const page of pages) {
          for (const item of page.Items ?? []) {
            const { pk: _pk, sk: _sk, expiresAt: _ttl, ...record } = item;
            found.set(record.recordId as string, record as LedgerRecord);
          }
        }
      }),
    ),
  );
  return [...found.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
