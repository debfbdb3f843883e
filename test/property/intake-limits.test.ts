import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import * as fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { DossierSnapshotInput } from '../../contracts/api/dossier';
import { problemContentType, problemLimits } from '../../contracts/api/problem';
import { VerificationRequest } from '../../contracts/api/verification';
import { CitizenLookupRequest } from '../../contracts/identity/population-db';
import { CityDeliveryMessage } from '../../contracts/messages/city-delivery';
import { PortalSyncMessage } from '../../contracts/messages/portal-sync';
import { maxStoredJsonBytes, platformLimits, utf8Bytes } from '../../contracts/platform/limits';
import { DongBoHoSoMCRequest, PortalDossier } from '../../contracts/portal/dossier';
import { portalListLimits } from '../../contracts/portal/limits';
import { CapNhatTienDoHoSoMCRequest } from '../../contracts/portal/progress';
import { defaultPortalStatusMap } from '../../contracts/portal/status-mapping';
import { recentVersionsAttribute, recentVersionsKept } from '../../functions/adapters/dossier/dossier-version-store';
import type { StoredEvent } from '../../functions/core/delivery/event-records';
import { acceptPortalCallback } from '../../functions/core/portal/portal-callback-intake';
import { signStandardWebhook } from '../../functions/core/partners/standard-webhooks';
import { problemResponse } from '../../functions/http/response';
import { parseOrReject } from '../../functions/http/validate';
import { toPortalDossier } from '../../functions/translate/portal-dossier';
import { portalDossierSources } from '../../functions/translate/portal-field-paths';
import { pendingStepChunks } from '../../functions/translate/portal-steps';
import { toLookupRequest } from '../../functions/translate/population-db';
import { onlineDossier } from '../../infra/local/simulators/portal/online-dossier';
import { dynamoItemBytes } from '../support/dynamo-item-size';
import { fullDossier } from '../support/full-dossier';
import { lambdaContext, proxyEventFor } from '../support/proxy-event';

/**
 * Deliver 1 of issue 9 as a property: for each entry point, inputs at and just beyond every limit
 * its contract declares. Accepted ⇒ every later stage accepts what was acknowledged (the portal
 * contract for the translated dossier and steps, the queue message schema and size, the store's
 * key and item limits, the population database's request). Refused ⇒ a 4xx problem document that
 * names the field. The limits are read from the contracts' JSON Schemas, not listed here, so a
 * limit added to a contract is exercised without touching this test.
 */

type JsonSchema = {
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  maxLength?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
};

interface Limit {
  /** Segments of the JSON Pointer into the body. */
  readonly path: readonly (string | number)[];
  readonly kind: 'string' | 'array';
  readonly max: number;
  readonly schema: JsonSchema;
}

const resolveIn = (root: JsonSchema) => {
  const resolve = (node: JsonSchema): JsonSchema => (node.$ref ? resolve(root.$defs![node.$ref.split('/').at(-1)!]!) : node);
  return resolve;
};

/** The schema node at a path of the body (lists through their items, unions through the variant that has the field). */
function schemaAt(root: JsonSchema, path: readonly (string | number)[]): JsonSchema | undefined {
  const resolve = resolveIn(root);
  let node: JsonSchema | undefined = resolve(root);
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number') node = node.items && resolve(node.items);
    else {
      const variant: JsonSchema | undefined = [node, ...(node.anyOf ?? []), ...(node.oneOf ?? [])].map(resolve).find((v) => v.properties?.[segment]);
      node = variant && resolve(variant.properties![segment]!);
    }
  }
  return node;
}

/** Every maxLength / maxItems of a schema reachable from a sample value (lists through their first item). */
function limitsOf(root: JsonSchema, sample: unknown, skip: ReadonlySet<string> = new Set()): Limit[] {
  const resolve = resolveIn(root);
  const found: Limit[] = [];
  const walk = (node: JsonSchema, value: unknown, path: (string | number)[]) => {
    node = resolve(node);
    if (skip.has(path.join('/'))) return;
    if (typeof value === 'string' && node.maxLength !== undefined) found.push({ path, kind: 'string', max: node.maxLength, schema: node });
    if (Array.isArray(value)) {
      if (node.maxItems !== undefined) found.push({ path, kind: 'array', max: node.maxItems, schema: node });
      if (value.length > 0 && node.items) walk(node.items, value[0], [...path, 0]);
    } else if (value && typeof value === 'object') {
      const variant = [node, ...(node.anyOf ?? []), ...(node.oneOf ?? [])].map(resolve).find((v) => v.properties) ?? node;
      for (const [key, child] of Object.entries(value)) if (variant.properties?.[key]) walk(variant.properties[key]!, child, [...path, key]);
    }
  };
  walk(root, sample, []);
  return found;
}

/** Fillers for free text: ASCII, a precomposed Vietnamese letter, and the same decomposed (3 code units, 1 after NFC). */
const textFillers = ['a', 'ễ', 'ễ'.normalize('NFD')];

/** A string of exactly `length` characters (after NFC) that satisfies the field's other rules. */
function stringOf(schema: JsonSchema, length: number, filler: string): string {
  if (schema.format === 'email') return `${'a'.repeat(length - 11)}@example.vn`;
  if (schema.format === 'uri') return `https://x.vn/${'a'.repeat(length - 13)}`;
  if (schema.pattern) {
    // A filler the pattern accepts at the limit; one beyond repeats its last character (a
    // pattern may itself bound the length, so the longer string need not match it).
    const max = schema.maxLength!;
    const pattern = new RegExp(schema.pattern);
    const candidate = [`+${'1'.repeat(max - 1)}`, 'a'.repeat(max), 'A'.repeat(max), '1'.repeat(max)].find((c) => pattern.test(c));
    if (!candidate) throw new Error(`no filler matches ${schema.pattern}`);
    return length <= max ? candidate.slice(candidate.length - length) : candidate + candidate.at(-1)!.repeat(length - max);
  }
  return filler.repeat(length);
}

function setAt(target: any, path: readonly (string | number)[], value: unknown): void {
  const parent = path.slice(0, -1).reduce((node, key) => node[key], target);
  parent[path.at(-1)!] = value;
}
const getAt = (target: any, path: readonly (string | number)[]) => path.reduce((node, key) => node[key], target);

/** `count` copies of a list's first item; items with an id get distinct ids (history ids must be unique). */
function listOf(first: unknown, count: number): unknown[] {
  return Array.from({ length: count }, (_, i) =>
    first && typeof first === 'object' && 'id' in first ? { ...first, id: `${String((first as { id: string }).id).slice(0, 50)}-${i}` } : first,
  );
}

interface Mutation {
  readonly limit: Limit;
  readonly beyond: boolean;
  readonly filler: string;
}

/** Applies lists first, so a string limit inside a list's first item still finds its item. */
function mutate(base: unknown, mutations: readonly Mutation[]): any {
  const copy = structuredClone(base);
  const ordered = [...mutations].sort((a, b) => (a.limit.kind === b.limit.kind ? 0 : a.limit.kind === 'array' ? -1 : 1));
  for (const { limit, beyond, filler } of ordered) {
    const length = limit.max + (beyond ? 1 : 0);
    if (limit.kind === 'array') setAt(copy, limit.path, listOf(getAt(copy, limit.path)[0], length));
    else setAt(copy, limit.path, stringOf(limit.schema, length, filler));
  }
  return copy;
}

const mutationsOf = (limits: Limit[]) =>
  fc.uniqueArray(fc.nat({ max: limits.length - 1 }), { minLength: 1, maxLength: 4 }).chain((indexes) =>
    fc.tuple(
      ...indexes.map((index) =>
        fc.record({ limit: fc.constant(limits[index]!), beyond: fc.boolean(), filler: fc.constantFrom(...textFillers) }),
      ),
    ),
  );

/**
 * The portal's own limits, carried to the canonical field each portal field is made from (the
 * translator's source table): generated too, so a canonical field lacking the portal's limit is
 * exercised beyond it even though its own schema does not declare one.
 */
function portalLimitsOnCanonicalFields(canonical: JsonSchema, base: unknown): Limit[] {
  const portal = z.toJSONSchema(PortalDossier, { io: 'input' }) as JsonSchema;
  const found: Limit[] = [];
  for (const [field, source] of Object.entries(portalDossierSources)) {
    // MaHoSo comes from the path (its own limit); TrichYeuHoSo is cut to fit, never refused.
    if (source === null || field === 'MaHoSo' || field === 'TrichYeuHoSo') continue;
    const node = portal.properties![field]!;
    if (typeof source !== 'string') {
      const path = source.list.split('/').slice(1);
      if (node.maxItems !== undefined) found.push({ path, kind: 'array', max: node.maxItems, schema: node });
      for (const [item, itemSource] of Object.entries(source.items)) {
        const itemNode = node.items?.properties?.[item];
        const itemPath = [...path, 0, ...(itemSource ?? '').split('/').slice(1)];
        if (itemSource && itemNode?.maxLength !== undefined && typeof getAt(base, itemPath) === 'string') {
          found.push({ path: itemPath, kind: 'string', max: itemNode.maxLength, schema: { ...schemaAt(canonical, itemPath), maxLength: itemNode.maxLength } });
        }
      }
    } else if (node.maxLength !== undefined) {
      const path = source.split('/').slice(1);
      if (typeof getAt(base, path) === 'string') found.push({ path, kind: 'string', max: node.maxLength, schema: { ...schemaAt(canonical, path), maxLength: node.maxLength } });
    }
  }
  return found;
}

/** One limit per field: the tighter one where the canonical model and the portal both declare one. */
function mergeLimits(...lists: Limit[][]): Limit[] {
  const byPointer = new Map<string, Limit>();
  for (const limit of lists.flat()) {
    const known = byPointer.get(pointer(limit.path));
    if (!known || limit.max < known.max) byPointer.set(pointer(limit.path), limit);
  }
  return [...byPointer.values()];
}

const pointer = (path: readonly (string | number)[]) => path.map((s) => `/${s}`).join('');

function expectProblemNaming(response: { statusCode: number; headers?: Record<string, unknown>; body: string }, pointers: string[]) {
  expect(response.statusCode, response.body.slice(0, 500)).toBeGreaterThanOrEqual(400);
  expect(response.statusCode).toBeLessThan(500);
  expect(response.headers?.['content-type']).toBe(problemContentType);
  expect(utf8Bytes(response.body)).toBeLessThanOrEqual(problemLimits.documentBytes);
  const problem = JSON.parse(response.body);
  expect(problem.status).toBe(response.statusCode);
  if (response.statusCode === 413) return; // too large as a whole: the body, not a field, is named
  const named: string[] = problem.errors.map((e: { path: string }) => e.path);
  // Each error names one of the fields pushed beyond its limit (or a place inside it).
  expect(named.some((path) => pointers.some((p) => path === p || path.startsWith(`${p}/`))), JSON.stringify(problem.errors)).toBe(true);
}

const runs = { numRuns: 120, seed: 9_2026 };

describe('PUT /v1/dossiers/{code}: at and just beyond every declared limit', () => {
  const dynamo = mockClient(DynamoDBDocumentClient);
  const sqs = mockClient(SQSClient);
  let handler: typeof import('../../functions/put-dossier/handler').handler;
  beforeAll(async () => {
    process.env.DOSSIERS_TABLE = 'dossiers';
    process.env.PORTAL_SYNC_QUEUE_URL = 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/portal-sync';
    ({ handler } = await import('../../functions/put-dossier/handler'));
  });

  const base = fullDossier();
  // The body's dossierCode must equal the path's; the path code is its own limit below.
  const canonical = z.toJSONSchema(DossierSnapshotInput, { io: 'input' }) as JsonSchema;
  const limits = mergeLimits(limitsOf(canonical, base, new Set(['dossierCode'])), portalLimitsOnCanonicalFields(canonical, base));
  const codeSchema = z.toJSONSchema(DossierSnapshotInput.shape.dossierCode._zod.def.innerType, { io: 'input' }) as JsonSchema;
  const codeLimit = codeSchema.$defs!.DossierCode!;

  it('finds the limits it exercises in the contract', () => {
    const found = new Set(limits.map((l) => pointer(l.path)));
    for (const expected of ['/applicant/contacts/phone', '/applicant/contacts/fax', '/applicant/contacts/email', '/documents', '/history', '/documents/0/url', '/history/0/id', '/summary']) {
      expect(found).toContain(expected);
    }
  });

  it('acknowledges only what the portal, the queue and the store accept; refuses the rest naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(mutationsOf(limits), fc.option(fc.boolean(), { nil: undefined }), async (mutations, codeBeyond) => {
        dynamo.reset();
        sqs.reset();
        dynamo.on(UpdateCommand).resolves({});
        sqs.on(SendMessageCommand).resolves({ MessageId: 'm1' });
        const code = codeBeyond === undefined ? 'H29-PROP-LIMITS' : stringOf(codeLimit, codeLimit.maxLength! + (codeBeyond ? 1 : 0), 'A');
        const input = mutate(base, mutations);
        const response = await handler(
          proxyEventFor({
            method: 'PUT',
            resource: '/v1/dossiers/{code}',
            path: `/v1/dossiers/${code}`,
            pathParameters: { code },
            body: JSON.stringify(input),
          }),
          lambdaContext,
        );
        const beyond = mutations.filter((m) => m.beyond).map((m) => pointer(m.limit.path));
        if (codeBeyond) beyond.push('/code');

        if (response.statusCode !== 202) {
          expectProblemNaming(response, beyond.length > 0 ? beyond : ['(none: must not be refused)']);
          expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0); // refused before anything is stored
          return;
        }
        expect(beyond, 'acknowledged although beyond a limit').toEqual([]);
        const write = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
        expect(utf8Bytes(String(write.Key!.pk))).toBeLessThanOrEqual(platformLimits.dynamoPartitionKeyBytes);
        expect(utf8Bytes(String(write.Key!.sk))).toBeLessThanOrEqual(platformLimits.dynamoSortKeyBytes);
        const values = write.ExpressionAttributeValues!;
        // The largest STATE this write can leave: its recent-versions list full, of the longest fingerprints.
        const received = (values[':received'] as Record<string, unknown>[])[0]!;
        const fullRecent = Array.from({ length: recentVersionsKept }, () => ({ ...received, version: Number.MAX_SAFE_INTEGER, status: 'supplement_requested' }));
        const item = Object.fromEntries(
          Object.entries(write.ExpressionAttributeNames!).map(([alias, name]) => [name, name === recentVersionsAttribute ? fullRecent : (values[`:${alias.slice(1)}`] ?? values[':storedAt'])]),
        );
        expect(Object.keys(item)).toContain(recentVersionsAttribute);
        expect(dynamoItemBytes({ ...write.Key, ...item })).toBeLessThanOrEqual(platformLimits.dynamoItemBytes);

        const snapshot = write.ExpressionAttributeValues![':snapshot'];
        const portal = DongBoHoSoMCRequest.safeParse({
          session: 's',
          madonvi: 'H29',
          service: 'DongBoHoSoMC',
          isUpdating: 'False',
          data: [toPortalDossier(snapshot, defaultPortalStatusMap)],
        });
        expect(portal.error?.issues ?? []).toEqual([]);
        for (const chunk of pendingStepChunks(snapshot, new Set(), defaultPortalStatusMap)) {
          const steps = CapNhatTienDoHoSoMCRequest.safeParse({ session: 's', madonvi: 'H29', service: 'CapNhatTienDoHoSoMC', data: chunk.steps });
          expect(steps.error?.issues ?? []).toEqual([]);
        }
        const message = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!;
        expect(utf8Bytes(message)).toBeLessThanOrEqual(platformLimits.sqsMessageBytes);
        expect(PortalSyncMessage.safeParse(JSON.parse(message)).success).toBe(true);
      }),
      runs,
    );
  });
});

describe('POST /v1/portal/callbacks: webhook-id and lists at and beyond their limits', () => {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const idLengths = [1, 127, 128, 129, 1_024, 2_042, 2_049];
  const webhookIds = fc.oneof(
    fc.constantFrom(...idLengths).chain((length) => fc.string({ unit: fc.constantFrom('m', 's', 'g', '_', '~', '!', '9'), minLength: length, maxLength: length })),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 140 }),
  );
  // dossier.submitted with each list at its limit or one beyond; the id names the event.
  const lists = ['TaiLieuNop', 'DanhSachLePhi', 'DanhSachHoSoBoSung', 'DanhSachGiayToKetQua', 'DinhDanhCHS'] as const;
  const listLimit = { TaiLieuNop: portalListLimits.documents, DanhSachLePhi: portalListLimits.fees, DanhSachHoSoBoSung: portalListLimits.supplementRequests, DanhSachGiayToKetQua: portalListLimits.results, DinhDanhCHS: portalListLimits.identifiers };
  const items = {
    TaiLieuNop: (i: number) => ({ TepDinhKemId: `d-${i}`, TenTepDinhKem: 'Tờ khai', IsDeleted: 'False', DuongDanTaiTepTin: `https://dms.example/${i}.pdf` }),
    DanhSachLePhi: (i: number) => ({ TenPhiLePhi: 'Lệ phí', MaPhiLePhi: `LP${i}`, Gia: 8000, LoaiPhiLePhi: '2' }),
    DanhSachHoSoBoSung: (i: number) => ({ HoSoBoSungId: `b-${i}`, NguoiYeuCauBoSung: 'Cán bộ', NoiDungBoSung: 'Bổ sung', NgayBoSung: '20261122100000', TrangThaiBoSung: '1' }),
    DanhSachGiayToKetQua: (i: number) => ({ TenGiayTo: 'Kết quả', GiayToId: `r-${i}`, DuongDanTepTinKetQua: `https://dms.example/kq/${i}.pdf` }),
    DinhDanhCHS: () => ({ LoaiDinhDanh: '1', SoDinhDanh: '079303004567' }),
  };
  const bodies = fc.option(fc.tuple(fc.constantFrom(...lists), fc.boolean()), { nil: undefined }).map((list) => {
    const now = new Date().toISOString();
    if (!list) return { body: JSON.stringify({ type: 'dossier.rated', timestamp: now, data: { dossierCode: 'H29-CB', score: 4, ratedAt: now } }), beyond: undefined };
    const [name, beyond] = list;
    const count = listLimit[name] + (beyond ? 1 : 0);
    const dossier = { ...onlineDossier('H29-CB-LIST'), [name]: Array.from({ length: count }, (_, i) => items[name](i)) };
    return { body: JSON.stringify({ type: 'dossier.submitted', timestamp: now, data: { dossier } }), beyond: beyond ? `/data/dossier/${name}` : undefined };
  });

  it('acknowledges only what the queue message, the event key and the item accept', async () => {
    await fc.assert(
      fc.asyncProperty(webhookIds, bodies, async (webhookId, { body, beyond }) => {
        const stored: StoredEvent[] = [];
        const queued: unknown[] = [];
        const headers = { 'content-type': 'application/json', ...signStandardWebhook(secret, webhookId, body) };
        const outcome = await acceptPortalCallback(body, headers, {
          secrets: async () => [secret],
          storeEventOnce: async (event) => (stored.push(event), { stored: true }),
          markEvent: async () => undefined,
          enqueueCityDelivery: async (message) => void queued.push(message),
          claimEventRequeue: async () => false,
          staleSeconds: 300,
          statusMap: defaultPortalStatusMap,
          now: () => new Date(),
        }).catch((error: unknown) => error);
        const idValid = /^[\x21-\x7e]{1,128}$/.test(webhookId);

        if (outcome instanceof Error) {
          const expected = [...(idValid ? [] : ['/webhook-id']), ...(beyond ? [beyond] : [])];
          expectProblemNaming(problemResponse(outcome, 'req', '/v1/portal/callbacks'), expected.length ? expected : ['(none: must not be refused)']);
          expect(stored).toEqual([]);
          return;
        }
        expect(idValid && beyond === undefined, `acknowledged ${JSON.stringify(webhookId.slice(0, 40))} (${webhookId.length})`).toBe(true);
        expect(CityDeliveryMessage.safeParse(queued[0]).success).toBe(true);
        expect(utf8Bytes(`EVENT#${stored[0]!.eventId}`)).toBeLessThanOrEqual(platformLimits.dynamoPartitionKeyBytes);
        expect(utf8Bytes(JSON.stringify(stored[0]))).toBeLessThanOrEqual(maxStoredJsonBytes);
      }),
      { numRuns: 150, seed: 9_2026 },
    );
  });
});

describe('GET by id: a path id the store cannot key is a 4xx, never a 500', () => {
  const dynamo = mockClient(DynamoDBDocumentClient);
  let getDossier: typeof import('../../functions/get-dossier/handler').handler;
  let getDelivery: typeof import('../../functions/get-delivery/handler').handler;
  beforeAll(async () => {
    process.env.DOSSIERS_TABLE = 'dossiers';
    process.env.EVENTS_TABLE = 'events';
    ({ handler: getDossier } = await import('../../functions/get-dossier/handler'));
    ({ handler: getDelivery } = await import('../../functions/get-delivery/handler'));
  });
  const ids = fc.oneof(
    fc.constantFrom(63, 64, 65, 127, 128, 129, 1_025, 2_049, 5_000).map((n) => 'A'.repeat(n)),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }),
  );

  it.each([
    ['dossier', '/v1/dossiers/{code}', 'code'],
    ['delivery', '/v1/deliveries/{eventId}', 'eventId'],
  ] as const)('GET %s', async (_name, resource, parameter) => {
    await fc.assert(
      fc.asyncProperty(ids, async (id) => {
        dynamo.reset();
        dynamo.on(QueryCommand).resolves({ Items: [] });
        const handler = parameter === 'code' ? getDossier : getDelivery;
        const response = await handler(
          proxyEventFor({ method: 'GET', resource, path: resource.replace(`{${parameter}}`, 'x'), pathParameters: { [parameter]: id } }),
          lambdaContext,
        );
        if (response.statusCode === 422) return expectProblemNaming(response, [`/${parameter}`]);
        expect([200, 404]).toContain(response.statusCode);
        const query = dynamo.commandCalls(QueryCommand)[0]!.args[0].input;
        const pk = Object.values(query.ExpressionAttributeValues ?? {}).find((v) => typeof v === 'string' && v.includes('#')) as string;
        expect(utf8Bytes(pk)).toBeLessThanOrEqual(platformLimits.dynamoPartitionKeyBytes);
      }),
      { numRuns: 60, seed: 9_2026 },
    );
  });
});

describe('POST /v1/citizens/verifications: at and beyond every declared limit', () => {
  const base = {
    personalId: '079190012345',
    fullName: 'Nguyễn Thị Minh Khai',
    dateOfBirth: '1990-05-17',
    sex: 'female',
    purpose: { code: 'HT.KS', text: 'Đăng ký khai sinh' },
    dossierCode: 'H29-1',
    officerId: 'cb-001',
  };
  const limits = limitsOf(z.toJSONSchema(VerificationRequest, { io: 'input' }) as JsonSchema, base);

  it('accepts only what the population database request accepts; refuses the rest naming the field', () => {
    expect(limits.map((l) => pointer(l.path))).toEqual(expect.arrayContaining(['/fullName', '/purpose/code', '/purpose/text', '/officerId', '/dossierCode']));
    fc.assert(
      fc.property(mutationsOf(limits), (mutations) => {
        const input = mutate(base, mutations);
        const beyond = mutations.filter((m) => m.beyond).map((m) => pointer(m.limit.path));
        let request: VerificationRequest;
        try {
          request = parseOrReject(VerificationRequest, input, 'body');
        } catch (error) {
          return expectProblemNaming(problemResponse(error, 'req', '/v1/citizens/verifications'), beyond.length ? beyond : ['(none)']);
        }
        expect(beyond).toEqual([]);
        const lookup = CitizenLookupRequest.safeParse(toLookupRequest(request, { integrationCode: 'LT', serviceCode: 'DVC', requestId: 'r'.repeat(128) }));
        expect(lookup.success).toBe(true);
      }),
      runs,
    );
  });
});
