import { readFileSync } from 'node:fs';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DossierSnapshotInput } from '../../contracts/api/dossier';
import { defaultPortalStatusMap } from '../../contracts/portal/status-mapping';
import { toPortalDossier } from '../../functions/translate/portal-dossier';
import { toPortalStep } from '../../functions/translate/portal-steps';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { queues } from '../../infra/topology/resources';
import { partnerHealth, pendingDossierCodes, waitForDrain } from '../support/drain';
import { inspectPortalDossier, setPortalFaults } from '../support/portal-sim';
import type { TwinFixture } from '../support/twin-fixture';
import { recentLedgerRecords } from '../support/ledger';
import { call, eventually, startTestTwin } from '../support/twin-fixture';

/**
 * The portal sync end to end on the twin: real queue, real conditional writes, the portal
 * simulator over HTTP. Backoffs are shortened (1–3 s) so outages resolve within a test.
 */
let fixture: TwinFixture;
let url: string;
let portal: string;
let key: string;
let sqs: SQSClient;

beforeAll(async () => {
  fixture = await startTestTwin({
    functionEnvironment: {
      PORTAL_SYNC_BACKOFF_BASE_SECONDS: '1',
      PORTAL_SYNC_BACKOFF_MAX_SECONDS: '3',
      PORTAL_SWEEP_STALE_SECONDS: '1',
      PARTNER_DOWN_AFTER_FAILURES: '3',
      LEDGER_SEAL_GRACE_SECONDS: '0',
    },
  });
  url = fixture.twin.gatewayUrl;
  portal = fixture.twin.simulators.portal!;
  key = fixture.twin.apiKey;
  sqs = new SQSClient({ endpoint: fixture.twin.sqsEndpoint });
});
afterAll(async () => {
  sqs.destroy();
  await fixture.stop();
});
beforeEach(() => setPortalFaults(portal, { down: false, latencyMs: 0, errorRate: 0, rejectDossiers: [] }));

const put = (code: string, overrides: Parameters<typeof sampleDossier>[0]) =>
  call(url, 'PUT', `/v1/dossiers/${code}`, { key, body: sampleDossier(overrides) });
const view = async (code: string) => (await call(url, 'GET', `/v1/dossiers/${code}`, { key })).body;
const waitForAck = (code: string, version: number, timeoutMs = 20_000) =>
  eventually(async () => {
    const current = await view(code);
    expect(current.sync.portal.ackVersion).toBe(version);
    return current;
  }, timeoutMs);
const acceptedPushes = (portalView: Awaited<ReturnType<typeof inspectPortalDossier>>) =>
  portalView?.calls.filter((c) => c.service === 'DongBoHoSoMC' && c.outcome === 'accepted').length ?? 0;

describe('portal sync on the twin', () => {
  it('(a) delivers an upserted dossier exactly translated, with its history', async () => {
    const code = 'H29-SC-A';
    const history = [
      ...(sampleDossier().history ?? []),
      { id: 'step-2', actor: { name: 'Phạm Thị Hoa' }, at: '2026-11-22T09:00:00+07:00', action: 'Chuyển phòng Tư pháp', status: 'processing' as const },
    ];
    expect((await put(code, { history, status: 'processing' })).status).toBe(202);
    await waitForAck(code, 1);

    const expected = { ...DossierSnapshotInput.parse(sampleDossier({ history, status: 'processing' })), dossierCode: code };
    const atPortal = await inspectPortalDossier(portal, code);
    expect(atPortal?.dossier).toEqual(JSON.parse(JSON.stringify(toPortalDossier(expected, defaultPortalStatusMap))));
    expect(atPortal?.history).toEqual(JSON.parse(JSON.stringify(expected.history.map((s) => toPortalStep(code, s, defaultPortalStatusMap)))));
  });

  it('(b)+(c) holds updates during an outage, then drains to the latest version with at most two pushes', async () => {
    const code = 'H29-SC-B';
    await setPortalFaults(portal, { down: true });
    for (let version = 1; version <= 10; version++) {
      expect((await put(code, { version, summary: `phiên bản ${version}` })).status).toBe(202);
    }
    const waiting = await eventually(async () => {
      const current = await view(code);
      expect(current.sync.portal.lastError?.code).toBe('portal-unreachable');
      return current;
    });
    expect(waiting.sync.portal).toMatchObject({ state: 'pending', ackVersion: null });
    expect(waiting.sync.portal.nextAttemptAt).not.toBeNull();
    // The outage is discovered and every nudge parked: the queue empties while the portal is down.
    await eventually(async () => expect((await partnerHealth('portal')).state).toBe('down'), 20_000);
    await waitForDrain(fixture.twin, 'portalSync', async () => (await partnerHealth('portal')).state === 'down');

    // Ten queued nudges did not become ten attempts: a few discovered the outage, then only probes.
    const duringOutage = await view(code);
    expect(duringOutage.sync.portal.attempts).toBeLessThanOrEqual(3 + ((await partnerHealth('portal')).probes ?? 0));

    await setPortalFaults(portal, { down: false });
    const synced = await waitForAck(code, 10, 30_000);
    expect(synced.sync.portal).toMatchObject({ state: 'synced', lastError: null, nextAttemptAt: null });

    const atPortal = await inspectPortalDossier(portal, code);
    expect(atPortal?.dossier.TrichYeuHoSo).toBe('phiên bản 10');
    expect(acceptedPushes(atPortal)).toBeLessThanOrEqual(2);
    expect(atPortal?.history).toHaveLength(1);
  });

  it('(d) never lets the portal regress, whatever order nudges arrive in', async () => {
    const code = 'H29-SC-D';
    await setPortalFaults(portal, { latencyMs: 150 });
    for (let version = 1; version <= 4; version++) await put(code, { version, summary: `phiên bản ${version}` });
    // Stale nudges delivered late, as a redelivering queue would.
    for (const version of [1, 3, 2]) {
      await sqs.send(new SendMessageCommand({ QueueUrl: fixture.twin.queueUrls.portalSync.main, MessageBody: JSON.stringify({ dossierCode: code, version }) }));
    }
    await waitForAck(code, 4);
    await waitForDrain(fixture.twin, 'portalSync', async () => !(await pendingDossierCodes()).includes(code));

    const atPortal = await inspectPortalDossier(portal, code);
    expect(atPortal?.dossier.TrichYeuHoSo).toBe('phiên bản 4');
    expect((await view(code)).sync.portal.ackVersion).toBe(4);
    const arrivals = atPortal!.received.map((d) => Number(String(d.TrichYeuHoSo).replace('phiên bản ', '')));
    expect(arrivals.length).toBeLessThanOrEqual(4);
    expect(arrivals).toEqual([...arrivals].sort((a, b) => a - b));
  });

  it('(e) dead-letters a permanent rejection with its reason and shows it in GET', async () => {
    const code = 'H29-SC-E';
    await setPortalFaults(portal, { rejectDossiers: [code] });
    await put(code, {});
    const failed = await eventually(async () => {
      const current = await view(code);
      expect(current.sync.portal.state).toBe('failed');
      return current;
    });
    expect(failed.sync.portal.lastError).toMatchObject({ code: 'portal-rejected-2', permanent: true });
    expect(failed.sync.portal.lastError.message).toContain('bị từ chối');

    const dead = await eventually(async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: fixture.twin.queueUrls.portalSync.deadLetter, MessageAttributeNames: ['All'], WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }),
      );
      const mine = Messages.find((m) => JSON.parse(m.Body ?? '{}').dossierCode === code);
      expect(mine).toBeDefined();
      return mine!;
    });
    expect(dead.MessageAttributes?.failureCode?.StringValue).toBe('portal-rejected-2');
    expect(dead.MessageAttributes?.failureReason?.StringValue).toContain('bị từ chối');
  });

  it('(f) re-logs in transparently when the session expires', async () => {
    const code = 'H29-SC-F';
    await put(code, { version: 1 });
    await waitForAck(code, 1);
    await setPortalFaults(portal, { expireSessions: true });
    await put(code, { version: 2, status: 'processing' });
    const synced = await waitForAck(code, 2);
    expect(synced.sync.portal).toMatchObject({ lastError: null, attempts: 2 });
    const atPortal = await inspectPortalDossier(portal, code);
    expect(atPortal?.calls.map((c) => `${c.service}:${c.outcome}`)).toContain('DongBoHoSoMC:rejected');
    expect(atPortal?.dossier.TrangThaiHoSo).toBe('4');
  });

  it('(g) heals a lost nudge through the sweeper', async () => {
    const code = 'H29-SC-G';
    const queueUrl = fixture.twin.queueUrls.portalSync.main;
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }));
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
    // Stored, but the nudge is lost: the caller got a 503 and never resent.
    expect((await put(code, {})).status).toBe(503);
    await sqs.send(
      new CreateQueueCommand({
        QueueName: queues.portalSync.localName,
        Attributes: { VisibilityTimeout: Attributes?.VisibilityTimeout ?? '180', RedrivePolicy: Attributes?.RedrivePolicy ?? '' },
      }),
    );
    expect(await inspectPortalDossier(portal, code)).toBeUndefined();

    // The sweeper leaves a fresh pending dossier alone; once it is older than the threshold, it nudges it.
    await eventually(async () => {
      const report = (await fixture.twin.runSchedule('portalSweeper')) as { nudged: number };
      expect(report.nudged).toBeGreaterThanOrEqual(1);
    });
    await waitForAck(code, 1);
    expect((await inspectPortalDossier(portal, code))?.dossier.MaHoSo).toBe(code);
  });
});

describe('the ledger of portal exchanges', () => {
  it('holds one sealed record per call, with no personal data', async () => {
    const entries = await recentLedgerRecords('portal');
    const calls = (await (await fetch(`${portal}/_inspect/calls`)).json()) as { calls: { outcome: string }[] };

    // Every call the portal answered (or dropped) has its record; sealed, they verify intact.
    expect(entries.length).toBeGreaterThanOrEqual(calls.calls.length);
    // Seal until every record read above is in a signed tree: a run may find the twin's own
    // scheduled sealer holding the lease, and a run seals only whole seconds before its start.
    const { verifyLedger } = await import('../../functions/adapters/ledger/ledger-audit');
    const { folderAnchorStore } = await import('../../functions/adapters/ledger/ledger-anchor-store');
    const lateBoundSeconds = (await import('../../infra/topology/ledger-late-bound')).ledgerLateBoundSeconds();
    const report = await eventually(async () => {
      await fixture.twin.runSchedule('ledgerSealer');
      const [latest] = await verifyLedger({
        partners: ['portal'],
        publicKeyPem: readFileSync(fixture.twin.ledgerPublicKeyFile, 'utf8'),
        anchors: folderAnchorStore(fixture.twin.ledgerAnchorDir),
        lateBoundSeconds,
      });
      expect(latest!.sealedChecked).toBeGreaterThanOrEqual(entries.length);
      return latest!;
    }, 20_000);
    expect(report.findings).toEqual([]);
    const operations = new Set(entries.map((e) => e.operation));
    for (const operation of ['login', 'DongBoHoSoMC', 'CapNhatTienDoHoSoMC']) expect(operations).toContain(operation);
    // TraCuuHoSo appears when a dropped connection left an outcome unknown (the read-back).
    expect([...operations].every((o) => ['login', 'DongBoHoSoMC', 'CapNhatTienDoHoSoMC', 'TraCuuHoSo'].includes(o))).toBe(true);
    const text = JSON.stringify(entries);
    expect(text).not.toContain('Nguyễn Thị Minh Khai');
    expect(text).not.toContain('079190012345');
    expect(text).not.toContain('twin-only-secret');
  });
});
