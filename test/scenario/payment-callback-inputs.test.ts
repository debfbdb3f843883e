import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemContentType } from '../../contracts/api/problem';
import { momoIpnSignedFields } from '../../contracts/payment/momo';
import { paygovConfirmMacFields, paygovReplyMacFields } from '../../contracts/payment/paygov';
import { momoSignature, paygovMac, sameSignature, vnpaySecureHash, vnpaySignedData } from '../../functions/core/payment/payment-signatures';
import { sampleDossier } from '../../infra/local/sample-dossier';
import type { CallResult, TwinFixture } from '../support/twin-fixture';
import { recentLedgerRecords } from '../support/ledger';
import { call, startTestTwin } from '../support/twin-fixture';

/**
 * Every input to the three provider callbacks is answered in the provider's own format — PayGov's
 * signed reply, VNPay's { RspCode, Message }, MoMo's 204 or its result-code body — never a
 * problem document and never a 5xx (a provider resends a 5xx forever). Validly signed bodies
 * with malicious values are signed-but-invalid confirmations: refused, recorded in the ledger
 * with a stable code, and they change no payment.
 */
let fixture: TwinFixture;
let gateway: string;
let key: string;
let paygov: { partnerCode: string; secret: string };
let vnpay: { tmnCode: string; hashSecret: string };
let momo: { partnerCode: string; accessKey: string; secretKey: string };

const amount = 8000;
const references: Record<'paygov' | 'vnpay' | 'momo', string> = { paygov: '', vnpay: '', momo: '' };

beforeAll(async () => {
  fixture = await startTestTwin();
  gateway = fixture.twin.gatewayUrl;
  key = fixture.twin.apiKey;
  paygov = JSON.parse(process.env.PAYGOV_CREDENTIALS ?? '{}');
  vnpay = JSON.parse(process.env.VNPAY_CREDENTIALS ?? '{}');
  momo = JSON.parse(process.env.MOMO_CREDENTIALS ?? '{}');
  expect((await call(gateway, 'PUT', '/v1/dossiers/H29-PAYIN-A', { key, body: sampleDossier() })).status).toBe(202);
  for (const provider of ['paygov', 'vnpay', 'momo'] as const) {
    const opened = await call(gateway, 'POST', '/v1/payments', {
      key,
      body: { dossierCode: 'H29-PAYIN-A', provider, fees: [{ code: 'LPHT', name: 'Lệ phí', amount }], payer: { name: 'Trần Văn A' }, returnUrl: 'https://example.gov.vn/kq' },
    });
    expect(opened.status, opened.text).toBe(201);
    references[provider] = opened.body.reference;
  }
});
afterAll(() => fixture.stop());

const paymentStatus = async (reference: string) => (await call(gateway, 'GET', `/v1/payments/${reference}`, { key })).body.status as string;

let messageCounter = 0;
/** A unique webhook-id per request: the inbound ledger keys its record by it. */
const nextMessageId = () => `payin-${process.pid}-${++messageCounter}`;

async function ledgerRecord(messageId: string) {
  return (await recentLedgerRecords('payment')).find((entry) => entry.messageId === messageId);
}


/**
 * How many unauthenticated refusals the payment partner's counters gained since `since` (they are
 * counted per minute apart from the ledger: a request refused before its signature verified could
 * come from anyone). Sums every minute from the start's to now's, so a minute boundary loses none.
 */
async function refusedCounter() {
  const { readRefused } = await import('../../functions/adapters/ledger/ledger-refused-store');
  const minutesFrom = (start: number) => {
    const minutes: string[] = [];
    for (let t = start - (start % 60_000); t <= Date.now(); t += 60_000) minutes.push(new Date(t).toISOString().slice(0, 16));
    return minutes;
  };
  const total = async (start: number) => (await Promise.all(minutesFrom(start).map((m) => readRefused('payment', m)))).reduce((sum, r) => sum + r.count, 0);
  const start = Date.now();
  const before = await total(start);
  return { added: async () => (await total(start)) - before };
}

// ------------------------------------------------------------------ signing as the providers do

function paygovBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const fields = {
    LoaiBanTin: 'CONFIRM',
    MaLoi: '00',
    MaDoiTac: paygov.partnerCode,
    MaThamChieu: references.paygov,
    SoTien: amount,
    MaTienTe: 'VND',
    MaGiaoDich: `GD${Date.now()}`,
    MaNganHang: 'VCB',
    ThoiGianGD: '20261122093000',
    ThongTinGiaoDich: 'Thanh toan phi ho so',
    ...overrides,
  };
  return { ...fields, MaXacThuc: paygovMac(fields, paygovConfirmMacFields, paygov.secret) };
}

function vnpayQuery(overrides: Record<string, string | undefined> = {}): string {
  const params = Object.fromEntries(
    Object.entries({
      vnp_Amount: String(amount * 100),
      vnp_BankCode: 'NCB',
      vnp_OrderInfo: 'Thanh toan phi ho so',
      vnp_PayDate: '20261122093000',
      vnp_ResponseCode: '00',
      vnp_TmnCode: vnpay.tmnCode,
      vnp_TransactionNo: '14000001',
      vnp_TransactionStatus: '00',
      vnp_TxnRef: references.vnpay,
      ...overrides,
    }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return `${vnpaySignedData(params)}&vnp_SecureHash=${vnpaySecureHash(params, vnpay.hashSecret)}`;
}

function momoBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const ipn = {
    partnerCode: momo.partnerCode,
    orderId: references.momo,
    requestId: `${references.momo}-1`,
    amount,
    orderInfo: 'Thanh toan phi ho so',
    orderType: 'momo_wallet',
    transId: 4088878653,
    resultCode: 0,
    message: 'Thành công.',
    payType: 'qr',
    responseTime: 1721720663942,
    extraData: '',
    ...overrides,
  };
  return { ...ipn, signature: momoSignature(ipn, momoIpnSignedFields, momo.accessKey, momo.secretKey) };
}

const paygovCall = (body: unknown, options: { rawBody?: string; headers?: Record<string, string> } = {}) =>
  call(gateway, 'POST', '/v1/payments/callbacks/paygov', {
    ...(options.rawBody === undefined ? { body } : { rawBody: options.rawBody }),
    headers: { 'webhook-id': nextMessageId(), ...options.headers },
  });
const vnpayCall = (query: string, headers: Record<string, string> = {}) =>
  call(gateway, 'GET', `/v1/payments/callbacks/vnpay?${query}`, { headers: { 'webhook-id': nextMessageId(), ...headers } });
const momoCall = (body: unknown, options: { rawBody?: string; headers?: Record<string, string> } = {}) =>
  call(gateway, 'POST', '/v1/payments/callbacks/momo', {
    ...(options.rawBody === undefined ? { body } : { rawBody: options.rawBody }),
    headers: { 'webhook-id': nextMessageId(), ...options.headers },
  });

// ------------------------------------------------------------------ each provider's format

const paygovCodes = ['00', '01', '02', '04', '97', '99'];
function expectPaygovReply(result: CallResult): string {
  expect(result.status, result.text).toBe(200);
  expect(result.headers.get('content-type')).not.toBe(problemContentType);
  expect(Object.keys(result.body).sort()).toEqual(['MaDoiTac', 'MaLoi', 'MaXacThuc', 'MoTaLoi', 'ThoiGianGD']);
  expect(paygovCodes).toContain(result.body.MaLoi);
  // The reply is signed, so PayGov can trust it.
  expect(sameSignature(paygovMac(result.body, paygovReplyMacFields, paygov.secret), result.body.MaXacThuc)).toBe(true);
  return result.body.MaLoi;
}

const vnpayCodes: Record<string, string> = {
  '00': 'Confirm Success',
  '01': 'Order not found',
  '02': 'Order already confirmed',
  '04': 'Invalid amount',
  '97': 'Invalid signature',
  '99': 'Unknown error',
};
function expectVnpayReply(result: CallResult): string {
  expect(result.status, result.text).toBe(200);
  expect(Object.keys(result.body).sort()).toEqual(['Message', 'RspCode']);
  expect(vnpayCodes[result.body.RspCode]).toBe(result.body.Message);
  return result.body.RspCode;
}

/** 204 (handled) or a 4xx with MoMo's result-code body; the result code, or 0 for 204. */
function expectMomoReply(result: CallResult): number {
  if (result.status === 204) {
    expect(result.text).toBe('');
    return 0;
  }
  expect([400, 401, 413, 415, 422], result.text).toContain(result.status);
  expect(result.headers.get('content-type')).toMatch(/^application\/json/);
  expect(result.body).toMatchObject({ partnerCode: momo.partnerCode, resultCode: expect.any(Number), message: expect.any(String), responseTime: expect.any(Number) });
  expect(result.body).not.toHaveProperty('type');
  return result.body.resultCode;
}

// ------------------------------------------------------------------ explicit cases

const tooLargeBody = JSON.stringify({ pad: 'x'.repeat(300 * 1024) });
const longReference = 'LT'.padEnd(3000, 'A');
const longTransactionId = '9'.repeat(2000);

describe('VNPay IPN: every input gets VNPay’s own RspCode', () => {
  it.each([
    ['not a multiple of 100', '800050'],
    ['not numeric', '80000O'],
    ['negative', '-800000'],
    ['a fraction', '8000.00'],
    ['30 digits long', '9'.repeat(30)],
    ['empty', ''],
  ])('a validly signed IPN whose vnp_Amount is %s → 04, recorded as malformed-amount, payment unchanged', async (_label, value) => {
    const messageId = nextMessageId();
    const result = await vnpayCall(vnpayQuery({ vnp_Amount: value }), { 'webhook-id': messageId });
    expect(expectVnpayReply(result)).toBe('04');
    expect(await ledgerRecord(messageId)).toMatchObject({ outcome: 'rejected', errorCode: 'malformed-amount', subject: references.vnpay });
    expect(await paymentStatus(references.vnpay)).toBe('PENDING');
  });

  it('a validly signed IPN without vnp_Amount → 04', async () => {
    expect(expectVnpayReply(await vnpayCall(vnpayQuery({ vnp_Amount: undefined })))).toBe('04');
  });

  it('a vnp_TxnRef over 2 KB → 01 (order not found), without a store key error', async () => {
    const messageId = nextMessageId();
    expect(expectVnpayReply(await vnpayCall(vnpayQuery({ vnp_TxnRef: longReference }), { 'webhook-id': messageId }))).toBe('01');
    const record = await ledgerRecord(messageId);
    expect(record).toMatchObject({ outcome: 'rejected', errorCode: 'invalid-reference' });
    expect(record?.subject).toBeUndefined();
  });

  it('a vnp_TransactionNo over 1 KB (the sort key) → 99, payment unchanged', async () => {
    const messageId = nextMessageId();
    expect(expectVnpayReply(await vnpayCall(vnpayQuery({ vnp_TransactionNo: longTransactionId }), { 'webhook-id': messageId }))).toBe('99');
    expect(await ledgerRecord(messageId)).toMatchObject({ errorCode: 'invalid-transaction-id' });
    expect(await paymentStatus(references.vnpay)).toBe('PENDING');
  });

  it('no parameters at all, or no signature → 97; unknown parameters are signed like any other', async () => {
    expect(expectVnpayReply(await vnpayCall(''))).toBe('97');
    expect(expectVnpayReply(await vnpayCall(vnpayQuery().replace(/&vnp_SecureHash=.*$/, '')))).toBe('97');
    expect(expectVnpayReply(await vnpayCall(vnpayQuery({ vnp_TxnRef: 'LT000000NOSUCHREF', vnp_Extra: 'x' })))).toBe('01');
  });
});

describe('PayGov Confirm: every input gets PayGov’s signed reply', () => {
  it.each([
    ['a fraction', 8000.5],
    ['negative', -8000],
    ['1e30', 1e30],
    ['30 digits as text', '9'.repeat(30)],
    ['text', 'tám nghìn'],
  ])('a validly signed Confirm whose SoTien is %s → 04, recorded as malformed-amount', async (_label, value) => {
    const messageId = nextMessageId();
    expect(expectPaygovReply(await paygovCall(paygovBody({ SoTien: value }), { headers: { 'webhook-id': messageId } }))).toBe('04');
    expect(await ledgerRecord(messageId)).toMatchObject({ outcome: 'rejected', errorCode: 'malformed-amount' });
    expect(await paymentStatus(references.paygov)).toBe('PENDING');
  });

  it('MaThamChieu over 2 KB → 01; MaGiaoDich over 1 KB → 99; payment unchanged', async () => {
    expect(expectPaygovReply(await paygovCall(paygovBody({ MaThamChieu: longReference })))).toBe('01');
    expect(expectPaygovReply(await paygovCall(paygovBody({ MaGiaoDich: longTransactionId })))).toBe('99');
    expect(await paymentStatus(references.paygov)).toBe('PENDING');
  });

  it('a body over 256 KiB, not JSON, a JSON array, or missing fields → 99; a forged MAC → 97', async () => {
    // Refused before any signature could be checked: counted apart, never in the partner's ledger.
    const messageId = nextMessageId();
    const refused = await refusedCounter();
    expect(expectPaygovReply(await paygovCall(undefined, { rawBody: tooLargeBody, headers: { 'content-type': 'application/json', 'webhook-id': messageId } }))).toBe('99');
    expect(await refused.added()).toBe(1);
    expect(await ledgerRecord(messageId)).toBeUndefined();
    expect(expectPaygovReply(await paygovCall(undefined, { rawBody: '{"MaLoi":', headers: { 'content-type': 'application/json' } }))).toBe('99');
    expect(expectPaygovReply(await paygovCall([paygovBody()]))).toBe('99');
    const { MaGiaoDich: _dropped, ...missing } = paygovBody();
    expect(expectPaygovReply(await paygovCall(missing))).toBe('99');
    expect(expectPaygovReply(await paygovCall({ ...paygovBody(), MaXacThuc: '0'.repeat(64) }))).toBe('97');
    expect(await paymentStatus(references.paygov)).toBe('PENDING');
  });

  it('unknown fields and another content type do not stop a well-signed Confirm from being read', async () => {
    const body = JSON.stringify({ ...paygovBody({ MaThamChieu: 'LT000000NOSUCHREF' }), Them: { nested: [1, 2] } });
    expect(expectPaygovReply(await paygovCall(undefined, { rawBody: body, headers: { 'content-type': 'text/plain' } }))).toBe('01');
  });
});

describe('MoMo IPN: every input gets 204 or MoMo’s result-code body', () => {
  it.each([
    ['a fraction', 8000.5],
    ['negative', -8000],
    ['30 digits as text', '9'.repeat(30)],
    ['text', 'abc'],
  ])('a validly signed IPN whose amount is %s → 422 with resultCode 21 (invalid amount)', async (_label, value) => {
    const messageId = nextMessageId();
    const result = await momoCall(momoBody({ amount: value }), { headers: { 'webhook-id': messageId } });
    expect(result.status).toBe(422);
    expect(expectMomoReply(result)).toBe(21);
    expect(await ledgerRecord(messageId)).toMatchObject({ outcome: 'rejected', errorCode: 'malformed-amount' });
    expect(await paymentStatus(references.momo)).toBe('PENDING');
  });

  it('orderId over 2 KB → 422 (42); transId over 1 KB → 400 (20); a forged signature → 401 (11)', async () => {
    const longOrder = await momoCall(momoBody({ orderId: longReference }));
    expect([longOrder.status, expectMomoReply(longOrder)]).toEqual([422, 42]);
    expect(longOrder.body.orderId).toBeUndefined();
    const longTransaction = await momoCall(momoBody({ transId: longTransactionId }));
    expect([longTransaction.status, expectMomoReply(longTransaction)]).toEqual([400, 20]);
    const forged = await momoCall({ ...momoBody(), signature: 'f'.repeat(64) });
    expect([forged.status, expectMomoReply(forged)]).toEqual([401, 11]);
    expect(await paymentStatus(references.momo)).toBe('PENDING');
  });

  it('a body over 256 KiB → 413, another content type → 415, malformed JSON or missing fields → 400, all in MoMo’s shape', async () => {
    const messageId = nextMessageId();
    const refused = await refusedCounter();
    const tooLarge = await momoCall(undefined, { rawBody: tooLargeBody, headers: { 'content-type': 'application/json', 'webhook-id': messageId } });
    expect([tooLarge.status, expectMomoReply(tooLarge)]).toEqual([413, 20]);
    expect(await refused.added()).toBe(1);
    expect(await ledgerRecord(messageId)).toBeUndefined();
    const wrongType = await momoCall(undefined, { rawBody: JSON.stringify(momoBody()), headers: { 'content-type': 'text/plain' } });
    expect([wrongType.status, expectMomoReply(wrongType)]).toEqual([415, 20]);
    const malformed = await momoCall(undefined, { rawBody: '{"orderId":', headers: { 'content-type': 'application/json' } });
    expect([malformed.status, expectMomoReply(malformed)]).toEqual([400, 20]);
    const { transId: _dropped, ...missing } = momoBody();
    const incomplete = await momoCall(missing);
    expect([incomplete.status, expectMomoReply(incomplete)]).toEqual([400, 20]);
    expect(incomplete.body.orderId).toBe(references.momo);
  });
});

// ------------------------------------------------------------------ properties over signed bodies

/** Values a hostile or broken sender might put in any field. */
const hostileValue = (reference: string) =>
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    // Over the sort key (1 KB) and the partition key (2 KB); letters only, so four of them still fit a URL.
    fc.stringMatching(/^[A-Za-z0-9]{1000,2100}$/),
    fc.stringMatching(/^\d{1,30}$/),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.constantFrom(reference, '', '00', '0', `${amount}`, `${amount * 100}`, '__proto__', 'constructor', ' 00'),
  );

/** A signed message with some of its fields replaced by hostile values (the rest stay valid). */
function hostileOverrides(fields: readonly string[], reference: string, asText = false) {
  return fc.dictionary(fc.constantFrom(...fields), asText ? hostileValue(reference).map(String) : hostileValue(reference), { maxKeys: 4 });
}

/** A fixed seed inside `npm test`; PAYMENT_PROPERTY_RUNS / PAYMENT_PROPERTY_SEED for longer runs. */
const propertyRuns = { numRuns: Number(process.env.PAYMENT_PROPERTY_RUNS ?? 60), seed: Number(process.env.PAYMENT_PROPERTY_SEED ?? 9009) };
/** Three HTTP calls a run: a generous bound per run, so a loaded machine does not fail a long run. */
const propertyTimeoutMs = Math.max(60_000, propertyRuns.numRuns * 500);

describe('properties: validly signed hostile confirmations', () => {
  it('VNPay: never 5xx, always { RspCode, Message }, a refusal changes no payment', async () => {
    const fields = ['vnp_Amount', 'vnp_TxnRef', 'vnp_TransactionNo', 'vnp_ResponseCode', 'vnp_TransactionStatus', 'vnp_OrderInfo', 'vnp_BankCode', 'vnp_PayDate'];
    await fc.assert(
      fc.asyncProperty(hostileOverrides(fields, references.vnpay, true), async (overrides) => {
        const before = await paymentStatus(references.vnpay);
        const code = expectVnpayReply(await vnpayCall(vnpayQuery(overrides as Record<string, string>)));
        if (code !== '00') expect(await paymentStatus(references.vnpay)).toBe(before);
      }),
      propertyRuns,
    );
  }, propertyTimeoutMs);

  it('PayGov: never 5xx, always the signed reply, a refusal changes no payment', async () => {
    await fc.assert(
      fc.asyncProperty(hostileOverrides(paygovConfirmMacFields, references.paygov), async (overrides) => {
        const before = await paymentStatus(references.paygov);
        const code = expectPaygovReply(await paygovCall(paygovBody(overrides)));
        if (code !== '00') expect(await paymentStatus(references.paygov)).toBe(before);
      }),
      propertyRuns,
    );
  }, propertyTimeoutMs);

  it('MoMo: never 5xx, always 204 or MoMo’s body, a refusal changes no payment', async () => {
    await fc.assert(
      fc.asyncProperty(hostileOverrides(momoIpnSignedFields, references.momo), async (overrides) => {
        const before = await paymentStatus(references.momo);
        const result = await momoCall(momoBody(overrides));
        const code = expectMomoReply(result);
        if (code !== 0) expect(await paymentStatus(references.momo)).toBe(before);
      }),
      propertyRuns,
    );
  }, propertyTimeoutMs);
});

describe('the payment API refuses out-of-bounds identifiers with a 4xx problem, before any store access', () => {
  const expectProblem = (result: CallResult, status: number) => {
    expect(result.status, result.text).toBe(status);
    expect(result.headers.get('content-type')).toBe(problemContentType);
    expect(result.body.status).toBe(status);
  };

  it('GET /v1/payments/{paymentId}: over 2 KB, lower case, or punctuation → 422; a well-formed unknown id → 404', async () => {
    for (const id of ['L'.repeat(3000), references.paygov.toLowerCase(), 'LT%00ABC', 'LT261130%2F..%2FX']) {
      expectProblem(await call(gateway, 'GET', `/v1/payments/${id}`, { key }), 422);
    }
    expectProblem(await call(gateway, 'GET', '/v1/payments/LT000000NOSUCHREF', { key }), 404);
  });

  it('POST /v1/payments: an Idempotency-Key over 128 characters, a VNPay return URL over 255, a MoMo amount under 1,000 VND → 422 naming the field', async () => {
    const body = { dossierCode: 'H29-PAYIN-A', fees: [{ code: 'LPHT', name: 'Lệ phí', amount }], payer: { name: 'Trần Văn A' }, returnUrl: 'https://example.gov.vn/kq' };
    const longKey = await call(gateway, 'POST', '/v1/payments', { key, body, headers: { 'idempotency-key': 'k'.repeat(129) } });
    expectProblem(longKey, 422);
    expect(longKey.body.errors).toEqual([expect.objectContaining({ location: 'header', path: '/idempotency-key' })]);

    const vnpayUrl = await call(gateway, 'POST', '/v1/payments', { key, body: { ...body, provider: 'vnpay', returnUrl: `https://example.gov.vn/${'k'.repeat(240)}` } });
    expectProblem(vnpayUrl, 422);
    expect(vnpayUrl.body.errors).toEqual([expect.objectContaining({ path: '/returnUrl', message: expect.stringContaining('vnp_ReturnUrl') })]);

    const momoSmall = await call(gateway, 'POST', '/v1/payments', { key, body: { ...body, provider: 'momo', fees: [{ code: 'LPHT', name: 'Lệ phí', amount: 500 }] } });
    expectProblem(momoSmall, 422);
    expect(momoSmall.body.errors).toEqual([expect.objectContaining({ path: '/fees' })]);
  });
});
