import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMissingTables } from '../../infra/local/embedded-dynamodb';
import { embeddedServiceClientConfig } from '../../infra/local/net';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { tables } from '../../infra/topology/resources';
import { inspectPortalDossier } from '../support/portal-sim';
import type { TwinFixture } from '../support/twin-fixture';
import { call, eventually, startTestTwin } from '../support/twin-fixture';

/**
 * A ledger the store refuses to write to: the twin's ledger table is deleted, so every append
 * fails for real (ResourceNotFoundException after its retries). The exchanges go on, and each
 * lost record is listed as stuck work with what an operator needs to look into it.
 */
let fixture: TwinFixture;
let dynamodb: DynamoDBClient;
const code = 'H29-LEDGER-FAIL-1';

beforeAll(async () => {
  fixture = await startTestTwin();
  dynamodb = new DynamoDBClient(embeddedServiceClientConfig(fixture.twin.dynamodbEndpoint, fixture.twin.region));
});
afterAll(async () => {
  dynamodb.destroy();
  await fixture.stop();
});

describe('ledger write failures as stuck work', () => {
  it('lists an exchange whose ledger record the store refused, with its dossier, partner, operation and error code', async () => {
    // Prepare: the ledger table is gone (a deleted or mis-named table; the same path as throttling or a denied write).
    const reader = await fixture.keyWith('ops:read');
    await dynamodb.send(new DeleteTableCommand({ TableName: tables.ledger.localName }));
    await eventually(async () => {
      await expect(dynamodb.send(new DescribeTableCommand({ TableName: tables.ledger.localName }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    });

    // Act: a dossier is pushed; the portal receives it although its ledger record cannot be written.
    expect((await call(fixture.twin.gatewayUrl, 'PUT', `/v1/dossiers/${code}`, { key: fixture.twin.apiKey, body: sampleDossier() })).status).toBe(202);
    await eventually(async () => expect((await inspectPortalDossier(fixture.twin.simulators.portal!, code))?.dossier.MaHoSo).toBe(code), 20_000);

    // Assess
    const failure = await eventually(async () => {
      const answer = await call(fixture.twin.gatewayUrl, 'GET', '/v1/ops/stuck?kind=ledger-failures', { key: reader });
      expect(answer.status, answer.text).toBe(200);
      const found = answer.body.ledgerFailures.find((f: { subject: string | null; partner: string }) => f.subject === code && f.partner === 'portal');
      expect(found).toBeDefined();
      expect(answer.body.dossiers).toEqual([]);
      return found;
    }, 20_000);
    expect(failure).toMatchObject({ direction: 'outbound', outcome: 'ok', errorCode: 'ResourceNotFoundException' });
    expect(failure.operation).toMatch(/\S/);
    expect(failure.recordId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(failure.at)).toBeGreaterThan(Date.now() - 60_000);
    const all = await call(fixture.twin.gatewayUrl, 'GET', '/v1/ops/stuck?kind=ledger-failures', { key: reader });
    expect(JSON.stringify(all.body)).not.toMatch(/Minh Khai|079190012345|0909123456/);

    const otherCode = await call(fixture.twin.gatewayUrl, 'GET', '/v1/ops/stuck?kind=ledger-failures&errorCode=ProvisionedThroughputExceededException', { key: reader });
    expect(otherCode.body.ledgerFailures).toEqual([]);
  });

  it('counts the failures in the overview once the ledger is back', async () => {
    // Prepare
    const reader = await fixture.keyWith('ops:read');
    await createMissingTables(fixture.twin.dynamodbEndpoint, fixture.twin.region);

    // Act
    const overview = await call(fixture.twin.gatewayUrl, 'GET', '/v1/ops/overview', { key: reader });

    // Assess
    expect(overview.status, overview.text).toBe(200);
    expect(overview.body.stuck.ledgerFailures).toBeGreaterThanOrEqual(1);
    expect(overview.body.trend.at(-1).counts.ledgerFailures).toBe(overview.body.stuck.ledgerFailures);
  });
});
