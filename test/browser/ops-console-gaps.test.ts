import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../../functions/core/ledger/ledger-record';
import { createMissingTables } from '../../infra/local/embedded-dynamodb';
import { embeddedServiceClientConfig } from '../../infra/local/net';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { tables } from '../../infra/topology/resources';
import { artifactPath, launchChromium } from '../support/browser';
import { inspectPortalDossier } from '../support/portal-sim';
import type { TwinFixture } from '../support/twin-fixture';
import { call, eventually, startTestTwin } from '../support/twin-fixture';

/**
 * The console's answers to what an operator could not do before, in a real browser against a
 * twin: the ledger page (verify a partner-day, see a tampered record named), dismissing an
 * unrepairable divergence from the stuck list, and the overview and timeline while the ledger
 * table cannot be read (partner health unknown with the reason; lost records on the timeline).
 */
let fixture: TwinFixture;
let browser: Browser;
let page: Page;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  // The twin seals with no grace, so the test can seal what it just wrote.
  fixture = await startTestTwin({ functionEnvironment: { LEDGER_SEAL_GRACE_SECONDS: '0' } });
  dynamodb = new DynamoDBClient(embeddedServiceClientConfig(fixture.twin.dynamodbEndpoint, fixture.twin.region));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  await page.goto(fixture.twin.consoleUrl);
  await page.getByLabel('Khóa vận hành').fill(fixture.twin.operatorKey);
  await page.keyboard.press('Enter');
  await page.getByTestId('partners').waitFor();
  await page.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).click();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  dynamodb?.destroy();
  await fixture?.stop();
});

const put = (code: string) => call(fixture.twin.gatewayUrl, 'PUT', `/v1/dossiers/${code}`, { key: fixture.twin.apiKey, body: sampleDossier() });

/** Writes `count` city records, then seals once every one is behind the sealable second. */
async function sealedCityRecords(count: number): Promise<LedgerRecord[]> {
  const { appendLedger } = await import('../../functions/adapters/ledger/ledger-store');
  const written: LedgerRecord[] = [];
  for (let i = 0; i < count; i++) {
    written.push((await appendLedger({ partner: 'city', direction: 'outbound', operation: 'deliver', messageId: `ui-ledger-${i}`, requestHash: 'ab'.repeat(32), outcome: 'ok', durationMs: i, at: new Date().toISOString() }))!);
  }
  const target = Math.floor(Date.now() / 1000) * 1000 + 1000;
  await eventually(async () => expect(Date.now()).toBeGreaterThan(target + 5), 5_000, 50);
  await fixture.twin.runSchedule('ledgerSealer');
  return written;
}

describe('operators console: ledger, dismissals, a ledger that cannot be read', { timeout: 90_000 }, () => {
  it('verifies a partner-day from the ledger page, then names the record someone rewrote', async () => {
    const records = await sealedCityRecords(4);
    await page.getByRole('link', { name: 'Ledger' }).click();
    await page.getByLabel('Partner').selectOption('city');
    await page.getByLabel('Day (UTC)').fill(new Date().toISOString().slice(0, 10));

    await page.getByRole('button', { name: 'Verify the ledger' }).click();
    await expect.poll(() => page.getByTestId('ledger-verdict').textContent(), { timeout: 15_000 }).toContain('Ledger intact');
    expect(await page.getByTestId('ledger-counts-city').textContent()).toMatch(/[1-9]\d* sealed records checked/);
    expect(await page.getByTestId('ledger-verdict').textContent()).not.toContain('nothing of that day was sealed');
    // A day before anything was written: intact vouches for the signed chain only, and the page says so.
    await page.getByLabel('Day (UTC)').fill('2020-01-01');
    await page.getByRole('button', { name: 'Verify the ledger' }).click();
    await expect.poll(() => page.getByTestId('ledger-verdict').textContent(), { timeout: 15_000 }).toContain('2020-01-01');
    expect(await page.getByTestId('ledger-verdict').textContent()).toContain('nothing of that day was sealed');
    expect(await page.getByTestId('ledger-counts-city').textContent()).toContain('0 sealed records checked');
    await page.getByLabel('Day (UTC)').fill(new Date().toISOString().slice(0, 10));

    // Someone with write access to the table hides a failure: the outcome of a sealed record changes.
    const { ledgerItemKey } = await import('../../functions/adapters/ledger/ledger-store');
    const { documentClient } = await import('../../functions/adapters/aws/dynamodb-client');
    await documentClient().send(new PutCommand({ TableName: tables.ledger.localName, Item: { ...ledgerItemKey(records[1]!), ...records[1]!, outcome: 'rejected' } }));
    await page.getByRole('button', { name: 'Verify the ledger' }).click();

    await expect.poll(() => page.getByTestId('ledger-verdict').textContent(), { timeout: 15_000 }).toContain('Ledger NOT intact');
    const finding = page.locator('[data-testid=ledger-findings-city] tbody tr[data-kind=rewritten]');
    expect(await finding.count()).toBe(1);
    expect(await finding.textContent()).toContain(records[1]!.recordId);
    // Every partner at once: the others are intact, the verdict of the day is not.
    await page.getByLabel('Partner').selectOption({ label: 'Every partner' });
    await page.getByRole('button', { name: 'Verify the ledger' }).click();
    await expect.poll(() => page.locator('section.ledger-partner').count(), { timeout: 15_000 }).toBe(5);
    expect(await page.getByTestId('ledger-verdict').textContent()).toContain('Ledger NOT intact');
    expect(await page.locator('section.ledger-partner[data-partner=portal] h2').textContent()).toContain('Ledger intact');
    await page.screenshot({ path: artifactPath('gaps-1-ledger.png'), fullPage: true });
  });

  it('dismisses a divergence no re-sync can repair with a reason, and keeps it on the timeline', async () => {
    const code = 'H29-UI-DISMISS';
    expect((await put(code)).status).toBe(202);
    await eventually(async () => expect((await inspectPortalDossier(fixture.twin.simulators.portal!, code))?.dossier.MaHoSo).toBe(code), 30_000);
    await eventually(async () => expect((await call(fixture.twin.gatewayUrl, 'GET', `/v1/dossiers/${code}`, { key: fixture.twin.apiKey })).body.sync.portal.state).toBe('synced'), 30_000);
    // The verifier's finding, as recordUnrepairable writes it (the twin path is test/integration/ops-stuck-kinds).
    const checkedAt = new Date().toISOString();
    const { documentClient } = await import('../../functions/adapters/aws/dynamodb-client');
    await documentClient().send(
      new UpdateCommand({
        TableName: tables.dossiers.localName,
        Key: { pk: `DOSSIER#${code}`, sk: 'SYNC#PORTAL' },
        UpdateExpression: 'SET verification = :v, portalVerify = :diverged, portalVerifyDueAt = :at',
        ExpressionAttributeValues: {
          ':v': { checkedAt, outcome: 'diverged', ackVersion: 1, divergence: { fields: [], missingSteps: 0, duplicatedSteps: 1, portalHasDossier: true } },
          ':diverged': 'DIVERGED',
          ':at': checkedAt,
        },
      }),
    );
    await page.getByRole('link', { name: 'Stuck work' }).click();
    const row = page.locator(`[data-testid=divergences] tr[data-divergence="${code}"]`);
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);

    page.once('dialog', (dialog) => void dialog.accept('duplicate step removed by the portal team'));
    await page.getByRole('button', { name: `Dismiss ${code}` }).click();

    await expect.poll(() => page.getByTestId('action-result').textContent(), { timeout: 15_000 }).toContain('divergence dismissed');
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);
    await page.goto(`${fixture.twin.consoleUrl}#/dossier/${code}`);
    const verification = page.locator('[data-testid=timeline] tr[data-kind=verification]');
    await verification.waitFor();
    expect(await verification.textContent()).toMatch(/1 steps duplicated \(dismissed by twin-operator/);
    const action = page.locator('[data-testid=timeline] tr[data-kind=operator-action]', { hasText: 'dismiss-divergence' });
    expect(await action.textContent()).toContain('duplicate step removed by the portal team');
    await page.screenshot({ path: artifactPath('gaps-2-dismissed.png'), fullPage: true });
  });

  it('shows partner health unknown with its reason, and the lost records on a timeline, while the ledger table is gone', async () => {
    await dynamodb.send(new DeleteTableCommand({ TableName: tables.ledger.localName }));
    await eventually(async () => {
      await expect(dynamodb.send(new DescribeTableCommand({ TableName: tables.ledger.localName }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    });
    const code = 'H29-UI-LOST';
    try {
      expect((await put(code)).status).toBe(202);
      await eventually(async () => expect((await inspectPortalDossier(fixture.twin.simulators.portal!, code))?.dossier.MaHoSo).toBe(code), 30_000);

      await page.goto(`${fixture.twin.consoleUrl}#/overview`);
      const gaps = page.getByTestId('overview-unavailable');
      await gaps.waitFor({ timeout: 15_000 });
      expect(await gaps.textContent()).toContain('ResourceNotFoundException');
      expect(await page.locator('[data-testid=partners] tr[data-partner=portal]').textContent()).toContain('Unknown');
      expect(await page.getByTestId('unknown-portal').textContent()).toContain('the ledger could not be read (ResourceNotFoundException)');
      // The parts it could read are still there.
      expect(await page.locator('[data-testid=queues] tbody tr').count()).toBe(2);
      await page.screenshot({ path: artifactPath('gaps-3-overview-ledger-gone.png'), fullPage: true });

      await page.goto(`${fixture.twin.consoleUrl}#/dossier/${code}`);
      await page.getByTestId('ledger-unavailable').waitFor({ timeout: 15_000 });
      await eventually(
        async () => {
          await page.reload();
          const lost = page.locator('[data-testid=timeline] tr[data-kind=ledger-record-lost]');
          await lost.first().waitFor({ timeout: 5_000 });
          expect(await lost.first().textContent()).toMatch(/ledger record [0-9a-f-]{36} not written \(ResourceNotFoundException\)/);
          expect(await lost.first().textContent()).toContain('not written');
        },
        20_000,
        500,
      );
      await page.screenshot({ path: artifactPath('gaps-4-timeline-lost-records.png'), fullPage: true });
    } finally {
      await createMissingTables(fixture.twin.dynamodbEndpoint, fixture.twin.region);
    }
  });
});
