import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ApiKeyRecord } from '../core/access/api-keys';
import { callDynamoDb } from './aws/dynamodb-json-api';
import { tableName } from './aws/resource-names';

/*
 * The authorizer's one read, apart from api-key-store.ts (which writes and lists keys through the
 * SDK's document client) so that the authorizer's bundle never requires @aws-sdk/client-dynamodb.
 * util-dynamodb is the converter lib-dynamodb's document client itself uses, with the same
 * defaults, so the record reads exactly as it did through GetCommand.
 */

/** The clients table's partition key of a key's record. */
export const apiKeyPk = (keyHash: string) => `KEY#${keyHash}`;

export async function findApiKey(keyHash: string): Promise<ApiKeyRecord | undefined> {
  const { Item } = await callDynamoDb<{ Item?: Record<string, AttributeValue> }>('GetItem', {
    TableName: tableName('clients'),
    Key: { pk: { S: apiKeyPk(keyHash) } },
  });
  return Item ? (unmarshall(Item) as ApiKeyRecord) : undefined;
}
