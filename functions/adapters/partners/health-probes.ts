import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { QueueKey, TableKey } from '../../../contracts/platform/resources';
import { queues, tables } from '../../../contracts/platform/resources';
import type { Probe } from '../../core/health';
import { documentClient } from '../aws/dynamodb-client';
import { sqsClient } from '../aws/sqs-client';
import { queueUrl, tableName } from '../aws/resource-names';

/** One probe per table (DescribeTable must say ACTIVE) and per queue and dead-letter queue. */
export function resourceProbes(): Probe[] {
  const tableProbes = (Object.keys(tables) as TableKey[]).map(
    (table): Probe => ({
      name: `table:${table}`,
      run: async (abortSignal) => {
        const { Table } = await documentClient().send(new DescribeTableCommand({ TableName: tableName(table) }), { abortSignal });
        if (Table?.TableStatus !== 'ACTIVE') throw new Error(`table status is ${Table?.TableStatus}`);
      },
    }),
  );
  const queueProbes = (Object.keys(queues) as QueueKey[]).flatMap((queue) =>
    (['main', 'deadLetter'] as const).map(
      (which): Probe => ({
        name: which === 'main' ? `queue:${queue}` : `queue:${queue}:dlq`,
        run: async (abortSignal) => {
          await sqsClient().send(
            new GetQueueAttributesCommand({ QueueUrl: queueUrl(queue, which), AttributeNames: ['ApproximateNumberOfMessages'] }),
            { abortSignal },
          );
        },
      }),
    ),
  );
  return [...tableProbes, ...queueProbes];
}
