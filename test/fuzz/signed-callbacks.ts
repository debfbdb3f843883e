import * as fc from 'fast-check';
import { momoIpnSignedFields } from '../../contracts/payment/momo';
import { paygovConfirmMacFields } from '../../contracts/payment/paygov';
import { momoSignature, paygovMac, vnpaySecureHash } from '../../functions/core/payment/payment-signatures';
import { signStandardWebhook } from '../../functions/core/partners/standard-webhooks';
import { mutated, plantCanaries } from './body-mutations';
import type { AnswerFormat, FuzzCase, FuzzWorld } from './fuzz-world';
import { fitsHead, latin1Safe, requestIdHeader } from './fuzz-world';
import { hostileString, prototypeNames, stringOfLength, toJsonText } from './hostile-values';
import type { Operation } from './openapi-model';
import { routeKey } from './openapi-model';
import { arbitraryFromSchema } from './schema-arbitrary';

/**
 * The four signed callbacks, validly signed with the twin's own test secrets (as
 * test/scenario/*.test.ts sign them) around malicious content: amounts of every wrong shape,
 * identifiers past the store's key limits, prototype-named members, and now and then a missing or
 * wrong signature.
 */

const webhookId = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^msg_[A-Za-z0-9]{8,24}$/) },
  { weight: 3, arbitrary: fc.constantFrom(128, 129, 1024, 2042, 2049, 4000).map((n) => `msg_${'x'.repeat(n - 4)}`) },
  { weight: 1, arbitrary: fc.constantFrom('msg_\u00e9', 'msg with space', 'msg/../x', '__proto__', 'constructor') },
);

export function portalCallbackCase(world: FuzzWorld, operation: Operation): fc.Arbitrary<FuzzCase> {
  const context = { document: world.document };
  const rated = fc.constant(null).map(() => {
    const now = new Date().toISOString();
    return { type: 'dossier.rated', timestamp: now, data: { dossierCode: world.dossierCodes[0] ?? 'H29-X', score: 5, ratedAt: now } };
  });
  const valid = fc.oneof(arbitraryFromSchema(operation.bodySchema, context).map((body) => plantCanaries(body)), rated);
  const body = valid.chain((v) =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constant({ body: v, mutation: 'none (valid)' }) },
      { weight: 3, arbitrary: mutated(v, operation.bodySchema, context, world.weight) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(...(world.weight === 'heavy' ? [1_000, 20_000, 80_000] : [201, 1_000])).map((count) => ({
          body: { type: 'dossier.submitted', timestamp: new Date().toISOString(), data: { dossier: { TaiLieuNop: Array.from({ length: count }, () => ({})) } } },
          mutation: `dossier.submitted with ${count} empty documents`,
        })),
      },
    ),
  );
  return fc.record({ body, id: webhookId, requestId: requestIdHeader, tamper: fc.nat({ max: 9 }).map((n) => n === 0) }).map(({ body, id, requestId, tamper }) => ({
    route: routeKey(operation.method, operation.path),
    accepted: { kind: 'portal-event' as const, id },
    generator: `signed portal: ${id.length > 128 ? `webhook-id of ${id.length}` : body.mutation.replace(/ at .*$/, '')}${tamper ? ' (tampered)' : ''}`,
    format: 'api' as const,
    build: () => {
      const raw = toJsonText(body.body);
      const signed = signStandardWebhook(world.secrets.portal, id, raw, new Date());
      const headers: Array<readonly [string, string]> = [['host', 'twin'], ['content-type', 'application/json'], ...Object.entries(signed).map(([n, v]) => [n, latin1Safe(v)] as const)];
      if (requestId !== undefined) headers.push(['x-request-id', requestId]);
      return { method: 'POST', target: operation.path, headers, body: Buffer.from(tamper ? `${raw} ` : raw, 'utf8') };
    },
  }));
}

/** Amounts as providers might send them, malicious ones included. */
const providerAmount = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(8000, '8000') },
  { weight: 3, arbitrary: fc.constantFrom<unknown>('', '-8000', '8000.5', '1e3', 'abc', '0', '9'.repeat(30), 8000.5, -1, 0, 2 ** 63, null, true, '８０００', ' 8000') },
);

function reference(world: FuzzWorld, provider: keyof FuzzWorld['payments']): fc.Arbitrary<string> {
  const known = world.payments[provider];
  return fc.oneof(
    { weight: 5, arbitrary: known.length ? fc.constantFrom(...known) : fc.constant('none') },
    { weight: 2, arbitrary: fc.constantFrom(50, 51, 1024, 1025, 2048, 2100, 5000).chain(stringOfLength).filter(fitsHead) },
    { weight: 1, arbitrary: hostileString },
  );
}

const transactionId = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[0-9]{6,14}$/) },
  { weight: 2, arbitrary: fc.constantFrom(1024, 1025, 2100).chain(stringOfLength).filter(fitsHead) },
  { weight: 1, arbitrary: hostileString },
);

export function paygovCase(world: FuzzWorld, operation: Operation): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      reference: reference(world, 'paygov'),
      amount: providerAmount,
      code: fc.constantFrom('00', '00', '01', '24', '', '\u0000'),
      transaction: transactionId,
      extra: fc.option(fc.constantFrom(...prototypeNames), { freq: 5 }),
      sign: fc.constantFrom('valid', 'valid', 'valid', 'missing', 'wrong'),
      requestId: requestIdHeader,
    })
    .map(({ reference: ref, amount, code, transaction, extra, sign, requestId }) => {
      const fields: Record<string, unknown> = {
        LoaiBanTin: 'CONFIRM',
        MaLoi: code,
        MaDoiTac: world.secrets.paygov.partnerCode,
        MaThamChieu: ref,
        SoTien: amount,
        MaTienTe: 'VND',
        MaGiaoDich: transaction,
        MaNganHang: 'VCB',
        ThoiGianGD: '20261122093000',
        ThongTinGiaoDich: 'Thanh toan phi ho so',
      };
      if (sign === 'valid') fields.MaXacThuc = paygovMac(fields, paygovConfirmMacFields, world.secrets.paygov.secret);
      if (sign === 'wrong') fields.MaXacThuc = 'f'.repeat(64);
      const text = extra ? JSON.stringify(fields).replace(/^\{/, `{"${extra}":{"polluted":true},`) : JSON.stringify(fields);
      return providerCase(operation, 'paygov', `signed paygov: ${describeProviderInput(ref, amount, transaction, sign)}${extra ? ` + key ${extra}` : ''}`, 'POST', operation.path, text, requestId);
    });
}

export function vnpayCase(world: FuzzWorld, operation: Operation): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      reference: reference(world, 'vnpay'),
      amount: fc.oneof(fc.constantFrom('800000', '800000'), providerAmount.map((a) => (a === null || a === undefined ? '' : String(a)))),
      dropAmount: fc.boolean(),
      response: fc.constantFrom('00', '00', '24', '', '99'),
      transaction: transactionId,
      extraName: fc.option(fc.constantFrom(...prototypeNames, 'vnp___proto__', 'vnp_constructor', 'vnp_'), { freq: 4 }),
      sign: fc.constantFrom('valid', 'valid', 'valid', 'missing', 'wrong'),
      requestId: requestIdHeader,
    })
    .map(({ reference: ref, amount, dropAmount, response, transaction, extraName, sign, requestId }) => {
      const params: Record<string, string> = { vnp_TxnRef: ref, vnp_ResponseCode: response, vnp_TransactionStatus: response, vnp_TransactionNo: transaction, vnp_TmnCode: world.secrets.vnpay.tmnCode ?? 'X' };
      if (!dropAmount || amount !== '800000') params.vnp_Amount = amount;
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(params)) query.append(name, value);
      if (extraName) query.append(extraName, '1');
      const signedParams = Object.fromEntries(query.entries());
      if (sign === 'valid') query.append('vnp_SecureHash', vnpaySecureHash(signedParams, world.secrets.vnpay.hashSecret));
      if (sign === 'wrong') query.append('vnp_SecureHash', 'a'.repeat(128));
      const amountLabel = params.vnp_Amount === undefined ? 'missing' : params.vnp_Amount;
      return providerCase(operation, 'vnpay', `signed vnpay: ${describeProviderInput(ref, amountLabel, transaction, sign)}${extraName ? ` + query ${extraName}` : ''}`, 'GET', `${operation.path}?${query}`, undefined, requestId);
    });
}

export function momoCase(world: FuzzWorld, operation: Operation): fc.Arbitrary<FuzzCase> {
  const { partnerCode, accessKey, secretKey } = world.secrets.momo;
  return fc
    .record({
      reference: reference(world, 'momo'),
      amount: providerAmount,
      resultCode: fc.constantFrom<unknown>(0, 0, 1006, '0', -1, 'x', null),
      transaction: transactionId,
      extra: fc.option(fc.constantFrom(...prototypeNames), { freq: 5 }),
      sign: fc.constantFrom('valid', 'valid', 'valid', 'missing', 'wrong'),
      requestId: requestIdHeader,
    })
    .map(({ reference: ref, amount, resultCode, transaction, extra, sign, requestId }) => {
      const fields: Record<string, unknown> = {
        partnerCode,
        orderId: ref,
        requestId: `req-${ref.slice(0, 20)}`,
        amount,
        orderInfo: 'Thanh toan phi ho so',
        orderType: 'momo_wallet',
        transId: transaction,
        resultCode,
        message: 'Successful.',
        payType: 'qr',
        responseTime: Date.now(),
        extraData: '',
      };
      if (sign === 'valid') fields.signature = momoSignature(fields, momoIpnSignedFields, accessKey, secretKey);
      if (sign === 'wrong') fields.signature = '0'.repeat(64);
      const text = extra ? JSON.stringify(fields).replace(/^\{/, `{"${extra}":{"polluted":true},`) : JSON.stringify(fields);
      return providerCase(operation, 'momo', `signed momo: ${describeProviderInput(ref, amount, transaction, sign)}${extra ? ` + key ${extra}` : ''}`, 'POST', operation.path, text, requestId);
    });
}

function describeProviderInput(ref: string, amount: unknown, transaction: string, sign: string): string {
  if (sign !== 'valid') return `${sign} signature`;
  if (ref.length > 50) return `reference of ${ref.length} chars`;
  if (transaction.length > 100) return `transaction id of ${transaction.length} chars`;
  const a = String(amount);
  if (!/^\d+$/.test(a) || a.length > 15) return `amount ${JSON.stringify(a.length > 20 ? `${a.slice(0, 5)}…(${a.length})` : a)}`;
  return 'plausible';
}

function providerCase(operation: Operation, format: AnswerFormat, generator: string, method: string, target: string, body: string | undefined, requestId: string | undefined): FuzzCase {
  const headers: Array<readonly [string, string]> = [['host', 'twin']];
  if (body !== undefined) headers.push(['content-type', 'application/json']);
  if (requestId !== undefined) headers.push(['x-request-id', requestId]);
  return { route: routeKey(operation.method, operation.path), generator, format, build: () => ({ method, target, headers, body: body === undefined ? undefined : Buffer.from(body, 'utf8') }) };
}
