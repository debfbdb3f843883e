import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayMetricKey } from '../../contracts/platform/metrics';
import { gatewayMetrics, metricsNamespace } from '../../contracts/platform/metrics';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { captureOutput } from '../fuzz/log-capture';
import { inspectPortalDossier, setPortalFaults } from '../support/portal-sim';
import type { TwinFixture } from '../support/twin-fixture';
import { call, eventually, quickPortalTimings, startTestTwin } from '../support/twin-fixture';
import type { EmfLine } from '../support/emf-capture';

/**
 * The gateway's EMF metrics on the twin, with metrics turned on as in Lambda: the real handlers in
 * their containers print them, this test reads them from the containers' output (captured for the
 * whole file, so they do not flood the test log) as CloudWatch would. The unit tests
 * (test/unit/metrics.test.ts) cover the events the twin cannot easily cause (a ledger write
 * refused, a sealer failing, the breaker opening, a 5xx).
 */
let fixture: TwinFixture;
let output: ReturnType<typeof captureOutput>;
let url: string;
let key: string;
let portal: string;
let paymentSim: string;

beforeAll(async () => {
  output = captureOutput();
  fixture = await startTestTwin({
    functionEnvironment: {
      POWERTOOLS_METRICS_DISABLED: 'false',
      ...quickPortalTimings,
      PAYMENT_RECONCILE_AFTER_SECONDS: '0',
      PARTNER_DOWN_AFTER_FAILURES: '2',
    },
  });
  url = fixture.twin.gatewayUrl;
  key = fixture.twin.apiKey;
  portal = fixture.twin.simulators.portal!;
  paymentSim = fixture.twin.simulators.payment!;
});
afterAll(async () => {
  await fixture?.stop();
  output?.restore();
  // The twin set it for the functions in this process's environment; the suite default is off.
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

/** Every EMF line the containers printed so far. */
function emf(): EmfLine[] {
  return output
    .text()
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as EmfLine);
}

/** The lines of one gateway metric whose values include `match`, as declared (namespace, unit). */
function lines(metricKey: GatewayMetricKey, match: Record<string, unknown> = {}): EmfLine[] {
  const metric = gatewayMetrics[metricKey];
  return emf().filter(
    (line) =>
      line._aws.CloudWatchMetrics.some((d) => d.Namespace === metricsNamespace && d.Metrics.some((m) => m.Name === metric.name && m.Unit === metric.unit)) &&
      Object.entries(match).every(([name, value]) => line[name] === value),
  );
}

const steps = [
  ...(sampleDossier().history ?? []),
  { id: 'step-2', actor: { name: 'Phạm Thị Hoa' }, at: '2026-11-22T09:00:00+07:00', action: 'Chuyển phòng Tư pháp', status: 'processing' as const },
];
const put = (code: string, overrides: Parameters<typeof sampleDossier>[0] = {}) =>
  call(url, 'PUT', `/v1/dossiers/${code}`, { key, body: sampleDossier({ history: steps, status: 'processing', ...overrides }) });
const view = async (code: string) => (await call(url, 'GET', `/v1/dossiers/${code}`, { key })).body;
const synced = (code: string, version: number) =>
  eventually(async () => expect((await view(code)).sync.portal).toMatchObject({ state: 'synced', ackVersion: version }), 60_000, 200);

describe('portal sync', () => {
  it('measures the lag of a city version reaching the portal, and counts the portal exchange and its ledger record', async () => {
    expect((await put('H29-MET-1', { version: 1 })).status).toBe(202);
    await synced('H29-MET-1', 1);

    const [lag] = await eventually(async () => {
      const found = lines('portalSyncLag');
      expect(found.length).toBeGreaterThan(0);
      return found;
    });
    expect(lag!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service']]);
    expect(lag![gatewayMetrics.portalSyncLag.name]).toEqual(expect.any(Number));
    expect(lag![gatewayMetrics.portalSyncLag.name] as number).toBeGreaterThanOrEqual(0);
    await eventually(async () => {
      expect(lines('partnerCalls', { partner: 'portal', outcome: 'ok' }).length).toBeGreaterThan(0);
      expect(lines('ledgerAppends', { partner: 'portal' }).length).toBeGreaterThan(0);
    });
  });

  it('counts a nudge for a version the portal already holds as coalesced', async () => {
    const before = lines('coalescedNudges').length;
    const { enqueuePortalSync } = await import('../../functions/adapters/portal/portal-sync-queue');
    await enqueuePortalSync({ dossierCode: 'H29-MET-1', version: 1, origin: 'operator' });
    await eventually(async () => expect(lines('coalescedNudges').length).toBe(before + 1), 30_000);
  });

  it('counts a divergence the verifier finds (a DongBoHoSoMC the portal applied late over a newer version)', async () => {
    const code = 'H29-MET-LATE';
    await setPortalFaults(portal, { lookupHistory: true, loseAnswers: { calls: 0 }, applyLate: { calls: 0 } });
    expect((await put(code, { version: 1, summary: 'phiên bản 1' })).status).toBe(202);
    await synced(code, 1);
    await setPortalFaults(portal, { applyLate: { calls: 1, services: ['DongBoHoSoMC'], dossiers: [code] } });
    expect((await put(code, { version: 2, summary: 'phiên bản 2' })).status).toBe(202);
    await eventually(async () => expect((await view(code)).sync.portal.lastError?.code).toBe('portal-timeout'), 30_000);
    expect((await put(code, { version: 3, summary: 'phiên bản 3' })).status).toBe(202);
    await eventually(
      async () => {
        await fixture.twin.runSchedule('portalSweeper');
        expect((await view(code)).sync.portal).toMatchObject({ state: 'synced', ackVersion: 3 });
      },
      60_000,
      1000,
    );
    expect(((await (await fetch(`${portal}/_actions/apply-late`, { method: 'POST' })).json()) as { applied: number }).applied).toBe(1);
    expect((await inspectPortalDossier(portal, code))?.dossier.TrichYeuHoSo).toBe('phiên bản 2');

    expect(await fixture.twin.runSchedule('portalVerifier')).toMatchObject({ diverged: 1 });
    await eventually(async () => expect(lines('portalDivergences')).toHaveLength(1));
    expect(lines('portalDivergences')[0]!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service']]);
  });

  it("counts a divergence an operator's verify-now finds, as the verifier's (the portal lost its copy)", async () => {
    const code = 'H29-MET-VERIFY-NOW';
    expect((await put(code, { version: 1 })).status).toBe(202);
    await synced(code, 1);
    const before = lines('portalDivergences').length;
    // The portal's store restored from an old backup: every dossier it held is gone.
    expect((await fetch(`${portal}/_reset`, { method: 'POST' })).status).toBe(200);

    const verified = await call(url, 'POST', `/v1/ops/dossiers/${code}/verify`, { key: fixture.twin.operatorKey });

    expect(verified.status, verified.text).toBe(200);
    expect(verified.body).toMatchObject({ outcome: 'diverged', reopened: true, divergence: { portalHasDossier: false } });
    await eventually(async () => expect(lines('portalDivergences')).toHaveLength(before + 1));
    const line = lines('portalDivergences').at(-1)!;
    expect(line._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service']]);
    expect(line).toMatchObject({ service: 'lienthong', [gatewayMetrics.portalDivergences.name]: 1 });
  });
});

describe('payments', () => {
  const fees = [{ code: 'LPHT', name: 'Lệ phí hộ tịch', amount: 8000 }];
  const open = async (provider: string) => {
    const answer = await call(url, 'POST', '/v1/payments', {
      key,
      body: { dossierCode: 'H29-MET-1', provider, fees, payer: { name: 'Nguyễn Thị Minh Khai' }, returnUrl: 'https://dichvucong.hochiminhcity.gov.vn/ket-qua' },
    });
    expect(answer.status).toBe(201);
    return answer.body.reference as string;
  };

  it('counts a VNPay payment expired unverified, and a reconciler run with errors (PayGov unreachable)', async () => {
    const vnpay = await open('vnpay');
    await open('paygov');
    // Past its expiry rather than waiting out the TTL; PayGov down for the reconciler's QUERY.
    const { documentClient } = await import('../../functions/adapters/aws/dynamodb-client');
    const { tableName } = await import('../../functions/adapters/aws/resource-names');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName('payments'),
        Key: { pk: `PAYMENT#${vnpay}`, sk: 'PAYMENT' },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 60_000).toISOString() },
      }),
    );
    await fetch(`${paymentSim}/_faults`, { method: 'POST', body: JSON.stringify({ down: true }) });
    try {
      const report = (await fixture.twin.runSchedule('paymentReconciler')) as { expiredUnverified: number; errors: number };
      expect(report.expiredUnverified).toBe(1);
      expect(report.errors).toBeGreaterThan(0);
    } finally {
      await fetch(`${paymentSim}/_faults`, { method: 'POST', body: JSON.stringify({ down: false }) });
    }
    await eventually(async () => {
      expect(lines('paymentsExpiredUnverified', { provider: 'vnpay' })).toHaveLength(1);
      expect(lines('reconcilerErrorRuns')).toHaveLength(1);
    });
  });

  it('counts a forged PayGov confirmation as rejected, by provider', async () => {
    const forged = { LoaiBanTin: 'CONFIRM', MaLoi: '00', MaDoiTac: 'X', MaThamChieu: 'LT261130ABCDEFGHJK', SoTien: 8000, MaTienTe: 'VND', MaGiaoDich: 'GD1', MaNganHang: 'VCB', ThoiGianGD: '20261130100000', ThongTinGiaoDich: 'x', MaXacThuc: '0'.repeat(64) };
    expect((await call(url, 'POST', '/v1/payments/callbacks/paygov', { body: forged })).body).toMatchObject({ MaLoi: '97' });
    await eventually(async () => expect(lines('paymentConfirmationsRejected', { provider: 'paygov' })).toHaveLength(1));
  });
});

describe('a partner down', () => {
  it('counts the portal worker retries by queue and reason, then the messages parked once the portal is marked down', async () => {
    await setPortalFaults(portal, { down: true });
    try {
      for (const code of ['H29-MET-D1', 'H29-MET-D2', 'H29-MET-D3']) expect((await put(code, { version: 1 })).status).toBe(202);
      await eventually(
        async () => {
          const retries = lines('partnerRetries', { queue: 'portalSync' });
          // Two lines per retry: by queue, and by queue × reason.
          expect(retries.map((line) => line._aws.CloudWatchMetrics[0]!.Dimensions)).toEqual(expect.arrayContaining([[['service', 'queue']], [['service', 'queue', 'reason']]]));
          expect(lines('parkedItems', { partner: 'portal' }).length).toBeGreaterThan(0);
        },
        45_000,
        250,
      );
    } finally {
      await setPortalFaults(portal, { down: false });
    }
  });
});
