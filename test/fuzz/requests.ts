import * as fc from 'fast-check';
import { momoIpnSignedFields } from '../../contracts/payment/momo';
import { paygovConfirmMacFields } from '../../contracts/payment/paygov';
import { momoSignature, paygovMac, vnpaySecureHash } from '../../functions/core/payment-signatures';
import { signStandardWebhook } from '../../functions/core/standard-webhooks';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { fullDossier } from '../support/full-dossier';
import type { Weight } from './hostile-values';
import { deepNesting, toJsonText, hostileString, hugeArray, lengthsAround, prototypeNames, stringOfLength, unicodeEdges, wrongTypeValue } from './hostile-values';
import type { Operation } from './openapi-model';
import { routeKey } from './openapi-model';
import type { RawRequest } from './raw-http';
import type { JsonPath, JsonSchema, SchemaContext } from './schema-arbitrary';
import { arbitraryFromSchema, deleteAtPath, pathsOf, schemaAtPath, setAtPath } from './schema-arbitrary';

/**
 * The fuzzer's requests. Each case names the route it aims at (for the route × status counts and
 * the OpenAPI comparison), the generator that made it, and how its answer must look: a problem
 * document on error, or a payment provider's own format. Signed callbacks are signed when sent
 * (Standard Webhooks timestamps must be fresh), with the twin's own test secrets.
 */
export type AnswerFormat = 'api' | 'paygov' | 'vnpay' | 'momo';

export interface FuzzCase {
  /** `METHOD /template` of the operation aimed at, or `(no route)`. */
  readonly route: string;
  readonly generator: string;
  readonly format: AnswerFormat;
  readonly build: () => RawRequest;
  /** What a 2xx promised, to be checked against the later stages (see runner.ts). */
  readonly accepted?: { readonly kind: 'portal-event'; readonly id: string } | { readonly kind: 'dossier'; readonly code: string };
}

/** What the fuzzer knows of the twin it runs against: keys, secrets, ids that exist. */
export interface FuzzWorld {
  readonly document: JsonSchema;
  readonly operations: readonly Operation[];
  /** A key with every scope, and one with none of the routes' scopes. */
  readonly keys: { readonly all: string; readonly none: string };
  readonly dossierCodes: readonly string[];
  readonly payments: { readonly paygov: readonly string[]; readonly vnpay: readonly string[]; readonly momo: readonly string[] };
  readonly eventIds: readonly string[];
  readonly secrets: {
    readonly portal: string;
    readonly paygov: { readonly partnerCode: string; readonly secret: string };
    readonly vnpay: { readonly hashSecret: string; readonly tmnCode?: string };
    readonly momo: { readonly partnerCode: string; readonly accessKey: string; readonly secretKey: string };
  };
  /** Personal data planted in bodies; none of it may reach a log line. */
  readonly canaries: Canaries;
  readonly weight: Weight;
}

export interface Canaries {
  readonly personalId: string;
  readonly legacyId: string;
  readonly fullName: string;
  readonly dateOfBirth: string;
  readonly phone: string;
}

/** Distinctive, contract-valid personal data (a man born 1988 in Ho Chi Minh City: 079 0 88 …). */
export const canaries: Canaries = {
  personalId: '079088417263',
  legacyId: '024417263',
  fullName: 'Lưu Hoàng Yến Canary',
  dateOfBirth: '1988-07-14',
  phone: '+84 909 417 263',
};

/**
 * Values that go into the request line or a header stay well under Node's 16 KB head limit once
 * percent-encoded: past it Node refuses the request before any route runs, which the wire cases
 * cover on their own.
 */
const fitsHead = (value: string) => encodeQueryPart(value).length <= 6_000;

const json = (value: unknown) => Buffer.from(toJsonText(value), 'utf8');
const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((a) => Buffer.from(a).toString('hex'));

// ---------------------------------------------------------------- schema-aware bodies

/** Replaces personal fields anywhere in a body with the canaries, so the log check can find them. */
export function plantCanaries(value: unknown, parent = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => plantCanaries(item, parent));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    let planted = plantCanaries(item, name);
    if (typeof item === 'string') {
      if (name === 'personalId' || (name === 'number' && parent === 'identifiers')) planted = canaries.personalId;
      else if (name === 'legacyId') planted = canaries.legacyId;
      else if (name === 'fullName' || (name === 'name' && (parent === 'applicant' || parent === 'payer'))) planted = canaries.fullName;
      else if (name === 'dateOfBirth') planted = canaries.dateOfBirth;
      else if (name === 'phone' || name === 'SoDienThoai') planted = canaries.phone;
      else if (name === 'HoTenNguoiNop' || name === 'ChuHoSo') planted = canaries.fullName;
      else if (name === 'SoCMND' || name === 'SoGiayToChuHoSo') planted = canaries.personalId;
    }
    Object.defineProperty(out, name, { value: planted, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A value exactly at a declared limit (length or pattern) of one leaf: every later stage must take it. */
export function atLimitOf(body: unknown, schema: JsonSchema | undefined, context: SchemaContext): fc.Arbitrary<{ body: unknown; mutation: string }> | undefined {
  const limited = pathsOf(body).flatMap((path) => {
    const leaf = schemaAtPath(schema, path, context);
    return leaf && (typeof leaf.maxLength === 'number' || typeof leaf.pattern === 'string') && typeof getAt(body, path) === 'string' ? [{ path, leaf }] : [];
  });
  if (!limited.length) return undefined;
  return fc.constantFrom(...limited).chain(({ path, leaf }) => {
    const max: number = typeof leaf.maxLength === 'number' ? leaf.maxLength : patternMaxLength(leaf.pattern);
    // The pattern's own alphabet at its repeat limit, '+'-prefixed as a phone may be (a 21-character phone).
    const candidates = [`+${'9'.repeat(max)}`, `+84 ${'9'.repeat(Math.max(max - 3, 1))}`, 'a'.repeat(max), 'ấ'.repeat(max)];
    return fc.constantFrom(...candidates).map((value) => ({ body: setAtPath(body, path, value), mutation: `at the limit (${max}) at /${path.join('/')}` }));
  });
}

/** One mutation at one place of a valid body, aimed at that place's declared limits. */
function mutated(body: unknown, schema: JsonSchema | undefined, context: SchemaContext, weight: Weight): fc.Arbitrary<{ body: unknown; mutation: string }> {
  const paths = pathsOf(body);
  const atLimit = atLimitOf(body, schema, context);
  return fc.record({ path: fc.constantFrom(...paths), pick: fc.nat(), choice: fc.nat({ max: 10 }) }).chain(({ path, choice }) => {
    if (choice === 10 && atLimit) return atLimit;
    const leaf = schemaAtPath(schema, path, context);
    const where = `/${path.join('/')}`;
    const replaceWith = (label: string, arbitrary: fc.Arbitrary<unknown>) => arbitrary.map((value) => ({ body: setAtPath(body, path, value), mutation: `${label} at ${where}` }));
    switch (choice) {
      case 0:
        return replaceWith('wrong type', wrongTypeValue);
      case 1:
      case 2: {
        const max = typeof leaf?.maxLength === 'number' ? leaf.maxLength : typeof leaf?.pattern === 'string' ? patternMaxLength(leaf.pattern) : 1_000;
        const lengths = lengthsAround(max, weight).chain((length) => replaceWith(`length ${length} (max ${max})`, stringOfLength(length)));
        if (typeof leaf?.pattern !== 'string') return lengths;
        // A pattern's own alphabet at its length limit, with an optional '+' in front (a phone of 21 characters).
        return fc.oneof(lengths, replaceWith(`pattern at its limit ${max}`, fc.constantFrom(`+${'9'.repeat(max)}`, '9'.repeat(max), `+84 ${'9'.repeat(Math.max(max - 3, 1))}`)));
      }
      case 3:
        return replaceWith('unicode edge', fc.constantFrom(...unicodeEdges));
      case 4:
        return replaceWith('huge array', hugeArray(weight));
      case 5:
        return replaceWith('deep nesting', deepNesting(weight));
      case 6:
        return fc.constantFrom(...prototypeNames).map((name) => {
          const target = path.length && typeof getAt(body, path) === 'object' ? path : [];
          return { body: setAtPath(body, [...target, name], { polluted: true }), mutation: `prototype key ${name} at /${target.join('/')}` };
        });
      case 7:
        return fc.constant({ body: deleteAtPath(body, path), mutation: `deleted ${where}` });
      case 8: {
        const max = typeof leaf?.maximum === 'number' ? leaf.maximum : 2 ** 53;
        return replaceWith(`number edge (max ${max})`, fc.constantFrom(max, max + 1, -1, 0, 0.5, 1e21, -(2 ** 63)));
      }
      default:
        return fc.constant({ body, mutation: 'none (valid)' });
    }
  });
}

/** The largest repeat count in a pattern (`{6,20}` → 20): the length limit a pattern implies. */
function patternMaxLength(pattern: string): number {
  const counts = [...pattern.matchAll(/\{(?:\d+,)?(\d+)\}/g)].map((m) => Number(m[1]));
  return counts.length ? Math.max(...counts) : 64;
}

function getAt(value: unknown, path: JsonPath): unknown {
  return path.reduce<any>((node, part) => node?.[part], value);
}

// ---------------------------------------------------------------- API routes

const requestIdHeader = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/) },
  { weight: 1, arbitrary: fc.constantFrom('a'.repeat(129), 'bad id', 'x\u00e9', '', '<script>', 'a/b') },
);

function authorisation(world: FuzzWorld): fc.Arbitrary<ReadonlyArray<readonly [string, string]>> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant([['authorization', `Bearer ${world.keys.all}`] as const]) },
    { weight: 1, arbitrary: fc.constant([['authorization', `Bearer ${world.keys.none}`] as const]) },
    { weight: 1, arbitrary: fc.constant([]) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('Bearer', 'bearer  ', `Basic ${world.keys.all}`, `Bearer ${world.keys.all}x`, `Bearer ${'A'.repeat(5000)}`, 'Bearer \u00ff', `Bearer ${world.keys.all}, Bearer x`)
        .map((value) => [['authorization', value] as const]),
    },
  );
}

function pathParameter(world: FuzzWorld, name: string, schema: JsonSchema): fc.Arbitrary<string> {
  const known = name === 'code' ? world.dossierCodes : name === 'paymentId' ? [...world.payments.paygov, ...world.payments.vnpay, ...world.payments.momo] : world.eventIds;
  return fc.oneof(
    { weight: 4, arbitrary: known.length ? fc.constantFrom(...known) : fc.constant('none') },
    { weight: 2, arbitrary: arbitraryFromSchema(schema, { document: world.document }).map(String) },
    { weight: 2, arbitrary: fc.constantFrom(64, 65, 128, 129, 1025, 2049, 3000).chain(stringOfLength).filter(fitsHead) },
    { weight: 2, arbitrary: hostileString.filter((s) => s.length > 0) },
  );
}

const contentTypes = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'application/problem+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'APPLICATION/JSON',
      'application/json;;',
      '',
      'multipart/form-data; boundary=x',
    ),
  },
);

function apiCase(world: FuzzWorld, operation: Operation): fc.Arbitrary<FuzzCase> {
  const context = { document: world.document };
  const bodyArbitrary: fc.Arbitrary<{ body: unknown; mutation: string } | undefined> = operation.bodySchema
    ? seedBody(world, operation).chain((valid) =>
        fc.oneof(
          { weight: 1, arbitrary: fc.constant({ body: valid, mutation: 'none (valid)' }) },
          { weight: 3, arbitrary: mutated(valid, operation.bodySchema, context, world.weight) },
          { weight: 1, arbitrary: atLimitOf(valid, operation.bodySchema, context) ?? fc.constant({ body: valid, mutation: 'none (valid)' }) },
        ),
      )
    : fc.constant(undefined);
  const params = fc.tuple(...operation.pathParameters.map(({ name, schema }) => pathParameter(world, name, schema)));
  return fc
    .record({
      params,
      body: bodyArbitrary,
      auth: operation.security.includes('apiKey') ? authorisation(world) : fc.constant([]),
      requestId: requestIdHeader,
      contentType: contentTypes,
      idempotencyKey: operation.headerParameters.some((h) => h.name === 'idempotency-key')
        ? fc.option(fc.oneof(fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/), fc.constantFrom(...[256, 257, 2000].map((n) => 'k'.repeat(n)), '', ' ', 'ü')), { freq: 2 })
        : fc.constant(null),
    })
    .map(({ params, body, auth, requestId, contentType, idempotencyKey }) => {
      let target = operation.path;
      operation.pathParameters.forEach(({ name }, index) => {
        target = target.replace(`{${name}}`, encodeQueryPart(params[index] ?? ""));
      });
      const headers: Array<readonly [string, string]> = [['host', 'twin'], ...auth];
      if (requestId !== undefined) headers.push(['x-request-id', requestId]);
      if (body) headers.push(['content-type', contentType]);
      if (idempotencyKey !== null) headers.push(['idempotency-key', latin1Safe(idempotencyKey)]);
      return {
        route: routeKey(operation.method, operation.path),
        ...(operation.operationId === 'putDossier' ? { accepted: { kind: 'dossier' as const, code: params[0] ?? '' } } : {}),
        generator: body ? `schema: ${body.mutation.replace(/ at .*$/, '')}` : 'schema: parameters',
        format: 'api' as const,
        build: () => ({ method: operation.method, target, headers, body: body ? json(body.body) : undefined }),
      };
    });
}

/** Valid request bodies: generated from the schema, with the project's real samples mixed in. */
function seedBody(world: FuzzWorld, operation: Operation): fc.Arbitrary<unknown> {
  const fromSchema = arbitraryFromSchema(operation.bodySchema, { document: world.document });
  const samples: unknown[] = [];
  if (operation.operationId === 'postCitizenVerification') {
    samples.push({ personalId: canaries.personalId, fullName: canaries.fullName, dateOfBirth: canaries.dateOfBirth, sex: 'male', purpose: { code: 'HT-KS', text: 'Đăng ký khai sinh' }, officerId: 'cb-079-001' });
  }
  if (operation.operationId === 'putDossier') {
    // Real, valid dossiers (a schema-generated one rarely passes every cross-field rule), so mutations reach the later stages.
    const versions = fc.integer({ min: 1, max: 1_000_000 });
    return fc
      .oneof({ weight: 1, arbitrary: fromSchema }, { weight: 3, arbitrary: versions.map((version) => ({ ...sampleDossier(), version })) }, { weight: 2, arbitrary: versions.map((version) => ({ ...fullDossier(), version })) })
      .map((body) => plantCanaries(body));
  }
  if (operation.operationId === 'postPayment' && world.dossierCodes[0]) {
    samples.push({ dossierCode: world.dossierCodes[0], fees: [{ code: 'LPHT', name: 'Lệ phí', amount: 8000 }], payer: { name: canaries.fullName }, returnUrl: 'https://example.gov.vn/r' });
  }
  return (samples.length ? fc.oneof(fromSchema, fc.constantFrom(...samples)) : fromSchema).map((body) => plantCanaries(body));
}

// ---------------------------------------------------------------- signed callbacks

const webhookId = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^msg_[A-Za-z0-9]{8,24}$/) },
  { weight: 3, arbitrary: fc.constantFrom(128, 129, 1024, 2042, 2049, 4000).map((n) => `msg_${'x'.repeat(n - 4)}`) },
  { weight: 1, arbitrary: fc.constantFrom('msg_\u00e9', 'msg with space', 'msg/../x', '__proto__', 'constructor') },
);

function portalCallbackCase(world: FuzzWorld, operation: Operation): fc.Arbitrary<FuzzCase> {
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

function paygovCase(world: FuzzWorld, operation: Operation): fc.Arbitrary<FuzzCase> {
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

function vnpayCase(world: FuzzWorld, operation: Operation): fc.Arbitrary<FuzzCase> {
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

function momoCase(world: FuzzWorld, operation: Operation): fc.Arbitrary<FuzzCase> {
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

// ---------------------------------------------------------------- raw requests

/** Junk a client or an attacker may send around any route: odd methods, paths, queries, headers. */
function rawCase(world: FuzzWorld): fc.Arbitrary<FuzzCase> {
  const operation = fc.constantFrom(...world.operations);
  const pathJunk = fc.constantFrom('', '/', '//', '/.', '/..', '/%2e%2e', '%00', '%', '%zz', '/%C0%AE', ';x=1', '/' + 'a'.repeat(3000), '\u00e9', '\t', '/\u4e2d');
  const queryName = fc.oneof(fc.constantFrom(...prototypeNames), fc.constantFrom('a[b]', 'a[__proto__]', '', '=', '%00', 'x'.repeat(3000)), hostileString);
  return fc
    .record({
      operation,
      method: fc.oneof({ weight: 6, arbitrary: fc.constant<string | undefined>(undefined) }, { weight: 1, arbitrary: fc.constantFrom('get', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'FOO') }),
      suffix: fc.option(pathJunk, { freq: 3 }),
      query: fc.array(fc.tuple(queryName, fc.oneof(fc.constant(''), hostileString)), { maxLength: 4 }),
      headers: fc.array(fc.tuple(fc.oneof(fc.constantFrom('x-request-id', 'content-type', 'content-length', 'transfer-encoding', 'authorization', 'x-forwarded-for', '__proto__', 'constructor', 'toString'), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/)), hostileString), { maxLength: 4 }),
      key: fc.boolean(),
      body: fc.option(fc.oneof(fc.constant(Buffer.alloc(0)), fc.constant(Buffer.from('\ufeff{}')), fc.uint8Array({ maxLength: 200 }).map(Buffer.from), fc.constantFrom(1024, 100 * 1024, 300 * 1024).map((n) => Buffer.alloc(n, 0xff)), fc.constant(Buffer.from(JSON.stringify({ a: 'x'.repeat(262_145) })))), { freq: 3 }),
    })
    .map(({ operation: op, method, suffix, query, headers, key, body }) => {
      const base = op.path.replace(/\{[^}]+\}/g, world.dossierCodes[0] ?? 'x');
      const search = query.length ? `?${query.map(([n, v]) => `${encodeQueryPart(n)}=${encodeQueryPart(v)}`).join('&')}` : '';
      const all: Array<readonly [string, string]> = [['host', 'twin']];
      if (key) all.push(['authorization', `Bearer ${world.keys.all}`]);
      for (const [name, value] of headers) {
        if (name === 'content-length' || name === 'transfer-encoding') continue; // framing junk belongs to the wire cases
        all.push([name, latin1Safe(value)]);
      }
      const target = `${base}${suffix ?? ''}${search}`;
      const matches = suffix === null && (method === undefined || method === op.method);
      return {
        route: matches ? routeKey(op.method, op.path) : '(no route)',
        generator: `raw: ${[method && 'method', suffix !== null && 'path', query.length && 'query', headers.length && 'headers', body && 'body'].filter(Boolean).join('+') || 'plain'}`,
        format: matches && op.operationId === 'getVnpayIpn' ? ('vnpay' as const) : matches && op.operationId === 'postPaygovConfirmation' ? ('paygov' as const) : matches && op.operationId === 'postMomoIpn' ? ('momo' as const) : ('api' as const),
        build: () => ({ method: method ?? op.method, target: encodeTargetBytes(target), headers: all, body: body ?? undefined }),
      };
    })
    .filter((c) => {
      const request = c.build();
      return request.target.length + request.headers.reduce((sum, [n, v]) => sum + n.length + v.length + 4, 0) <= 12_000;
    });
}

/** Requests that Node's HTTP parser itself refuses (bad bytes in the head, oversize heads). */
const wireCase: fc.Arbitrary<FuzzCase> = fc
  .constantFrom(
    { label: 'NUL in a header value', request: { method: 'GET', target: '/v1/health', headers: [['host', 'twin'], ['x-a', 'a\u0000b']] } },
    { label: 'bare CR in a header value', request: { method: 'GET', target: '/v1/health', headers: [['host', 'twin'], ['x-a', 'a\rb']] } },
    { label: 'raw non-ASCII in the path', request: { method: 'GET', target: '/v1/health\u00e9', headers: [['host', 'twin']] } },
    { label: 'TAB in the path', request: { method: 'GET', target: '/v1/he\talth', headers: [['host', 'twin']] } },
    { label: 'lowercase method', request: { method: 'get', target: '/v1/health', headers: [['host', 'twin']] } },
    { label: 'headers over 16 KB', request: { method: 'GET', target: '/v1/health', headers: [['host', 'twin'], ['x-big', 'a'.repeat(17_000)]] } },
    { label: 'URL over 16 KB', request: { method: 'GET', target: `/v1/health?q=${'a'.repeat(17_000)}`, headers: [['host', 'twin']] } },
    { label: 'invalid header name', request: { method: 'GET', target: '/v1/health', headers: [['host', 'twin'], ['x a', '1']] } },
    { label: 'content-length and chunked', request: { method: 'POST', target: '/v1/payments/callbacks/momo', headers: [['host', 'twin'], ['content-length', '2'], ['transfer-encoding', 'chunked']], body: Buffer.from('0\r\n\r\n') } },
    { label: 'negative content-length', request: { method: 'POST', target: '/v1/payments/callbacks/momo', headers: [['host', 'twin'], ['content-length', '-1']] } },
  )
  .map(({ label, request }) => ({ route: '(no route)', generator: `wire: ${label}`, format: 'api' as const, build: () => request as RawRequest }));

function encodeQueryPart(value: string): string {
  // Well-formed strings are percent-encoded; a lone surrogate cannot be, so it goes as a raw escape.
  try {
    return encodeURIComponent(value);
  } catch {
    return escape(value);
  }
}

/** The request line is written as latin1: characters beyond it become UTF-8 bytes, as browsers send them. */
function encodeTargetBytes(target: string): string {
  return Buffer.from(target, 'utf8').toString('latin1');
}

function latin1Safe(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1');
}

// ---------------------------------------------------------------- all of it

/** Every route and callback, each weighted so that a few thousand cases reach all of them. */
export function fuzzCases(world: FuzzWorld, options: { wire?: boolean } = {}): fc.Arbitrary<FuzzCase> {
  const byId = new Map(world.operations.map((op) => [op.operationId, op]));
  const need = (id: string) => {
    const op = byId.get(id);
    if (!op) throw new Error(`/openapi.json has no operation ${id}`);
    return op;
  };
  const special = new Set(['postPortalCallback', 'postPaygovConfirmation', 'getVnpayIpn', 'postMomoIpn']);
  const arbitraries: Array<fc.WeightedArbitrary<FuzzCase>> = [
    ...world.operations.filter((op) => !special.has(op.operationId)).map((op) => ({ weight: op.bodySchema ? 4 : 2, arbitrary: apiCase(world, op) })),
    { weight: 4, arbitrary: portalCallbackCase(world, need('postPortalCallback')) },
    { weight: 3, arbitrary: paygovCase(world, need('postPaygovConfirmation')) },
    { weight: 3, arbitrary: vnpayCase(world, need('getVnpayIpn')) },
    { weight: 3, arbitrary: momoCase(world, need('postMomoIpn')) },
    { weight: 4, arbitrary: rawCase(world) },
  ];
  if (options.wire !== false) arbitraries.push({ weight: 1, arbitrary: wireCase });
  return fc.oneof(...arbitraries);
}
