import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findApiKey } from '../../functions/adapters/api-key-lookup';
import { revokeApiKey, saveNewApiKey } from '../../functions/adapters/api-key-store';
import type { ApiKeyRecord } from '../../functions/core/access/api-keys';
import { generateApiKey } from '../../functions/core/access/api-keys';
import type { EmbeddedDynamoDb } from '../../infra/local/embedded-dynamodb';
import { startEmbeddedDynamoDb } from '../../infra/local/embedded-dynamodb';
import { embeddedServiceClientConfig } from '../../infra/local/net';
import { tables } from '../../infra/topology/resources';

/*
 * The authorizer reads keys without the SDK (adapters/aws/dynamodb-json-api.ts) while the
 * operators' tools write them with it. Against the embedded DynamoDB: what the SDK stored, the
 * signed JSON read returns exactly as the SDK's document client reads it.
 */
let dynamodb: EmbeddedDynamoDb;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  dynamodb = await startEmbeddedDynamoDb({ region: 'ap-southeast-1' });
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamodb.endpoint;
  process.env[tables.clients.envVar] = tables.clients.localName;
  documents = DynamoDBDocumentClient.from(new DynamoDBClient(embeddedServiceClientConfig(dynamodb.endpoint, 'ap-southeast-1')));
});
afterAll(async () => {
  documents?.destroy();
  await dynamodb?.stop();
});

async function sdkRead(keyHash: string) {
  return (await documents.send(new GetCommand({ TableName: tables.clients.localName, Key: { pk: `KEY#${keyHash}` } }))).Item;
}

describe('findApiKey (signed JSON API)', () => {
  it('reads the record the store saved, as the document client reads it', async () => {
    const { keyId, keyHash } = generateApiKey();
    const record: ApiKeyRecord = { keyHash, keyId, name: 'Sở Tư pháp', scopes: ['dossiers:read', 'dossiers:write'], status: 'active', createdAt: '2026-11-30T10:00:00.000Z' };
    await saveNewApiKey(record);

    const found = await findApiKey(keyHash);

    expect(found).toMatchObject(record);
    expect(found).toEqual(await sdkRead(keyHash));
  });

  it('sees a revocation', async () => {
    const { keyId, keyHash } = generateApiKey();
    await saveNewApiKey({ keyHash, keyId, name: 'revoked', scopes: ['payments:read'], status: 'active', createdAt: '2026-11-30T10:00:00.000Z' });
    await revokeApiKey(keyHash, '2026-11-30T11:00:00.000Z');

    expect(await findApiKey(keyHash)).toMatchObject({ status: 'revoked', revokedAt: '2026-11-30T11:00:00.000Z' });
  });

  it('answers undefined for a key never stored', async () => {
    expect(await findApiKey(generateApiKey().keyHash)).toBeUndefined();
  });
});
