import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { mkdirSync } from 'node:fs';
import { tables } from '../topology/resources';
import { startEmbeddedServiceThread } from './embedded-thread';
import { embeddedServiceClientConfig } from './net';

export interface EmbeddedDynamoDb {
  readonly endpoint: string;
  readonly stop: () => Promise<void>;
}

/**
 * dynalite (DynamoDB's API over LevelDB) on its own thread of this process, with every table of
 * the topology. Known gaps, none of which the gateway relies on: no transactions, TTL never
 * expires items.
 */
export async function startEmbeddedDynamoDb(options: { dataDir?: string; region: string }): Promise<EmbeddedDynamoDb> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const service = await startEmbeddedServiceThread('dynalite', { dataDir: options.dataDir, parseCache: process.env.LIENTHONG_DYNALITE_PARSE_CACHE !== 'off' });
  const endpoint = `http://127.0.0.1:${service.port}`;
  try {
    await createMissingTables(endpoint, options.region);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return { endpoint, stop: service.stop };
}

/** Creates the topology's tables that do not exist (tests that remove one put it back with this). */
export async function createMissingTables(endpoint: string, region: string): Promise<void> {
  const client = new DynamoDBClient(embeddedServiceClientConfig(endpoint, region));
  try {
    const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
    for (const table of Object.values(tables)) {
      if (existing.has(table.localName)) continue;
      const keyAttributes = new Set<string>([table.partitionKey]);
      if ('sortKey' in table) keyAttributes.add(table.sortKey);
      for (const index of table.indexes) {
        keyAttributes.add(index.partitionKey);
        if (index.sortKey) keyAttributes.add(index.sortKey);
      }
      await client.send(
        new CreateTableCommand({
          TableName: table.localName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [...keyAttributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
          KeySchema: [
            { AttributeName: table.partitionKey, KeyType: 'HASH' },
            ...('sortKey' in table ? [{ AttributeName: table.sortKey, KeyType: 'RANGE' as const }] : []),
          ],
          GlobalSecondaryIndexes: table.indexes.length
            ? table.indexes.map((index) => ({
                IndexName: index.name,
                KeySchema: [
                  { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
                  ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }] : []),
                ],
                Projection: { ProjectionType: 'ALL' as const },
              }))
            : undefined,
        }),
      );
    }
  } finally {
    client.destroy();
  }
}
