import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMissingTables } from '../../infra/local/embedded-dynamodb';
import { embeddedServiceClientConfig } from '../../infra/local/net';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { tables } from '../../infra/topology/resources';
import { gatewayMetrics } from '../../contracts/platform/metrics';
import { captureOutput } from '../fuzz/log-capture';
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
let output: ReturnType<typeof captureOutput>;
const code = 'H29-LEDGER-FAIL-1';

beforeAll(async () => {
  // Metrics on, as in Lambda, and the containers' output kept: the degraded overview must say so where an alarm reads.
  output = captureOutput();
  fixture = await startTestTwin({ functionEnvironment: { POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_LOG_LEVEL: 'ERROR' } });
  dynamodb = new DynamoDBClient(embeddedServiceClientConfig(fixture.twin.dynamodbEndpoint, fixture.twin.region));
});
afterAll(async () => {
  dynamodb.destroy();
  await fixture.stop();
  output.restore();
  // The twin set them for the functions in this process's environment; the suite defaults are these.
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

/** Deletes the twin's ledger table, if it is there, and waits until it is gone. */
async function dropLedger(): Promise<void> {
  await dynamodb.send(new DeleteTableCommand({ TableName: tables.ledger.localName })).catch((error: unknown) => {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  });
  await eventually(async () => {
    await expect(dynamodb.send(new DescribeTableCommand({ TableName: tables.ledger.localName }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
}

/** The JSON lines the function containers printed that carry `field`. */
const printed = (field: string) =>
  output
    .text()
    .split('\n')
    .filter((line) => line.includes(`"${field}"`))
    .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>);

describe('ledger write failures as stuck work', () => {
  it('lists an exchange whose ledger record the store refused, with its dossier, partner, operation and error code', async () => {
    // Prepare: the ledger table is gone (a deleted or mis-named table; the same path as throttling or a denied write).
    const reader = await fixture.keyWith('ops:read');
    await dropLedger();

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

  it('answers the overview without partner health while the ledger cannot be read, says why, and logs and counts the gap', async () => {
    // Prepare: the ledger table is gone (still, after the previous test).
    const reader = await fixture.keyWith('ops:read');
    await dropLedger();

    // Act
    const answer = await call(fixture.twin.gatewayUrl, 'GET', '/v1/ops/overview', { key: reader });

    // Assess: 200 with every partner marked unknown and the reason, the other parts read as usual.
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.partners.map((p: { partner: string }) => p.partner)).toEqual(['portal', 'city', 'identity', 'payment']);
    for (const partner of answer.body.partners) {
      expect(partner).toMatchObject({ state: 'unknown', calls60m: null, errorRate5m: null, lastSuccessAt: null });
      expect(partner.unknownReason).toContain('ResourceNotFoundException');
    }
    expect(answer.body.unavailable).toEqual([{ part: 'partner-health', source: 'ledger', errorCode: 'ResourceNotFoundException' }]);
    expect(answer.body.queues.map((q: { queue: string }) => q.queue)).toEqual(['portalSync', 'cityDelivery']);
    expect(answer.body.stuck).toMatchObject({ dossiers: expect.any(Number), ledgerFailures: expect.any(Number) });
    expect(answer.body.trend.at(-1).counts).toEqual(answer.body.stuck);
    // The error line and the metric the OpsOverviewDegradedAlarm sums (one per part, however many partners failed).
    await eventually(async () => {
      const errors = printed('message').filter((line) => line.message === 'ops overview part unavailable');
      expect(errors.at(-1)).toMatchObject({ level: 'ERROR', part: 'partner-health', source: 'ledger', errorCode: 'ResourceNotFoundException' });
      const metric = printed(gatewayMetrics.overviewPartsUnavailable.name);
      expect(metric.at(-1)).toMatchObject({ part: 'partner-health', [gatewayMetrics.overviewPartsUnavailable.name]: 1 });
    });
  });

  it("shows the lost records on the dossier's timeline, while the ledger cannot be read and after it is back", async () => {
    // Prepare: the ledger is still gone (the dossier of the first test lost its records).
    const reader = await fixture.keyWith('ops:read');
    await dropLedger();
    const listed = (await call(fixture.twin.gatewayUrl, 'GET', '/v1/ops/stuck?kind=ledger-failures', { key: reader })).body.ledgerFailures.filter(
      (f: { subject: string | null }) => f.subject === code,
    ) as { recordId: string; operation: string; partner: string }[];
    expect(listed.length).toBeGreaterThanOrEqual(1);

    // Act
    const without = await call(fixture.twin.gatewayUrl, 'GET', `/v1/ops/dossiers/${code}/timeline`, { key: reader });

    // Assess: 200, the ledger's part said missing, every lost record of the dossier on it, none with a ledger record id.
    expect(without.status, without.text).toBe(200);
    expect(without.body.ledgerUnavailable).toBe('ResourceNotFoundException');
    const lost = without.body.entries.filter((e: { kind: string }) => e.kind === 'ledger-record-lost');
    for (const failure of listed) {
      const shown = lost.find((e: { summary: string }) => e.summary.includes(failure.recordId));
      expect(shown, failure.recordId).toMatchObject({ partner: failure.partner, errorCode: 'ResourceNotFoundException', ledgerRecordId: null });
      expect(shown.summary).toContain(failure.operation);
    }
    expect(without.body.entries.some((e: { kind: string }) => e.kind === 'version-received')).toBe(true);
    expect(JSON.stringify(without.body)).not.toMatch(/Minh Khai|079190012345|0909123456/);

    await createMissingTables(fixture.twin.dynamodbEndpoint, fixture.twin.region);
    const back = await call(fixture.twin.gatewayUrl, 'GET', `/v1/ops/dossiers/${code}/timeline`, { key: reader });
    expect(back.status, back.text).toBe(200);
    expect(back.body.ledgerUnavailable).toBeNull();
    expect(back.body.entries.filter((e: { kind: string }) => e.kind === 'ledger-record-lost')).toHaveLength(lost.length);
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
