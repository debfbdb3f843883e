import { paginateScan, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord } from '../core/access/api-keys';
import { apiKeyPk } from './api-key-lookup';
import { documentClient } from './aws/dynamodb-client';
import { tableName } from './aws/resource-names';

const keyOf = (keyHash: string) => ({ pk: apiKeyPk(keyHash) });

/** The one read, shared with the authorizer, which cannot afford the SDK's load (api-key-lookup.ts). */
export { findApiKey } from './api-key-lookup';

export async function saveNewApiKey(record: ApiKeyRecord): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName('clients'),
      Item: { ...keyOf(record.keyHash), ...record },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** The clients table holds a few hundred keys at most, so operator listings scan it. */
export async function listApiKeys(): Promise<ApiKeyRecord[]> {
  const records: ApiKeyRecord[] = [];
  for await (const page of paginateScan({ client: documentClient() }, { TableName: tableName('clients') })) {
    records.push(...((page.Items ?? []) as ApiKeyRecord[]));
  }
  return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function revokeApiKey(keyHash: string, at: string): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName('clients'),
      Key: keyOf(keyHash),
      UpdateExpression: 'SET #status = :revoked, revokedAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':revoked': 'revoked', ':at': at },
    }),
  );
}
