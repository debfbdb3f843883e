import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { lambdaContext, proxyEventFor } from '../support/proxy-event';

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

let handler: typeof import('../../functions/put-dossier/handler').handler;

beforeAll(async () => {
  process.env.DOSSIERS_TABLE = 'dossiers';
  process.env.PORTAL_SYNC_QUEUE_URL = 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/portal-sync';
  ({ handler } = await import('../../functions/put-dossier/handler'));
});

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
});

const put = (body: unknown, headers: Record<string, string> = {}) =>
  handler(
    proxyEventFor({
      method: 'PUT',
      resource: '/v1/dossiers/{code}',
      path: '/v1/dossiers/H29-1',
      pathParameters: { code: 'H29-1' },
      body: JSON.stringify(body),
      headers,
    }),
    lambdaContext,
  );

describe('PUT /v1/dossiers/{code} handler', () => {
  it('writes conditionally, queues { dossierCode, version } and answers 202', async () => {
    dynamo.on(UpdateCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm1' });

    const response = await put(sampleDossier({ version: 2 }));

    expect(response.statusCode).toBe(202);
    const write = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(write?.ConditionExpression).toBe('attribute_not_exists(pk) OR (#version < :version AND (attribute_not_exists(#recent) OR size(#recent) < :kept))');
    expect(write?.Key).toEqual({ pk: 'DOSSIER#H29-1', sk: 'STATE' });
    expect(write?.ExpressionAttributeValues).toMatchObject({ ':version': 2, ':pending': 'PORTAL', ':kept': 8 });
    // The version's fingerprint for the timeline rides on the same write: no second DynamoDB call.
    expect(write?.UpdateExpression).toContain('#recent = list_append(if_not_exists(#recent, :none), :received)');
    expect(write?.ExpressionAttributeValues?.[':received']).toEqual([{ version: 2, storedAt: expect.any(String), contentHash: expect.stringMatching(/^[\w-]{43}$/), status: 'received', outcome: 'stored' }]);
    expect(dynamo.calls()).toHaveLength(1);
    expect(JSON.parse(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody ?? '')).toEqual({
      dossierCode: 'H29-1',
      version: 2,
      origin: 'api',
    });
  });

  it('answers 409 with the stored version when a newer one is stored', async () => {
    dynamo.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));
    dynamo.on(QueryCommand).resolves({ Items: [{ sk: 'STATE', dossierCode: 'H29-1', version: 7, contentHash: 'other', snapshot: {}, storedAt: 'x' }] });

    const response = await put(sampleDossier({ version: 2 }));

    expect(response.statusCode).toBe(409);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toMatchObject({ type: 'urn:lienthong:problem:version-conflict', storedVersion: 7 });
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    // The refusal is recorded with its answer and the version that was stored then, keyed by number and content.
    const record = dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item;
    expect(record).toMatchObject({ pk: 'DOSSIER#H29-1#VERSIONS', version: 2, outcome: 'refused', refusedWhileStored: 7 });
    expect(record?.sk).toMatch(/^VERSION#0+2#REFUSED#[\w-]{43}$/);
  });

  it('answers 503 with Retry-After, never 2xx, when the queue is down', async () => {
    dynamo.on(UpdateCommand).resolves({});
    sqs.on(SendMessageCommand).rejects(new Error('ServiceUnavailable'));

    const response = await put(sampleDossier());

    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('2');
    expect(JSON.parse(response.body).type).toBe('urn:lienthong:problem:dependency-unavailable');
  });

  it('answers 500 as a problem without internals when storage fails unexpectedly', async () => {
    dynamo.on(UpdateCommand).rejects(new Error('secret internal detail'));

    const response = await put(sampleDossier());

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret internal detail');
    expect(JSON.parse(response.body).requestId).toBe('req-from-gateway');
  });

  it('echoes a caller-supplied x-request-id', async () => {
    dynamo.on(UpdateCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({});

    const response = await put(sampleDossier(), { 'X-Request-Id': 'city-abc-123' });

    expect(response.headers?.['x-request-id']).toBe('city-abc-123');
  });

  it('rejects a body whose dossierCode disagrees with the path, naming the field', async () => {
    const response = await put(sampleDossier({ dossierCode: 'OTHER-1' }));

    expect(response.statusCode).toBe(422);
    expect(JSON.parse(response.body).errors).toEqual([expect.objectContaining({ location: 'body', path: '/dossierCode' })]);
    expect(dynamo.calls()).toHaveLength(0);
  });
});
