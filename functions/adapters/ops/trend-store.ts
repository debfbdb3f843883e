import { paginateQuery, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StuckCounts } from '../../../contracts/api/ops';
import { documentClient } from '../aws/dynamodb-client';
import { tableName } from '../aws/resource-names';

/** Samples live two days: the console shows 24 h, and a day more covers yesterday's comparison. */
const retentionSeconds = 2 * 24 * 3600;

export async function saveTrendSample(at: string, counts: StuckCounts): Promise<void> {
  await documentClient().send(
    new PutCommand({ TableName: tableName('opsStats'), Item: { pk: 'TREND', sk: at, counts, expiresAt: Math.floor(Date.parse(at) / 1000) + retentionSeconds } }),
  );
}

export async function readTrendSamples(from: string): Promise<{ at: string; counts: StuckCounts }[]> {
  const samples: { at: string; counts: StuckCounts }[] = [];
  const pages = paginateQuery(
    { client: documentClient() },
    { TableName: tableName('opsStats'), KeyConditionExpression: 'pk = :pk AND sk >= :from', ExpressionAttributeValues: { ':pk': 'TREND', ':from': from } },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) samples.push({ at: item.sk as string, counts: item.counts as StuckCounts });
  }
  return samples;
}
