import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { paygovConfirmMacFields } from '../../contracts/payment/paygov';
import { paygovMac, vnpaySecureHash } from '../../functions/core/payment/payment-signatures';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { captureOutput } from '../fuzz/log-capture';
import { inspectPortalDossier } from '../support/portal-sim';
import type { TwinFixture } from '../support/twin-fixture';
import { call, eventually, startTestTwin } from '../support/twin-fixture';

/**
 * Payments end to end on the twin: the gateway opens payments at the simulated platform, the
 * platform confirms through each provider's signed callback, and a PAID payment reaches the
 * portal (paid-online flag) and the city (payment.completed). Forged, wrong and late
 * confirmations change nothing they should not.
 */
let fixture: TwinFixture;
let gateway: string;
let paymentSim: string;
let portal: string;
let city: string;
let key: string;
let paygov: { partnerCode: string; secret: string };

beforeAll(async () => {
  // WARN (the suite default is SILENT): the unverified-expiry test reads the reconciler's WARN line.
  fixture = await startTestTwin({ functionEnvironment: { PAYMENT_RECONCILE_AFTER_SECONDS: '0', POWERTOOLS_LOG_LEVEL: 'WARN' } });
  gateway = fixture.twin.gatewayUrl;
  const simulators = fixture.twin.simulators;
  [paymentSim, portal, city] = [simulators.payment!, simulators.portal!, simulators.city!];
  key = fixture.twin.apiKey;
  paygov = JSON.parse(process.env.PAYGOV_CREDENTIALS ?? '{}');
  for (const code of ['H29-PAY-A', 'H29-PAY-B', 'H29-PAY-C']) {
    expect((await call(gateway, 'PUT', `/v1/dossiers/${code}`, { key, body: sampleDossier() })).status).toBe(202);
  }
});
afterAll(() => fixture.stop());
beforeEach(() => fetch(`${paymentSim}/_faults`, { method: 'POST', body: JSON.stringify({ dropConfirmations: false, duplicateConfirmations: false }) }));

const fees = [{ code: 'LPHT', name: 'Lệ phí hộ tịch', amount: 8000 }];
const open = (body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  call(gateway, 'POST', '/v1/payments', {
    key,
    headers,
    body: { dossierCode: 'H29-PAY-A', fees, payer: { name: 'Nguyễn Thị Minh Khai' }, returnUrl: 'https://dichvucong.hochiminhcity.gov.vn/ket-qua', ...body },
  });
const pay = async (reference: string, outcome: 'success' | 'fail' | 'cancel') =>
  (await fetch(`${paymentSim}/_actions/pay/${reference}`, { method: 'POST', body: JSON.stringify({ outcome }) })).json() as Promise<Record<string, any>>;
const payment = async (reference: string) => (await call(gateway, 'GET', `/v1/payments/${reference}`, { key })).body;

function paygovConfirm(reference: string, amount: number, code = '00', transaction = `GD${Date.now()}`) {
  const fields = {
    LoaiBanTin: 'CONFIRM',
    MaLoi: code,
    MaDoiTac: paygov.partnerCode,
    MaThamChieu: reference,
    SoTien: amount,
    MaTienTe: 'VND',
    MaGiaoDich: transaction,
    MaNganHang: 'VCB',
    ThoiGianGD: '20261122093000',
    ThongTinGiaoDich: 'Thanh toan phi ho so',
  };
  return { ...fields, MaXacThuc: paygovMac(fields, paygovConfirmMacFields, paygov.secret) };
}
const confirm = (body: unknown) => call(gateway, 'POST', '/v1/payments/callbacks/paygov', { body });

describe('opening a payment', () => {
  it('stores it PENDING and answers the platform’s pay URL (201)', async () => {
    const response = await open();
    expect(response.status).toBe(201);
    expect(response.body.payUrl).toBe(`${paymentSim}/pay/${response.body.reference}`);
    expect(await payment(response.body.reference)).toMatchObject({ status: 'PENDING', amount: 8000, provider: 'paygov' });
  });

  it('with an Idempotency-Key, returns the same payment and makes no second INIT; another body is refused', async () => {
    const first = await open({}, { 'idempotency-key': 'city-req-42' });
    const again = await open({}, { 'idempotency-key': 'city-req-42' });
    expect(again.status).toBe(201);
    expect(again.body.reference).toBe(first.body.reference);
    const inits = ((await (await fetch(`${paymentSim}/_inspect/payments`)).json()) as { payments: { reference: string }[] }).payments.filter(
      (p) => p.reference === first.body.reference,
    );
    expect(inits).toHaveLength(1);
    const other = await open({ fees: [{ code: 'LPHT', name: 'Lệ phí', amount: 9000 }] }, { 'idempotency-key': 'city-req-42' });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('urn:lienthong:problem:idempotency-key-reused');
  });

  it('refuses fractional amounts, a zero total and an unknown dossier, naming the field', async () => {
    expect((await open({ fees: [{ code: 'A', name: 'A', amount: 100.5 }] })).body.errors[0].path).toBe('/fees/0/amount');
    expect((await open({ fees: [{ code: 'A', name: 'A', amount: 0 }] })).body.errors[0].path).toBe('/fees');
    const unknown = await open({ dossierCode: 'H29-NO-SUCH' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('/dossierCode');
  });
});

describe('confirmations', () => {
  it('PAID through PayGov: the portal shows the dossier paid online and the city is told, once', async () => {
    const { body: opened } = await open({ dossierCode: 'H29-PAY-B' });
    await fetch(`${paymentSim}/_faults`, { method: 'POST', body: JSON.stringify({ duplicateConfirmations: true }) });
    const paid = await pay(opened.reference, 'success');
    expect(paid.answer.MaLoi).toBe('00');
    expect(paid.sent.map((s: { answer: { MaLoi: string } }) => s.answer.MaLoi)).toEqual(['00', '02']);
    expect(await payment(opened.reference)).toMatchObject({ status: 'PAID', providerTransactionId: expect.any(String) });

    const atPortal = await eventually(async () => {
      const view = await inspectPortalDossier(portal, 'H29-PAY-B');
      expect(view?.dossier.DuocThanhToanTrucTuyen).toBe('1');
      return view!;
    });
    expect(atPortal.dossier.DanhSachLePhi.filter((f: { MaPhiLePhi: string }) => f.MaPhiLePhi === 'LPHT')).toHaveLength(1);
    const deliveries = await eventually(async () => {
      const list = ((await (await fetch(`${city}/_inspect/deliveries`)).json()) as { deliveries: { id: string; timesReceived: number }[] }).deliveries;
      const mine = list.filter((d) => d.id === `payment-${opened.reference}`);
      expect(mine).toHaveLength(1);
      return mine;
    });
    expect(deliveries[0]!.timesReceived).toBe(1);
  });

  it('keeps the payment when the city later pushes a new snapshot: neither lost nor duplicated', async () => {
    const pushed = await call(gateway, 'PUT', '/v1/dossiers/H29-PAY-B', { key, body: sampleDossier({ version: 2, status: 'processing' }) });
    expect(pushed.status).toBe(202);
    const synced = await eventually(async () => {
      const view = (await call(gateway, 'GET', '/v1/dossiers/H29-PAY-B', { key })).body;
      expect(view.sync.portal).toMatchObject({ state: 'synced', ackVersion: 2, ackRevision: 1 });
      return view;
    });
    expect(synced.version).toBe(2);
    const atPortal = await inspectPortalDossier(portal, 'H29-PAY-B');
    expect(atPortal?.dossier).toMatchObject({ TrangThaiHoSo: '4', DuocThanhToanTrucTuyen: '1' });
    expect(atPortal?.dossier.DanhSachLePhi.filter((f: { MaPhiLePhi: string }) => f.MaPhiLePhi === 'LPHT')).toHaveLength(1);
  });

  it('answers a forged MAC with 97, a wrong amount with 04, an unknown reference with 01 — changing nothing', async () => {
    const { body: opened } = await open();
    const forged = { ...paygovConfirm(opened.reference, 8000), MaXacThuc: '0'.repeat(64) };
    expect((await confirm(forged)).body.MaLoi).toBe('97');
    expect((await confirm(paygovConfirm(opened.reference, 80))).body.MaLoi).toBe('04');
    expect((await confirm(paygovConfirm('LT000000NOSUCHREF', 8000))).body.MaLoi).toBe('01');
    expect((await payment(opened.reference)).status).toBe('PENDING');
  });

  it('never lets a failure undo a success', async () => {
    const { body: opened } = await open();
    expect((await pay(opened.reference, 'success')).answer.MaLoi).toBe('00');
    const late = await confirm(paygovConfirm(opened.reference, 8000, '09'));
    expect(late.body.MaLoi).toBe('02');
    expect((await payment(opened.reference)).status).toBe('PAID');
  });

  it('records a failed payment as FAILED', async () => {
    const { body: opened } = await open();
    await pay(opened.reference, 'cancel');
    expect(await payment(opened.reference)).toMatchObject({ status: 'FAILED', failureReason: 'paygov code 24' });
  });

  it('keeps a success that arrives after expiry as an exception for refund review, not as PAID', async () => {
    const { body: opened } = await open();
    const { transitionPayment } = await import('../../functions/adapters/payment/payment-store');
    expect(await transitionPayment(opened.reference, 'EXPIRED', { failureReason: 'not paid before it expired' })).toBe(true);
    const late = await pay(opened.reference, 'success');
    expect(late.answer?.MaLoi, JSON.stringify(late)).toBe('00');
    const view = await payment(opened.reference);
    expect(view.status).toBe('EXPIRED');
    expect(view.exceptions).toEqual([expect.objectContaining({ kind: 'paid-after-expiry' })]);
    // The provider resends: still one entry, so one refund.
    expect((await confirm(paygovConfirm(opened.reference, 8000, '00', late.transactionId))).body.MaLoi).toBe('00');
    expect((await payment(opened.reference)).exceptions).toHaveLength(1);
  });

  it('keeps a success after a failure as an exception for refund review, not a silent duplicate', async () => {
    const { body: opened } = await open();
    await pay(opened.reference, 'fail');
    const retried = await confirm(paygovConfirm(opened.reference, 8000, '00'));
    expect(retried.body.MaLoi).toBe('00');
    const view = await payment(opened.reference);
    expect(view.status).toBe('FAILED');
    expect(view.exceptions).toEqual([expect.objectContaining({ kind: 'paid-after-failure' })]);
  });

  it('heals a dropped confirmation through the reconciler (PayGov QUERY)', async () => {
    const { body: opened } = await open({ dossierCode: 'H29-PAY-C' });
    await fetch(`${paymentSim}/_faults`, { method: 'POST', body: JSON.stringify({ dropConfirmations: true }) });
    await pay(opened.reference, 'success');
    expect((await payment(opened.reference)).status).toBe('PENDING');

    const report = (await fixture.twin.runSchedule('paymentReconciler')) as { paid: number };
    expect(report.paid).toBeGreaterThanOrEqual(1);
    expect(await payment(opened.reference)).toMatchObject({ status: 'PAID' });
    await eventually(async () => expect((await inspectPortalDossier(portal, 'H29-PAY-C'))?.dossier.DuocThanhToanTrucTuyen).toBe('1'));
  });

  it('two reconciler runs at once count each payment they settle once between them', async () => {
    await fetch(`${paymentSim}/_faults`, { method: 'POST', body: JSON.stringify({ dropConfirmations: true }) });
    const references: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { body: opened } = await open({ dossierCode: 'H29-PAY-C' });
      await pay(opened.reference, 'success');
      references.push(opened.reference);
    }
    for (const reference of references) expect((await payment(reference)).status).toBe('PENDING');

    const [a, b] = (await Promise.all([fixture.twin.runSchedule('paymentReconciler'), fixture.twin.runSchedule('paymentReconciler')])) as {
      paid: number;
      settledElsewhere: number;
    }[];
    for (const reference of references) expect((await payment(reference)).status).toBe('PAID');
    // Each transition is counted by the run whose conditional write made it; the other run, if it
    // raced for the same payment, counts it as settled elsewhere.
    expect(a!.paid + b!.paid).toBe(3);
  });
});

describe('VNPay and MoMo channels', () => {
  it('VNPay: the signed pay URL opens at VNPay, the IPN pays (RspCode 00), a tampered IPN gets 97', async () => {
    const { body: opened } = await open({ provider: 'vnpay' });
    expect(opened.payUrl).toContain('/vnpay/pay?');
    expect((await fetch(opened.payUrl)).status).toBe(200);
    const paid = await pay(opened.reference, 'success');
    expect(paid.answer).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect((await payment(opened.reference)).status).toBe('PAID');

    const hashSecret = JSON.parse(process.env.VNPAY_CREDENTIALS ?? '{}').hashSecret as string;
    const params = { vnp_TxnRef: opened.reference, vnp_Amount: '100', vnp_ResponseCode: '00', vnp_TransactionStatus: '00', vnp_TransactionNo: '1' };
    const signed = new URLSearchParams({ ...params, vnp_SecureHash: vnpaySecureHash(params, hashSecret) });
    expect((await call(gateway, 'GET', `/v1/payments/callbacks/vnpay?${signed}`)).body.RspCode).toBe('04');
    signed.set('vnp_Amount', '800000');
    expect((await call(gateway, 'GET', `/v1/payments/callbacks/vnpay?${signed}`)).body.RspCode).toBe('97');
  });

  it('VNPay: a dropped IPN expires as unverified (exception, separate count, WARN); a later genuine IPN is paid-after-expiry', async () => {
    const { body: opened } = await open({ provider: 'vnpay' });
    await fetch(`${paymentSim}/_faults`, { method: 'POST', body: JSON.stringify({ dropConfirmations: true }) });
    await pay(opened.reference, 'success');
    expect((await payment(opened.reference)).status).toBe('PENDING');
    // Move the payment past its expiry rather than waiting out the TTL.
    const { documentClient } = await import('../../functions/adapters/aws/dynamodb-client');
    const { tableName } = await import('../../functions/adapters/aws/resource-names');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName('payments'),
        Key: { pk: `PAYMENT#${opened.reference}`, sk: 'PAYMENT' },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 60_000).toISOString() },
      }),
    );

    // The function containers' log lines reach this process's stdout asynchronously: poll for them.
    const output = captureOutput();
    let report: { expired: number; expiredUnverified: number };
    let warning: Record<string, unknown>[];
    try {
      report = (await fixture.twin.runSchedule('paymentReconciler')) as typeof report;
      warning = await eventually(async () => {
        const lines = output
          .text()
          .split('\n')
          .filter((line) => line.includes('payment expired unverified') && line.includes(opened.reference))
          .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>);
        expect(lines).toHaveLength(1);
        return lines;
      });
    } finally {
      output.restore();
    }
    expect(report.expiredUnverified).toBe(1);
    expect(report.expired).toBe(0);
    expect(warning[0]).toMatchObject({ level: 'WARN', reference: opened.reference });
    expect(JSON.stringify(warning)).not.toContain('Nguyễn');
    const expired = await payment(opened.reference);
    expect(expired.status).toBe('EXPIRED');
    expect(expired.paidAt).toBeNull();
    expect(expired.exceptions).toEqual([expect.objectContaining({ kind: 'expired-unverified', at: expect.any(String), detail: expect.stringContaining('merchant report') })]);

    // VNPay resends the IPN it had taken the money for: the existing refund-review path, once.
    const hashSecret = JSON.parse(process.env.VNPAY_CREDENTIALS ?? '{}').hashSecret as string;
    const params = { vnp_TxnRef: opened.reference, vnp_Amount: '800000', vnp_ResponseCode: '00', vnp_TransactionStatus: '00', vnp_TransactionNo: '77001' };
    const late = new URLSearchParams({ ...params, vnp_SecureHash: vnpaySecureHash(params, hashSecret) });
    expect((await call(gateway, 'GET', `/v1/payments/callbacks/vnpay?${late}`)).body.RspCode).toBe('00');
    const after = await payment(opened.reference);
    expect(after.status).toBe('EXPIRED');
    expect(after.exceptions.map((e: { kind: string }) => e.kind)).toEqual(['expired-unverified', 'paid-after-expiry']);
  });

  it('MoMo: the IPN pays with 204; a forged one is refused with 401', async () => {
    const { body: opened } = await open({ provider: 'momo' });
    const paid = await pay(opened.reference, 'success');
    expect(paid.status).toBe(204);
    expect((await payment(opened.reference)).status).toBe('PAID');
    const forged = await call(gateway, 'POST', '/v1/payments/callbacks/momo', {
      body: { partnerCode: 'X', orderId: opened.reference, requestId: 'r', amount: 8000, orderInfo: 'x', orderType: 'momo_wallet', transId: 1, resultCode: 0, message: 'ok', payType: 'qr', responseTime: 1, extraData: '', signature: 'f'.repeat(64) },
    });
    expect(forged.status).toBe(401);
  });
});
