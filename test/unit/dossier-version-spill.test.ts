import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { putSnapshotIfNewer } from '../../functions/adapters/dossier/dossier-store';
import { recentVersionsKept } from '../../functions/adapters/dossier/dossier-version-store';
import type { StoredDossier } from '../../functions/core/dossier/dossier-records';

/*
 * The rare path of the version history: STATE's recent list is full, so a newer snapshot's write
 * is refused until the list is copied to the history partition and emptied. Nothing may be lost:
 * the list is emptied only after every record was copied, and only if it is still the list copied.
 */
const dynamo = mockClient(DynamoDBDocumentClient);
const failed = () => new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

beforeAll(() => {
  process.env.DOSSIERS_TABLE = 'dossiers';
});
beforeEach(() => dynamo.reset());

const candidate = { dossierCode: 'H29-SPILL', version: 20, contentHash: 'h20', snapshot: { status: 'processing' }, storedAt: '2026-11-30T10:00:00.000Z' } as unknown as StoredDossier;
const fullList = Array.from({ length: recentVersionsKept }, (_, i) => ({ version: i + 1, storedAt: `2026-11-2${i}T00:00:00.000Z`, contentHash: `h${i + 1}`, status: 'received' }));
const state = { pk: 'DOSSIER#H29-SPILL', sk: 'STATE', dossierCode: 'H29-SPILL', version: recentVersionsKept, contentHash: 'h', snapshot: {}, storedAt: 'x', recentVersions: fullList };
const isSnapshotWrite = (input: { UpdateExpression?: string }) => input.UpdateExpression?.startsWith('SET') ?? false;

describe('putSnapshotIfNewer with a full recent-versions list', () => {
  it('copies the list to the history partition, empties it only if unchanged, then writes the snapshot', async () => {
    // Prepare: the first write is refused for the full list, the second (after the move) succeeds.
    dynamo.on(UpdateCommand).rejectsOnce(failed()).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [state] });
    dynamo.on(BatchWriteCommand).resolves({});

    // Act
    const result = await putSnapshotIfNewer(candidate);

    // Assess
    expect(result).toEqual({ written: true });
    const copied = dynamo.commandCalls(BatchWriteCommand).flatMap((c) => c.args[0].input.RequestItems!.dossiers!.map((r) => r.PutRequest!.Item));
    expect(copied.map((item) => [item!.pk, item!.sk, item!.contentHash])).toEqual(fullList.map((r) => ['DOSSIER#H29-SPILL#VERSIONS', `VERSION#${String(r.version).padStart(16, '0')}`, r.contentHash]));
    const updates = dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(updates.map((u) => (isSnapshotWrite(u) ? 'write' : u.UpdateExpression))).toEqual(['write', 'REMOVE #recent', 'write']);
    expect(updates[1]!.ConditionExpression).toBe('size(#recent) >= :kept AND #recent[0].#version = :first');
    expect(updates[1]!.ExpressionAttributeValues).toEqual({ ':kept': recentVersionsKept, ':first': 1 });
  });

  it('keeps the list and fails the write when the copy cannot be completed, so the city resends', async () => {
    dynamo.on(UpdateCommand).rejects(failed());
    dynamo.on(QueryCommand).resolves({ Items: [state] });
    dynamo.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => ({ UnprocessedItems: input.RequestItems }));

    const error = await putSnapshotIfNewer(candidate).catch((e: unknown) => e);

    expect((error as Error).message).toMatch(/left unprocessed/);
    expect(dynamo.commandCalls(UpdateCommand).filter((c) => !isSnapshotWrite(c.args[0].input))).toHaveLength(0);
  });

  it('answers a refusal, without moving anything, when the stored version is not older', async () => {
    dynamo.on(UpdateCommand).rejects(failed());
    dynamo.on(QueryCommand).resolves({ Items: [{ ...state, version: 25 }] });

    const result = await putSnapshotIfNewer(candidate);

    expect(result).toMatchObject({ written: false, current: { state: { version: 25 }, recentVersions: fullList.map((r) => ({ version: r.version, contentHash: r.contentHash })) } });
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });
});
