import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { UndeliveredEvent } from '../../core/delivery/event-sweeper';
import { documentClient } from '../aws/dynamodb-client';
import { EVENT_UNDELIVERED, eventUndeliveredIndex } from './event-keys';
import { tableName } from '../aws/resource-names';

/**
 * Pages through the sparse index of events neither delivered nor dead-lettered, only those due
 * before `dueBefore`, oldest first. A healthy gateway's index holds only events in flight.
 */
export async function* overdueEvents(dueBefore: string, pageSize = 100): AsyncGenerator<UndeliveredEvent[]> {
  const pages = paginateQuery(
    { client: documentClient(), pageSize },
    {
      TableName: tableName('events'),
      IndexName: eventUndeliveredIndex,
      KeyConditionExpression: 'undelivered = :undelivered AND undeliveredDueAt < :due',
      ExpressionAttributeValues: { ':undelivered': EVENT_UNDELIVERED, ':due': dueBefore },
      ExpressionAttributeNames: { '#status': 'status' },
      ProjectionExpression: 'eventId, #status, undeliveredDueAt',
    },
  );
  for await (const page of pages) {
    yield (page.Items ?? []).map((item) => ({
      eventId: item.eventId as string,
      status: item.status as UndeliveredEvent['status'],
      undeliveredDueAt: item.undeliveredDueAt as string,
    }));
  }
}
