import * as fc from 'fast-check';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { fullDossier } from '../support/full-dossier';
import { atLimitOf, mutated, plantCanaries } from './body-mutations';
import type { FuzzCase, FuzzWorld } from './fuzz-world';
import { canaries, encodeQueryPart, fitsHead, json, latin1Safe, requestIdHeader } from './fuzz-world';
import { hostileString, stringOfLength } from './hostile-values';
import type { Operation } from './openapi-model';
import { routeKey } from './openapi-model';
import type { JsonSchema } from './schema-arbitrary';
import { arbitraryFromSchema } from './schema-arbitrary';

/** Requests to the API-key routes: schema-aware bodies and parameters, with keys right and wrong. */

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

export function apiCase(world: FuzzWorld, operation: Operation): fc.Arbitrary<FuzzCase> {
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
        format: operation.operationId === 'getHealth' ? ('health' as const) : ('api' as const),
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
