import { SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DossierSnapshotInput } from '../../../contracts/api/dossier';
import { sampleDossier } from '../../../infra/local/sample-dossier';

/*
 * The insight worker's batch: the snapshot's and the acknowledgement's nudges of one dossier often
 * arrive in one SQS batch; one refresh (read after both were sent) stands for both. A nudge that
 * recorded something new (a relayed rating) still refreshes.
 */

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: typeof import('../../../functions/insight-worker/handler').handler;

beforeAll(async () => {
  process.env.DOSSIERS_TABLE = 'dossiers';
  process.env.INSIGHT_TABLE = 'insight';
  process.env.EVENTS_TABLE = 'events';
  process.env.INSIGHT_QUEUE_URL = 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/insight';
  process.env.INSIGHT_DLQ_URL = 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/insight-dlq';
  process.env.CITY_DELIVERY_QUEUE_URL = 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/city-delivery';
  ({ handler } = await import('../../../functions/insight-worker/handler'));
});

/** BatchGetItem answers: each dossier's STATE (stored now, so no clock fires), nothing in the insight table. */
beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  dynamo.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: { pk: string; sk: string }[] }> }) => {
    const states = input.RequestItems.dossiers!.Keys.filter((k) => k.sk === 'STATE').map((k) => {
      const dossierCode = k.pk.slice('DOSSIER#'.length);
      return { ...k, dossierCode, version: 1, contentHash: 'h', snapshot: stored(dossierCode), storedAt: new Date().toISOString() };
    });
    return { Responses: { dossiers: states, insight: [] } };
  });
  dynamo.on(PutCommand).resolves({});
  dynamo.on(UpdateCommand).resolves({});
  dynamo.on(BatchWriteCommand).resolves({});
});

/** A snapshot as the dossiers table keeps it (parsed, defaults filled). */
const stored = (dossierCode: string) => ({ ...DossierSnapshotInput.parse(sampleDossier()), dossierCode });
const context = { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'r' } as unknown as Context;
const batch = (...bodies: object[]): SQSEvent => ({
  Records: bodies.map((body, i) => ({ messageId: `m${i}`, receiptHandle: `rh${i}`, body: JSON.stringify(body), attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {} })),
} as unknown as SQSEvent);
const refreshedDossiers = () => dynamo.commandCalls(BatchGetCommand).map((c) => (c.args[0].input.RequestItems!.dossiers!.Keys![0] as { pk: string }).pk);

describe('insight worker batch', () => {
  it('refreshes each dossier once per batch, however many plain nudges name it', async () => {
    const result = await handler(
      batch({ dossierCode: 'H29-B1', origin: 'snapshot' }, { dossierCode: 'H29-B2', origin: 'snapshot' }, { dossierCode: 'H29-B1', origin: 'portal_ack' }, { dossierCode: 'H29-B1', origin: 'deadline' }),
      context,
    );
    expect(result?.batchItemFailures).toEqual([]);
    expect(refreshedDossiers()).toEqual(['DOSSIER#H29-B1', 'DOSSIER#H29-B2']);
    // A new dossier: one contribution write per dossier, never a second for the coalesced nudges.
    const contributionWrites = dynamo.commandCalls(PutCommand).filter((c) => (c.args[0].input.Item as { sk?: string }).sk === 'CONTRIB');
    expect(contributionWrites).toHaveLength(2);
  });

  it('refreshes again after a failed refresh, and in the next batch', async () => {
    let failures = 1;
    dynamo.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: { pk: string; sk: string }[] }> }) => {
      if (failures-- > 0) throw new Error('throttled');
      const k = input.RequestItems.dossiers!.Keys[0]!;
      return { Responses: { dossiers: [{ pk: k.pk, sk: 'STATE', dossierCode: 'H29-B3', version: 1, contentHash: 'h', snapshot: stored('H29-B3'), storedAt: new Date().toISOString() }], insight: [] } };
    });
    const result = await handler(batch({ dossierCode: 'H29-B3', origin: 'snapshot' }, { dossierCode: 'H29-B3', origin: 'portal_ack' }), context);
    expect(result?.batchItemFailures).toEqual([{ itemIdentifier: 'm0' }]);
    expect(refreshedDossiers()).toHaveLength(2);
    await handler(batch({ dossierCode: 'H29-B3', origin: 'portal_ack' }), context);
    expect(refreshedDossiers()).toHaveLength(3);
  });
});
