import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { confirmationSortKey, paymentIdentifierLimits, paymentKeyParts, referenceKeyBytes } from '../../contracts/payment/identifiers';
import { momoIpnSignedFields } from '../../contracts/payment/momo';
import { PaygovInitRequest, PaygovQueryResult, paygovConfirmMacFields } from '../../contracts/payment/paygov';
import { vnpayPayUrlLimits } from '../../contracts/payment/vnpay';
import { platformLimits, utf8Bytes } from '../../contracts/platform/limits';
import { momoSignature, paygovMac, vnpaySecureHash } from '../../functions/core/payment/payment-signatures';
import { lambdaContext, proxyEventFor } from '../support/proxy-event';

/**
 * The payment callbacks when the gateway itself fails, and the identifier limits they enforce
 * before any store access. A store outage is not the provider's fault: each provider gets its
 * own "send it again" answer (VNPay 99, PayGov MaLoi 99, MoMo 503 with its result-code body),
 * never a problem document, and the ledger records the exchange as retryable.
 */
const dynamo = mockClient(DynamoDBDocumentClient);
const paygov = { partnerCode: 'HCM-TEST', secret: 'paygov-secret-123' };
const vnpay = { tmnCode: 'LTTEST01', hashSecret: 'VNPAYSECRETVNPAYSECRET' };
const momo = { partnerCode: 'MOMOTEST', accessKey: 'ACCESSKEY', secretKey: 'MOMOSECRETMOMOSECRET' };

let handler: typeof import('../../functions/payment-confirmation/handler').handler;

beforeAll(async () => {
  Object.assign(process.env, {
    PAYMENTS_TABLE: 'payments',
    LEDGER_TABLE: 'ledger',
    PAYGOV_BASE_URL: 'https://paygov.example',
    VNPAY_PAY_URL: 'https://vnpay.example/pay',
    PAYGOV_CREDENTIALS: JSON.stringify(paygov),
    VNPAY_CREDENTIALS: JSON.stringify(vnpay),
    MOMO_CREDENTIALS: JSON.stringify(momo),
  });
  ({ handler } = await import('../../functions/payment-confirmation/handler'));
});

beforeEach(() => {
  dynamo.reset();
  // The ledger: an empty chain, and every append succeeds.
  dynamo.on(QueryCommand).resolves({ Items: [] });
  dynamo.on(PutCommand, { TableName: 'ledger' }).resolves({});
});

const reference = 'LT261130ABCDEFGHJK';
const outage = () => new ProvisionedThroughputExceededException({ message: 'throttled', $metadata: {} });

function paygovEvent(overrides: Record<string, unknown> = {}) {
  const fields = { LoaiBanTin: 'CONFIRM', MaLoi: '00', MaDoiTac: paygov.partnerCode, MaThamChieu: reference, SoTien: 8000, MaTienTe: 'VND', MaGiaoDich: 'GD1', MaNganHang: 'VCB', ThoiGianGD: '20261130100000', ThongTinGiaoDich: 'x', ...overrides };
  const body = JSON.stringify({ ...fields, MaXacThuc: paygovMac(fields, paygovConfirmMacFields, paygov.secret) });
  return proxyEventFor({ method: 'POST', resource: '/v1/payments/callbacks/paygov', path: '/v1/payments/callbacks/paygov', body });
}

function vnpayEvent(overrides: Record<string, string> = {}) {
  const params = { vnp_Amount: '800000', vnp_ResponseCode: '00', vnp_TransactionStatus: '00', vnp_TransactionNo: '1', vnp_TxnRef: reference, ...overrides };
  return { ...proxyEventFor({ method: 'GET', resource: '/v1/payments/callbacks/vnpay', path: '/v1/payments/callbacks/vnpay' }), queryStringParameters: { ...params, vnp_SecureHash: vnpaySecureHash(params, vnpay.hashSecret) } };
}

function momoEvent(overrides: Record<string, unknown> = {}) {
  const ipn = { partnerCode: momo.partnerCode, orderId: reference, requestId: 'r1', amount: 8000, orderInfo: 'x', orderType: 'momo_wallet', transId: 1, resultCode: 0, message: 'ok', payType: 'qr', responseTime: 1, extraData: '', ...overrides };
  const body = JSON.stringify({ ...ipn, signature: momoSignature(ipn, momoIpnSignedFields, momo.accessKey, momo.secretKey) });
  return proxyEventFor({ method: 'POST', resource: '/v1/payments/callbacks/momo', path: '/v1/payments/callbacks/momo', body });
}

const ledgerRecords = () => dynamo.commandCalls(PutCommand, { TableName: 'ledger' }).map((c) => c.args[0].input.Item);
const paymentsTableCalls = () => dynamo.calls().filter((c) => (c.args[0].input as { TableName?: string }).TableName === 'payments');

describe('a store outage while a confirmation is applied', () => {
  it.each([
    ['VNPay', vnpayEvent, 200, { RspCode: '99', Message: 'Unknown error' }],
    ['PayGov', paygovEvent, 200, expect.objectContaining({ MaLoi: '99' })],
    ['MoMo', momoEvent, 503, expect.objectContaining({ partnerCode: momo.partnerCode, resultCode: 99 })],
  ] as const)('%s gets its own "send again" answer, and the ledger says retryable', async (_provider, event, status, body) => {
    dynamo.on(GetCommand, { TableName: 'payments' }).rejects(outage());

    const response = await handler(event(), lambdaContext);

    expect(response.statusCode).toBe(status);
    expect(response.headers?.['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(response.body)).toEqual(body);
    expect(ledgerRecords()).toEqual([expect.objectContaining({ outcome: 'retryable', errorCode: 'internal', httpStatus: status })]);
  });
});

describe('identifiers out of bounds are refused before any store access', () => {
  it.each([
    ['VNPay reference', () => vnpayEvent({ vnp_TxnRef: 'LT'.padEnd(2100, 'A') }), 'invalid-reference'],
    ['VNPay transaction', () => vnpayEvent({ vnp_TransactionNo: '9'.repeat(paymentIdentifierLimits.providerTransactionIdBytes + 1) }), 'invalid-transaction-id'],
    ['VNPay amount', () => vnpayEvent({ vnp_Amount: '800001' }), 'malformed-amount'],
    ['PayGov reference', () => paygovEvent({ MaThamChieu: 'lt261130abcdefghjk' }), 'invalid-reference'],
    ['PayGov result code', () => paygovEvent({ MaLoi: '0'.repeat(paymentIdentifierLimits.providerCodeChars + 1) }), 'malformed-result-code'],
    ['MoMo reference', () => momoEvent({ orderId: `${reference}\u0000` }), 'invalid-reference'],
    ['MoMo amount', () => momoEvent({ amount: 2 ** 53 }), 'malformed-amount'],
  ])('%s → refused with %s, the payments table untouched', async (_label, event, code) => {
    const response = await handler(event(), lambdaContext);
    expect(response.statusCode).toBeLessThan(500);
    expect(paymentsTableCalls()).toEqual([]);
    expect(ledgerRecords()).toEqual([expect.objectContaining({ outcome: 'rejected', errorCode: code })]);
  });

  it('a provider transaction id at exactly its limit still fits the sort key', async () => {
    dynamo.on(GetCommand, { TableName: 'payments' }).resolves({});
    dynamo.on(PutCommand, { TableName: 'payments' }).resolves({});
    const atLimit = '9'.repeat(paymentIdentifierLimits.providerTransactionIdBytes);
    const response = await handler(vnpayEvent({ vnp_TransactionNo: atLimit }), lambdaContext);
    expect(JSON.parse(response.body)).toEqual({ RspCode: '01', Message: 'Order not found' });
    const kept = dynamo.commandCalls(PutCommand, { TableName: 'payments' })[0]?.args[0].input.Item;
    expect(utf8Bytes(String(kept?.sk))).toBeLessThanOrEqual(platformLimits.dynamoSortKeyBytes);
  });
});

describe('identifier limits, declared once', () => {
  it('fit the keys they end up in and every provider’s field', () => {
    expect(paymentIdentifierLimits.referenceChars + utf8Bytes(paymentKeyParts.paymentPartition)).toBeLessThanOrEqual(platformLimits.dynamoPartitionKeyBytes);
    expect(paymentIdentifierLimits.referenceChars).toBeLessThanOrEqual(referenceKeyBytes);
    // Receipt instants of the far future (24-character ISO) and the longest provider name.
    const longest = confirmationSortKey('9999-12-31T23:59:59.999Z', 'paygov', 'x'.repeat(paymentIdentifierLimits.providerTransactionIdBytes));
    expect(utf8Bytes(longest)).toBe(platformLimits.dynamoSortKeyBytes);
    expect(paymentIdentifierLimits.referenceChars).toBeLessThanOrEqual(PaygovInitRequest.shape.MaThamChieu.maxLength ?? 0);
    expect(paymentIdentifierLimits.referenceChars).toBeLessThanOrEqual(vnpayPayUrlLimits.txnRefChars);
  });

  it('hold for what PayGov QUERY answers too, since the reconciler records it the same way', () => {
    expect(PaygovQueryResult.parse({ TrangThaiGD: 1, SoTien: '8000', MaGiaoDich: 'GD1' })).toEqual({ TrangThaiGD: '1', SoTien: 8000, MaGiaoDich: 'GD1' });
    expect(PaygovQueryResult.safeParse({ TrangThaiGD: '1', SoTien: '9'.repeat(30) }).success).toBe(false);
    expect(PaygovQueryResult.safeParse({ TrangThaiGD: '1', SoTien: 80.5 }).success).toBe(false);
    expect(PaygovQueryResult.safeParse({ TrangThaiGD: '1', MaGiaoDich: 'x'.repeat(paymentIdentifierLimits.providerTransactionIdBytes + 1) }).success).toBe(false);
  });
});
