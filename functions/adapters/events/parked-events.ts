import { createHash } from 'node:crypto';
import { BatchWriteCommand, paginateQuery, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { platformLimits } from '../../../contracts/platform/limits';
import { documentClient } from '../aws/dynamodb-client';
import { tableName } from '../aws/resource-names';

/*
 * City deliveries parked while the city system is down: one PARKED#city#<shard> item per event,
 * written before the event's queue message is deleted, so the release after the outage finds
 * every one of them. Sharded so that parking a burst never writes to one hot key.
 */

const shards = 16;
const shardOf = (eventId: string) => createHash('sha256').update(eventId).digest()[0]! % shards;
const partitionOf = (shard: number) => `PARKED#city#${String(shard).padStart(2, '0')}`;

export async function parkCityEvent(eventId: string, at: string): Promise<void> {
  await documentClient().send(
    new PutCommand({ TableName: tableName('partnerHealth'), Item: { pk: partitionOf(shardOf(eventId)), sk: eventId, parkedAt: at } }),
  );
}

/** Every parked event id, a page at a time, shard after shard. */
export async function* parkedCityEvents(pageSize = 100): AsyncGenerator<string[]> {
  for (let shard = 0; shard < shards; shard++) {
    const pages = paginateQuery(
      { client: documentClient(), pageSize },
      { TableName: tableName('partnerHealth'), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partitionOf(shard) }, ProjectionExpression: 'sk' },
    );
    for await (const page of pages) {
      const ids = (page.Items ?? []).map((item) => item.sk as string);
      if (ids.length > 0) yield ids;
    }
  }
}

/** One parked event, for a probe: the shards are tried from a random one so probes spread. */
export async function anyParkedCityEvent(random: () => number = Math.random): Promise<string | undefined> {
  const start = Math.floor(random() * shards);
  for (let i = 0; i < shards; i++) {
    const { Items = [] } = await documentClient().send(
      new QueryCommand({
        TableName: tableName('partnerHealth'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partitionOf((start + i) % shards) },
        ProjectionExpression: 'sk',
        Limit: 1,
      }),
    );
    if (Items[0]) return Items[0].sk as string;
  }
  return undefined;
}

/** Forgets parked events once their messages are back in the queue. */
export async function unparkCityEvents(eventIds: readonly string[]): Promise<void> {
  const perRequest = platformLimits.dynamoBatchWriteItems;
  for (let i = 0; i < eventIds.length; i += perRequest) {
    let requests: Record<string, unknown>[] | undefined = eventIds
      .slice(i, i + perRequest)
      .map((eventId) => ({ DeleteRequest: { Key: { pk: partitionOf(shardOf(eventId)), sk: eventId } } }));
    while (requests && requests.length > 0) {
      const result = await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName('partnerHealth')]: requests as never } }));
      requests = result.UnprocessedItems?.[tableName('partnerHealth')] as Record<string, unknown>[] | undefined;
    }
  }
}
