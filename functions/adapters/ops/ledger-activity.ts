import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerEntry } from '../../core/ledger-chain';
import { documentClient } from '../dynamodb-client';
import { tableName } from '../resource-names';

/**
 * The ledger as operators read it: one exchange with its outcome and duration, and the id that
 * names the record (the evidence behind a timeline entry or a health figure). The ledger is the
 * one place every partner exchange is recorded with its outcome and duration, so partner health is
 * derived from it rather than from a second stats store that could disagree with it.
 */
export interface LedgerActivity extends LedgerEntry {
  readonly recordId: string;
}

const partners: readonly LedgerEntry['partner'][] = ['portal', 'city', 'identity', 'payment', 'operator'];

/** A partner's exchanges at or after `from` (the chains are per partner and UTC day). */
export async function ledgerActivity(partner: LedgerEntry['partner'], from: string, now = new Date()): Promise<LedgerActivity[]> {
  const records: LedgerActivity[] = [];
  for (const day of daysBetween(from, now)) {
    await queryDay(partner, day, { FilterExpression: '#at >= :from', ExpressionAttributeNames: { '#at': 'at' }, ExpressionAttributeValues: { ':from': from } }, records);
  }
  return records;
}

/** Every partner's records whose subject or message id is one of `keys` (a dossier, its events, payments). */
export async function ledgerActivityAbout(keys: readonly string[], from: string, now = new Date()): Promise<LedgerActivity[]> {
  const unique = [...new Set(keys)].slice(0, 50);
  if (unique.length === 0) return [];
  const values = Object.fromEntries(unique.map((key, i) => [`:k${i}`, key]));
  const list = Object.keys(values).join(', ');
  const records: LedgerActivity[] = [];
  const days = daysBetween(from, now);
  await Promise.all(
    partners.map(async (partner) => {
      for (const day of days) {
        await queryDay(partner, day, { FilterExpression: `subject IN (${list}) OR messageId IN (${list})`, ExpressionAttributeValues: values }, records);
      }
    }),
  );
  return records.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

async function queryDay(
  partner: string,
  day: string,
  filter: { FilterExpression: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> },
  into: LedgerActivity[],
): Promise<void> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName('ledger'),
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: filter.FilterExpression,
        ExpressionAttributeNames: filter.ExpressionAttributeNames,
        ExpressionAttributeValues: { ':pk': `LEDGER#${partner}#${day}`, ...filter.ExpressionAttributeValues },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const { pk: _pk, sk, expiresAt: _ttl, previousHash: _p, hash: _h, sequence: _s, ...entry } = item;
      into.push({ ...(entry as LedgerEntry), recordId: `${partner}/${day}/${sk as string}` });
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

function daysBetween(from: string, now: Date): string[] {
  const days: string[] = [];
  const start = Date.parse(`${from.slice(0, 10)}T00:00:00Z`);
  for (let t = start; t <= now.getTime(); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days.slice(-31);
}
