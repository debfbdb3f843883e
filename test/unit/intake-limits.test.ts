import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { DossierSnapshot } from '../../contracts/api/dossier';
import { DossierSnapshotInput } from '../../contracts/api/dossier';
import { problemLimits } from '../../contracts/api/problem';
import { CityDeliveryMessage, EventId, eventIdMaxLength } from '../../contracts/messages/city-delivery';
import { platformLimits, utf8Bytes } from '../../contracts/platform/limits';
import { PortalDossier } from '../../contracts/portal/dossier';
import { PortalStep } from '../../contracts/portal/progress';
import { ValidationError } from '../../functions/core/errors';
import { snapshotFor } from '../../functions/core/dossier/dossier-snapshot';
import { problemResponse } from '../../functions/http/response';
import { portalDossierSources, portalStepSources } from '../../functions/translate/portal-field-paths';
import { portalRefusals } from '../../functions/translate/portal-refusals';
import { fullDossier } from '../support/full-dossier';

type JsonSchema = {
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  maxLength?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

/** The JSON Schema node a JSON Pointer of the body leads to, following $refs. */
function schemaAt(root: JsonSchema, pointer: string): JsonSchema {
  const resolve = (node: JsonSchema): JsonSchema => (node.$ref ? resolve(root.$defs![node.$ref.split('/').at(-1)!]!) : node);
  let node = resolve(root);
  for (const segment of pointer.split('/').slice(1)) {
    // A union (the identifier kinds): the first variant that has the field.
    const withField = (n: JsonSchema) => [n, ...(n.anyOf ?? []), ...(n.oneOf ?? [])].map(resolve).find((v) => v.properties?.[segment]);
    node = resolve(/^\d+$/.test(segment) ? node.items! : withField(node)!.properties![segment]!);
    expect(node, `${pointer} at ${segment}`).toBeDefined();
  }
  return node;
}

const canonical = z.toJSONSchema(DossierSnapshotInput, { io: 'input' }) as JsonSchema;
const portal = z.toJSONSchema(PortalDossier, { io: 'input' }) as JsonSchema;

/** Portal limits the canonical model does not mirror, each for a stated reason. */
const notMirrored: Record<string, string> = {
  'TrichYeuHoSo': 'the translator cuts the summary at the portal limit (a refine, not a maxLength)',
  'MaDoiTuong': 'an ID number: 9 or 12 digits or a 10–14 character tax code, by pattern',
};

const snapshot = (input = fullDossier()): DossierSnapshot => ({ ...DossierSnapshotInput.parse(input), dossierCode: 'H29-LIMITS-1' });

describe('every portal limit is mirrored by the canonical field it is made from', () => {
  // The systematic comparison: each portal field with a limit against the canonical field the
  // translator fills it from (the same table gives error paths), so a new gap fails here.
  const rows = Object.entries(portalDossierSources).flatMap(([field, source]) => {
    if (source === null) return [];
    if (typeof source === 'string') return [{ field, portalPointer: `/${field}`, canonicalPointer: source }];
    return [
      { field, portalPointer: `/${field}`, canonicalPointer: source.list },
      ...Object.entries(source.items).flatMap(([item, itemSource]) =>
        itemSource === null ? [] : [{ field: `${field}.${item}`, portalPointer: `/${field}/0/${item}`, canonicalPointer: `${source.list}/0${itemSource}` }],
      ),
    ];
  });

  it.each(rows)('$field ← $canonicalPointer', ({ field, portalPointer, canonicalPointer }) => {
    if (notMirrored[field]) return;
    const portalNode = schemaAt(portal, portalPointer);
    const canonicalNode = schemaAt(canonical, canonicalPointer);
    if (portalNode.maxLength !== undefined) expect(canonicalNode.maxLength, field).toBeLessThanOrEqual(portalNode.maxLength);
    if (portalNode.maxItems !== undefined) expect(canonicalNode.maxItems, field).toBeLessThanOrEqual(portalNode.maxItems);
  });

  it('names a canonical source for every field of a process step', () => {
    const stepFields = Object.keys(PortalStep.shape).sort();
    expect(Object.keys(portalStepSources).sort()).toEqual(stepFields);
  });
});

describe('PUT refuses what the portal would refuse, before anything is stored', () => {
  it('refuses a 21-character phone or fax naming the canonical field and the portal rule', () => {
    const input = fullDossier();
    input.applicant.contacts = { ...input.applicant.contacts, phone: '+84 28 3829 1234 5678', fax: '+84 28 3829 1234 5678' };
    const result = DossierSnapshotInput.safeParse(input);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('/'));
    expect(paths).toEqual(['applicant/contacts/phone', 'applicant/contacts/fax']);
    expect(result.error!.issues[0]!.message).toMatch(/national portal accepts at most 20/);
    // 20 characters is the portal's own limit: accepted, and the portal accepts it too.
    input.applicant.contacts = { ...input.applicant.contacts, phone: '+84 28 3829 1234 567', fax: '+84 28 3829 1234 567' };
    expect(portalRefusals(snapshot(input))).toEqual([]);
  });

  it('refuses an instant the portal cannot write (a year beyond 9999 in GMT+7)', () => {
    const input = { ...fullDossier(), dueAt: '9999-12-31T20:00:00-05:00' };
    const result = DossierSnapshotInput.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('/'))).toEqual(['dueAt']);
    expect(DossierSnapshotInput.safeParse({ ...input, dueAt: '9999-12-31T23:59:59+07:00' }).success).toBe(true);
  });

  it('maps a refusal of the translated payload back to the canonical JSON Pointer', () => {
    // A snapshot the canonical schema would never let through, to exercise the safety net itself.
    const broken = snapshot();
    broken.applicant.identifiers = [{ kind: 'tax_code', number: '0312345678' }, { kind: 'personal_id', number: '12' }];
    broken.applicant.contacts = { phone: '0'.repeat(21) };
    broken.documents = [broken.documents[0]!, { ...broken.documents[0]!, id: 'd-2', url: 'not a url' }];
    broken.history = [broken.history[0]!, { ...broken.history[0]!, id: 'step-2', actor: { name: '' } }];
    broken.receiptNumber = 'x'.repeat(101);
    const refusals = portalRefusals(broken);
    expect(refusals.map((r) => `${r.location} ${r.path}`).sort()).toEqual(
      [
        'body /applicant/contacts/phone',
        'body /applicant/identifiers/1/number', // DinhDanhCHS[0] is the second canonical identifier
        'body /documents/1/url',
        'body /history/1/actor/name',
        'body /receiptNumber',
      ].sort(),
    );
    expect(refusals.find((r) => r.path === '/receiptNumber')?.message).toMatch(/^the national portal refuses SoBienNhan: /);
    expect(() => snapshotFor('H29-LIMITS-1', broken)).toThrow(ValidationError);
  });

  it('accepts the full sample: no false refusals', () => {
    expect(portalRefusals(snapshot())).toEqual([]);
  });
});

describe('event ids: one schema for the callback intake, the queue message, the store key and GET', () => {
  it('is the schema of the city-delivery message', () => {
    expect(CityDeliveryMessage.shape.eventId).toBe(EventId);
  });

  it('fits the events table key at its longest, in the widest UTF-8', () => {
    const longest = '~'.repeat(eventIdMaxLength);
    expect(EventId.safeParse(longest).success).toBe(true);
    expect(EventId.safeParse(`${longest}~`).success).toBe(false);
    expect(utf8Bytes(`EVENT#${longest}`)).toBeLessThanOrEqual(platformLimits.dynamoPartitionKeyBytes);
  });
});

describe('problem documents are bounded', () => {
  const manyErrors = (count: number, pathLength = 10) =>
    new ValidationError(
      Array.from({ length: count }, (_, i) => ({ location: 'body' as const, path: `/documents/${i}/${'x'.repeat(pathLength)}`, message: 'required (string)' })),
    );

  it('lists the first 100 field errors and counts the rest', () => {
    const response = problemResponse(manyErrors(400_000), 'req-1', '/v1/portal/callbacks');
    expect(utf8Bytes(response.body)).toBeLessThanOrEqual(problemLimits.documentBytes);
    const problem = JSON.parse(response.body);
    expect(problem.errors).toHaveLength(problemLimits.fieldErrors);
    expect(problem.errorsOmitted).toBe(400_000 - problemLimits.fieldErrors);
    expect(problem.errors[0]).toEqual({ location: 'body', path: '/documents/0/xxxxxxxxxx', message: 'required (string)' });
    expect(problem.status).toBe(422);
  });

  it('cuts hostile texts and stays under the byte cap', () => {
    const response = problemResponse(manyErrors(150, 200_000), 'req-1', '/v1/dossiers/x');
    expect(utf8Bytes(response.body)).toBeLessThanOrEqual(problemLimits.documentBytes);
    const problem = JSON.parse(response.body);
    expect(problem.errors.length + problem.errorsOmitted).toBe(150);
    expect(problem.errors[0].path.length).toBeLessThanOrEqual(problemLimits.fieldTextChars);
    expect(problem.detail.length).toBeLessThanOrEqual(problemLimits.detailChars);
  });

  it('has no errorsOmitted member when every error is listed', () => {
    const problem = JSON.parse(problemResponse(manyErrors(3), 'req-1', '/x').body);
    expect(problem.errors).toHaveLength(3);
    expect(problem).not.toHaveProperty('errorsOmitted');
  });

  it('fits a Lambda response at its largest', () => {
    expect(problemLimits.documentBytes).toBeLessThan(platformLimits.lambdaResponseBytes);
  });
});

describe('a callback value the city model cannot hold is named as the portal sent it', () => {
  it('maps a canonical refusal back to the portal field, counting only kept documents', async () => {
    const { acceptPortalCallback } = await import('../../functions/core/portal/portal-callback-intake');
    const { signStandardWebhook } = await import('../../functions/core/partners/standard-webhooks');
    const { onlineDossier } = await import('../../infra/local/simulators/portal/online-dossier');
    const { defaultPortalStatusMap } = await import('../../contracts/portal/status-mapping');
    const secret = `whsec_${Buffer.from('intake-limits-secret-0123456789').toString('base64')}`;
    const doc = (id: string, deleted: boolean, name = 'Tờ khai') => ({ TepDinhKemId: id, TenTepDinhKem: name, IsDeleted: deleted ? 'True' : 'False', DuongDanTaiTepTin: 'https://dms.example/a.pdf' });
    const dossier = {
      ...onlineDossier('H29-CB-MAP'),
      TenTTHC: 'x'.repeat(501), // the portal has no limit here; the canonical procedure name holds 500
      TaiLieuNop: [doc('d0', true), doc('d1', false), doc('d2', false, 'y'.repeat(501))],
    };
    const body = JSON.stringify({ type: 'dossier.submitted', timestamp: new Date().toISOString(), data: { dossier } });
    const error = await acceptPortalCallback(body, { 'content-type': 'application/json', ...signStandardWebhook(secret, 'msg_map_1', body) }, {
      secrets: async () => [secret],
      storeEventOnce: async () => {
        throw new Error('must not store');
      },
      markEvent: async () => undefined,
      enqueueCityDelivery: async () => undefined,
      claimEventRequeue: async () => false,
      staleSeconds: 300,
      statusMap: defaultPortalStatusMap,
      now: () => new Date(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.map((e) => e.path).sort()).toEqual(['/data/dossier/TaiLieuNop/2/TenTepDinhKem', '/data/dossier/TenTTHC']);
  });
});

describe('validation of a hostile list stays cheap', () => {
  it('refuses 80,000 empty documents with one issue, before looking at any item', async () => {
    const { PortalCallback } = await import('../../contracts/portal/callbacks');
    const { onlineDossier } = await import('../../infra/local/simulators/portal/online-dossier');
    const dossier = { ...onlineDossier('H29-80K'), TaiLieuNop: Array.from({ length: 80_000 }, () => ({})) };
    const result = PortalCallback.safeParse({ type: 'dossier.submitted', timestamp: new Date().toISOString(), data: { dossier } });
    expect(result.error?.issues.map((i) => i.path.join('/'))).toEqual(['data/dossier/TaiLieuNop']);
  });
});
