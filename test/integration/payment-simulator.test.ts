import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MomoIpn, momoIpnSignedFields } from '../../contracts/payment/momo';
import { PaygovConfirm, paygovConfirmMacFields, paygovInitMacFields, paygovQueryMacFields, paygovReplyMacFields } from '../../contracts/payment/paygov';
import { momoSignature, paygovMac, sameSignature, vnpaySecureHash, vnpaySignedData } from '../../functions/core/payment/payment-signatures';
import { closeServer, listen } from '../../infra/local/net';
import type { PaymentCredentials } from '../../infra/local/simulators/payment/payment-credentials';
import { PaymentSimulator } from '../../infra/local/simulators/payment/payment-simulator';
import { eventually } from '../support/twin-fixture';
import { platformTime } from '../../infra/local/simulators/payment/payment-time';

/**
 * The payment simulator alone, with a stub standing in for the gateway's three callback
 * endpoints. The stub verifies every confirmation with our own signature functions and answers
 * as the gateway would, so each test sees both what was sent and what the sender made of the answer.
 */

const credentials: PaymentCredentials = {
  paygov: { partnerCode: 'HCM-LIENTHONG-TEST', secret: 'khoa-bi-mat-paygov-kiem-thu' },
  vnpay: { tmnCode: 'LTTEST01', hashSecret: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345' },
  momo: { partnerCode: 'MOMOLTTEST', accessKey: 'ACCESSKEYTEST01', secretKey: 'SECRETKEYTEST0123456789ABCDEFGHI' },
};

interface Received {
  readonly channel: 'paygov' | 'vnpay' | 'momo';
  readonly method: string;
  readonly rawQuery: string;
  readonly params: Record<string, string>;
  readonly body: any;
  readonly verified: boolean;
  readonly at: number;
}

/** The gateway's callback endpoints, reduced to verifying and answering. */
function startGatewayStub(): { server: Server; received: Received[] } {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://gateway');
      const raw = Buffer.concat(chunks).toString('utf8');
      const record = (channel: Received['channel'], verified: boolean, body: unknown, params: Record<string, string> = {}) =>
        received.push({ channel, method: request.method ?? '', rawQuery: url.search.slice(1), params, body, verified, at: Date.now() });
      const json = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      switch (url.pathname) {
        case '/v1/payments/callbacks/paygov': {
          const confirm = PaygovConfirm.parse(JSON.parse(raw));
          const verified = sameSignature(paygovMac(confirm, paygovConfirmMacFields, credentials.paygov.secret), confirm.MaXacThuc);
          record('paygov', verified, JSON.parse(raw));
          const reply = { MaLoi: verified ? '00' : '97', MoTaLoi: verified ? 'Xác nhận thành công' : 'Sai mã xác thực', MaDoiTac: confirm.MaDoiTac, ThoiGianGD: platformTime() };
          return json(200, { ...reply, MaXacThuc: paygovMac(reply, paygovReplyMacFields, credentials.paygov.secret) });
        }
        case '/v1/payments/callbacks/vnpay': {
          const params = Object.fromEntries(url.searchParams) as Record<string, string>;
          const verified = sameSignature(vnpaySecureHash(params, credentials.vnpay.hashSecret), params.vnp_SecureHash);
          record('vnpay', verified, undefined, params);
          return json(200, verified ? { RspCode: '00', Message: 'Confirm Success' } : { RspCode: '97', Message: 'Invalid signature' });
        }
        case '/v1/payments/callbacks/momo': {
          const ipn = MomoIpn.parse(JSON.parse(raw));
          const verified = sameSignature(momoSignature(ipn, momoIpnSignedFields, credentials.momo.accessKey, credentials.momo.secretKey), ipn.signature);
          record('momo', verified, JSON.parse(raw));
          response.writeHead(verified ? 204 : 400);
          return response.end();
        }
        default:
          return json(404, { message: 'not a callback' });
      }
    });
  });
  return { server, received };
}

let simulator: PaymentSimulator;
let sim: string;
let gateway: { server: Server; received: Received[] };
let referenceCounter = 0;

beforeAll(async () => {
  gateway = startGatewayStub();
  await listen(gateway.server, 0);
  simulator = new PaymentSimulator(credentials);
  await listen(simulator.server, 0);
  sim = simulator.url;
  simulator.confirmations.configure(`http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`);
});
afterAll(async () => {
  await closeServer(simulator.server);
  await closeServer(gateway.server);
});
afterEach(async () => {
  await fetch(`${sim}/_reset`, { method: 'POST' });
  gateway.received.length = 0;
});

const newReference = () => `LT-${Date.now().toString(36)}-${++referenceCounter}`;
const receivedFor = (reference: string) =>
  gateway.received.filter((r) => r.body?.MaThamChieu === reference || r.body?.orderId === reference || r.params.vnp_TxnRef === reference);

const postJson = async (path: string, body: unknown) => {
  const response = await fetch(`${sim}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
};

/** A PayGov INIT as the gateway sends it, signed unless told otherwise. */
function initRequest(reference: string, overrides: Record<string, unknown> = {}) {
  const request: Record<string, unknown> = {
    LoaiBanTin: 'INIT',
    PhienBan: '1.0.6',
    MaDoiTac: credentials.paygov.partnerCode,
    MaThamChieu: reference,
    SoTien: 150000,
    LoaiHinhThanhToan: 'PAY',
    MaKenhThanhToan: '1',
    MaThietBi: '1',
    NgonNgu: 'vi-VN',
    MaTienTe: 'VND',
    MaNganHang: 'VCB',
    ThongTinGiaoDich: 'Nộp lệ phí đăng ký khai sinh hồ sơ 000.00.21.H29-261122-0001',
    ThoiGianGD: platformTime(),
    Ip: '203.0.113.5',
    ThongTinBienLai: {
      MaHoSo: '000.00.21.H29-261122-0001',
      HoTenNguoiNop: 'Võ Thị Sáu',
      MaTTHC: '1.001193.000.00.00.H29',
      TenTTHC: 'Đăng ký khai sinh',
      TenDonVi: 'UBND phường Bến Thành',
    },
    PhiLePhi: [
      { LoaiPhiLePhi: '2', MaPhiLePhi: 'LPHT', TenPhiLePhi: 'Lệ phí hộ tịch', SoTien: 100000 },
      { LoaiPhiLePhi: '1', MaPhiLePhi: 'PSY', TenPhiLePhi: 'Phí sao y bản chính', SoTien: 50000 },
    ],
    ...overrides,
  };
  return { ...request, MaXacThuc: (overrides.MaXacThuc as string) ?? paygovMac(request, paygovInitMacFields, credentials.paygov.secret) };
}

const init = (reference: string, overrides: Record<string, unknown> = {}) => postJson('/paygov/init', initRequest(reference, overrides));

async function query(reference: string, secret = credentials.paygov.secret) {
  const request = { LoaiBanTin: 'QUERY', PhienBan: '1.0.6', MaDoiTac: credentials.paygov.partnerCode, MaThamChieu: reference, ThoiGianGD: platformTime() };
  const answer = await postJson('/paygov/query', { ...request, MaXacThuc: paygovMac(request, paygovQueryMacFields, secret) });
  return { error_code: answer.body.error_code as string, message: answer.body.message as string, result: answer.body.error_code === '0' ? JSON.parse(answer.body.message) : undefined };
}

const inspect = async (reference: string): Promise<any> => (await fetch(`${sim}/_inspect/payments/${encodeURIComponent(reference)}`)).json();
const pay = (reference: string, outcome: 'success' | 'fail' | 'cancel') => postJson(`/_actions/pay/${encodeURIComponent(reference)}`, { outcome });
const setKnobs = async (knobs: Record<string, unknown>) => expect((await postJson('/_faults', knobs)).status).toBe(200);

/** VNPay's payment URL as the gateway builds it: its own vnp_* parameters, signed. */
const vnpayOrderInfo = 'Thanh toán lệ phí hồ sơ 000.00.21.H29-261122-0002 & phí sao y + gửi/nhận tại nhà';
function vnpayPayUrl(reference: string, overrides: Record<string, string> = {}, hashSecret = credentials.vnpay.hashSecret) {
  const now = new Date();
  const params: Record<string, string> = {
    vnp_Version: '2.1.0',
    vnp_Command: 'pay',
    vnp_TmnCode: credentials.vnpay.tmnCode,
    vnp_Amount: String(250000 * 100),
    vnp_CurrCode: 'VND',
    vnp_TxnRef: reference,
    vnp_OrderInfo: vnpayOrderInfo,
    vnp_OrderType: 'other',
    vnp_Locale: 'vn',
    vnp_ReturnUrl: 'https://dichvucong.hochiminhcity.gov.example/thanh-toan/ket-qua',
    vnp_IpAddr: '203.0.113.5',
    vnp_CreateDate: platformTime(now),
    vnp_ExpireDate: platformTime(new Date(now.getTime() + 15 * 60_000)),
    ...overrides,
  };
  return `${sim}/vnpay/pay?${vnpaySignedData(params)}&vnp_SecureHash=${vnpaySecureHash(params, hashSecret)}`;
}

describe('PayGov INIT', () => {
  it('answers a correctly signed INIT with the payment URL and registers the transaction', async () => {
    // Prepare
    const reference = newReference();

    // Act
    const answer = await init(reference);

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body.error_code).toBe('0');
    expect(JSON.parse(answer.body.message)).toEqual({ UrlThanhToan: `${sim}/pay/${reference}` });
    const transaction = await inspect(reference);
    expect(transaction).toMatchObject({ reference, channel: 'paygov', amount: 150000, bankCode: 'VCB' });
    expect(transaction.fees).toHaveLength(2);
  });

  it('shows the citizen a Vietnamese page with the amount and how to act', async () => {
    // Prepare
    const reference = newReference();
    const url = JSON.parse((await init(reference)).body.message).UrlThanhToan as string;

    // Act
    const page = await fetch(url);
    const html = await page.text();

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('150.000 ₫');
    expect(html).toContain('Lệ phí hộ tịch');
    expect(html).toContain(`POST /_actions/pay/${reference}`);
  });

  it('refuses a forged MaXacThuc with 97 and registers nothing', async () => {
    // Prepare
    const reference = newReference();
    const forged = paygovMac(initRequest(reference), paygovInitMacFields, 'khoa-cua-ke-gia-mao');

    // Act
    const answer = await init(reference, { MaXacThuc: forged });

    // Assess
    expect(answer.body.error_code).toBe('97');
    expect(answer.body.message).toContain('MaXacThuc');
    expect((await fetch(`${sim}/_inspect/payments/${reference}`)).status).toBe(404);
  });

  it('refuses an INIT whose signed amount was changed afterwards', async () => {
    // Prepare
    const reference = newReference();
    const signed = initRequest(reference);

    // Act
    const answer = await postJson('/paygov/init', { ...signed, SoTien: 15000 });

    // Assess
    expect(answer.body.error_code).toBe('97');
  });

  it('refuses an unknown partner code with 97', async () => {
    // Act
    const answer = await init(newReference(), { MaDoiTac: 'KHONG-TON-TAI' });

    // Assess
    expect(answer.body.error_code).toBe('97');
    expect(answer.body.message).toContain('KHONG-TON-TAI');
  });

  it('answers the same URL to a repeated INIT, and 02 when the amount differs', async () => {
    // Prepare
    const reference = newReference();
    const first = await init(reference);

    // Act
    const repeated = await init(reference);
    const conflicting = await init(reference, { SoTien: 200000 });

    // Assess
    expect(repeated.body).toEqual(first.body);
    expect(conflicting.body.error_code).toBe('02');
  });

  it('refuses a body the contract rejects', async () => {
    // Act
    const answer = await init(newReference(), { SoTien: -5 });

    // Assess
    expect(answer.body.error_code).toBe('03');
    expect(answer.body.message).toContain('SoTien');
  });

  it("opens a MoMo transaction when MaNganHang is 'MOMO'", async () => {
    // Prepare
    const reference = newReference();

    // Act
    await init(reference, { MaNganHang: 'MOMO' });

    // Assess
    expect(await inspect(reference)).toMatchObject({ channel: 'momo' });
  });
});

describe('VNPay payment URL', () => {
  it('verifies the gateway-built URL, registers a vnpay transaction and shows the page', async () => {
    // Prepare
    const reference = newReference();

    // Act
    const page = await fetch(vnpayPayUrl(reference));

    // Assess
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('250.000 ₫');
    expect(await inspect(reference)).toMatchObject({
      channel: 'vnpay',
      amount: 250000,
      description: vnpayOrderInfo,
    });
  });

  it('answers 400 to a wrong vnp_SecureHash and registers nothing', async () => {
    // Prepare
    const reference = newReference();

    // Act
    const page = await fetch(vnpayPayUrl(reference, {}, 'SAIKHOABIMAT0000000000000000000'));

    // Assess
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('vnp_SecureHash');
    expect((await fetch(`${sim}/_inspect/payments/${reference}`)).status).toBe(404);
  });

  it('answers 400 to an unknown vnp_TmnCode and to an expired URL', async () => {
    // Prepare
    const past = platformTime(new Date(Date.now() - 60_000));

    // Act
    const stranger = await fetch(vnpayPayUrl(newReference(), { vnp_TmnCode: 'KHONGCO1' }));
    const expired = await fetch(vnpayPayUrl(newReference(), { vnp_ExpireDate: past }));

    // Assess
    expect(stranger.status).toBe(400);
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain('quá thời gian');
  });
});

describe('confirmations to the gateway', () => {
  it('sends PayGov a signed CONFIRM with MaLoi 00 and reports the gateway’s answer', async () => {
    // Prepare
    const reference = newReference();
    await init(reference);

    // Act
    const action = await pay(reference, 'success');

    // Assess
    expect(action.status).toBe(200);
    expect(action.body).toMatchObject({ reference, channel: 'paygov', outcome: 'success', dropped: false, status: 200, answer: { MaLoi: '00' } });
    const [confirm] = receivedFor(reference);
    expect(confirm?.verified).toBe(true);
    expect(confirm?.body).toMatchObject({
      LoaiBanTin: 'CONFIRM',
      MaLoi: '00',
      MaDoiTac: credentials.paygov.partnerCode,
      MaThamChieu: reference,
      SoTien: 150000,
      MaTienTe: 'VND',
      MaGiaoDich: action.body.transactionId,
      MaNganHang: 'VCB',
      ThongTinGiaoDich: 'Nộp lệ phí đăng ký khai sinh hồ sơ 000.00.21.H29-261122-0001',
    });
    expect(confirm?.body.ThoiGianGD).toMatch(/^\d{14}$/);
    const inspected = await inspect(reference);
    expect(inspected.decision.outcome).toBe('success');
    expect(inspected.confirmations).toHaveLength(1);
    expect(inspected.confirmations[0]).toMatchObject({ method: 'POST', status: 200, answer: { MaLoi: '00' } });
  });

  it('sends PayGov MaLoi 09 for a failed payment and 24 for a cancelled one', async () => {
    // Prepare
    const failed = newReference();
    const cancelled = newReference();
    await init(failed);
    await init(cancelled);

    // Act
    await pay(failed, 'fail');
    await pay(cancelled, 'cancel');

    // Assess
    expect(receivedFor(failed)[0]?.body.MaLoi).toBe('09');
    expect(receivedFor(cancelled)[0]?.body.MaLoi).toBe('24');
    expect(gateway.received.every((r) => r.verified)).toBe(true);
  });

  it('sends VNPay’s IPN as a signed GET whose spaces survive the + encoding', async () => {
    // Prepare
    const reference = newReference();
    await fetch(vnpayPayUrl(reference));

    // Act
    const action = await pay(reference, 'success');

    // Assess
    expect(action.body).toMatchObject({ channel: 'vnpay', status: 200, answer: { RspCode: '00' } });
    const [ipn] = receivedFor(reference);
    expect(ipn?.method).toBe('GET');
    expect(ipn?.verified).toBe(true);
    expect(ipn?.rawQuery).toContain('vnp_OrderInfo=Thanh+to%C3%A1n+l%E1%BB%87+ph%C3%AD');
    expect(ipn?.rawQuery).toMatch(/&vnp_SecureHash=[0-9a-f]{128}$/);
    expect(ipn?.params).toMatchObject({
      vnp_Amount: '25000000',
      vnp_OrderInfo: vnpayOrderInfo,
      vnp_ResponseCode: '00',
      vnp_TransactionStatus: '00',
      vnp_TmnCode: credentials.vnpay.tmnCode,
      vnp_TransactionNo: action.body.transactionId,
      vnp_TxnRef: reference,
      vnp_CardType: 'ATM',
    });
    expect(Object.keys(ipn?.params ?? {}).sort()).toEqual([
      'vnp_Amount', 'vnp_BankCode', 'vnp_BankTranNo', 'vnp_CardType', 'vnp_OrderInfo', 'vnp_PayDate', 'vnp_ResponseCode',
      'vnp_SecureHash', 'vnp_TmnCode', 'vnp_TransactionNo', 'vnp_TransactionStatus', 'vnp_TxnRef',
    ]);
  });

  it('sends VNPay 51 / 02 for a failed payment and 24 / 02 for a cancelled one', async () => {
    // Prepare
    const failed = newReference();
    const cancelled = newReference();
    await fetch(vnpayPayUrl(failed));
    await fetch(vnpayPayUrl(cancelled));

    // Act
    await pay(failed, 'fail');
    await pay(cancelled, 'cancel');

    // Assess
    expect(receivedFor(failed)[0]?.params).toMatchObject({ vnp_ResponseCode: '51', vnp_TransactionStatus: '02' });
    expect(receivedFor(cancelled)[0]?.params).toMatchObject({ vnp_ResponseCode: '24', vnp_TransactionStatus: '02' });
    expect(gateway.received.every((r) => r.verified)).toBe(true);
  });

  it('sends MoMo’s IPN as signed JSON, resultCode 0, 1001 or 1006, and reports the 204', async () => {
    // Prepare
    const references = { success: newReference(), fail: newReference(), cancel: newReference() } as const;
    for (const reference of Object.values(references)) await init(reference, { MaNganHang: 'MOMO' });

    // Act
    const actions = {
      success: await pay(references.success, 'success'),
      fail: await pay(references.fail, 'fail'),
      cancel: await pay(references.cancel, 'cancel'),
    };

    // Assess
    expect(actions.success.body).toMatchObject({ channel: 'momo', status: 204, answer: null });
    const ipn = receivedFor(references.success)[0];
    expect(ipn?.verified).toBe(true);
    expect(ipn?.body).toMatchObject({
      partnerCode: credentials.momo.partnerCode,
      orderId: references.success,
      amount: 150000,
      resultCode: 0,
      transId: Number(actions.success.body.transactionId),
    });
    expect(receivedFor(references.fail)[0]?.body.resultCode).toBe(1001);
    expect(receivedFor(references.cancel)[0]?.body.resultCode).toBe(1006);
    expect(gateway.received.every((r) => r.verified)).toBe(true);
  });

  it('accepts the payment page’s form as well as JSON', async () => {
    // Prepare
    const reference = newReference();
    await init(reference);

    // Act
    const response = await fetch(`${sim}/_actions/pay/${reference}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'outcome=cancel',
    });

    // Assess
    expect(response.status).toBe(200);
    expect(receivedFor(reference)[0]?.body.MaLoi).toBe('24');
  });

  it('refuses a second decision on the same transaction, and unknown references', async () => {
    // Prepare
    const reference = newReference();
    await init(reference);
    await pay(reference, 'fail');

    // Act
    const again = await pay(reference, 'success');
    const unknown = await pay('LT-KHONG-CO', 'success');

    // Assess
    expect(again.status).toBe(409);
    expect(again.body.decision.outcome).toBe('fail');
    expect(unknown.status).toBe(404);
    expect(receivedFor(reference)).toHaveLength(1);
  });
});

describe('confirmation knobs', () => {
  it('dropConfirmations records the outcome for QUERY but sends nothing', async () => {
    // Prepare
    const reference = newReference();
    await init(reference);
    await setKnobs({ dropConfirmations: true });

    // Act
    const action = await pay(reference, 'success');

    // Assess
    expect(action.body).toMatchObject({ dropped: true, sent: [] });
    expect(receivedFor(reference)).toHaveLength(0);
    expect((await query(reference)).result).toMatchObject({ TrangThaiGD: '1', MaGiaoDich: action.body.transactionId });
    const inspected = await inspect(reference);
    expect(inspected.confirmations).toHaveLength(0);
    expect(inspected.dropped[0].body.MaLoi).toBe('00');
  });

  it('duplicateConfirmations sends the identical confirmation twice', async () => {
    // Prepare
    const reference = newReference();
    await init(reference);
    await setKnobs({ duplicateConfirmations: true });

    // Act
    const action = await pay(reference, 'success');

    // Assess
    const received = receivedFor(reference);
    expect(received).toHaveLength(2);
    expect(received[1]?.body).toEqual(received[0]?.body);
    expect(action.body.sent).toHaveLength(2);
  });

  it('duplicateConfirmations repeats VNPay’s IPN byte for byte', async () => {
    // Prepare
    const reference = newReference();
    await fetch(vnpayPayUrl(reference));
    await setKnobs({ duplicateConfirmations: true });

    // Act
    await pay(reference, 'success');

    // Assess
    const received = receivedFor(reference);
    expect(received).toHaveLength(2);
    expect(received[1]?.rawQuery).toBe(received[0]?.rawQuery);
  });

  it('confirmationDelayMs holds the confirmation back while QUERY already knows', async () => {
    // Prepare
    const reference = newReference();
    await init(reference);
    await setKnobs({ confirmationDelayMs: 400 });
    const started = Date.now();

    // Act
    const action = pay(reference, 'success');
    // Wait for the signal that the payment is settled at PayGov (QUERY knows), not for a fixed time.
    const settled = await eventually(async () => {
      const answer = await query(reference);
      expect(answer.result.TrangThaiGD).toBe('1');
      return answer;
    });
    const meanwhile = { received: receivedFor(reference).length, query: settled };
    const done = await action;

    // Assess
    expect(meanwhile.received).toBe(0);
    expect(meanwhile.query.result.TrangThaiGD).toBe('1');
    expect(done.body.status).toBe(200);
    expect(receivedFor(reference)[0]!.at - started).toBeGreaterThanOrEqual(400);
  });

  it('reports every knob on GET /_faults and refuses a bad one', async () => {
    // Prepare
    await setKnobs({ duplicateConfirmations: true, latencyMs: 5 });

    // Act
    const knobs = await (await fetch(`${sim}/_faults`)).json();
    const refused = await postJson('/_faults', { confirmationDelayMs: -1 });

    // Assess
    expect(knobs).toMatchObject({ duplicateConfirmations: true, dropConfirmations: false, confirmationDelayMs: 0, latencyMs: 5, down: false });
    expect(refused.status).toBe(400);
  });
});

describe('shared fault knobs', () => {
  it('apply to INIT and QUERY: throttled, then served', async () => {
    // Prepare
    const reference = newReference();
    await setKnobs({ throttle: { calls: 2, retryAfterSeconds: 3 } });

    // Act
    const throttledInit = await init(reference);
    const throttledQuery = await postJson('/paygov/query', {});
    const served = await init(reference);

    // Assess
    expect(throttledInit.status).toBe(429);
    expect(throttledInit.headers.get('retry-after')).toBe('3');
    expect(throttledQuery.status).toBe(429);
    expect(served.body.error_code).toBe('0');
  });

  it('drop INIT connections when down, but leave the payment page and the pay action alone', async () => {
    // Prepare
    const reference = newReference();
    await init(reference);
    await setKnobs({ down: true });

    // Act
    const initWhileDown = await init(newReference()).then(() => 'answered', () => 'connection dropped');
    const page = await fetch(`${sim}/pay/${reference}`);
    const action = await pay(reference, 'success');

    // Assess
    expect(initWhileDown).toBe('connection dropped');
    expect(page.status).toBe(200);
    expect(action.body.status).toBe(200);
  });
});

describe('PayGov QUERY', () => {
  it('answers 3 before the citizen acts, 1 once paid, with amount and transaction id', async () => {
    // Prepare
    const reference = newReference();
    await init(reference);

    // Act
    const before = await query(reference);
    const action = await pay(reference, 'success');
    const after = await query(reference);

    // Assess
    expect(before).toMatchObject({ error_code: '0', result: { TrangThaiGD: '3', SoTien: 150000 } });
    expect(before.result.MaGiaoDich).toBeUndefined();
    expect(after.result).toEqual({ TrangThaiGD: '1', SoTien: 150000, MaGiaoDich: action.body.transactionId });
    expect(receivedFor(reference)[0]?.body.MaGiaoDich).toBe(after.result.MaGiaoDich);
  });

  it('answers 4 for a failed and for a cancelled payment, on any channel', async () => {
    // Prepare
    const failed = newReference();
    const cancelled = newReference();
    await init(failed);
    await fetch(vnpayPayUrl(cancelled));

    // Act
    await pay(failed, 'fail');
    await pay(cancelled, 'cancel');

    // Assess
    expect((await query(failed)).result.TrangThaiGD).toBe('4');
    expect((await query(cancelled)).result).toMatchObject({ TrangThaiGD: '4', SoTien: 250000 });
  });

  it('answers 01 for an unknown reference and 97 for a forged MaXacThuc', async () => {
    // Prepare
    const reference = newReference();
    await init(reference);

    // Act
    const unknown = await query('LT-KHONG-CO');
    const forged = await query(reference, 'khoa-cua-ke-gia-mao');

    // Assess
    expect(unknown.error_code).toBe('01');
    expect(forged.error_code).toBe('97');
  });
});
