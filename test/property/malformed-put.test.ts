import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDossier } from '../../infra/local/sample-dossier';
import type { TwinFixture } from '../support/twin-fixture';
import { call, startTestTwin } from '../support/twin-fixture';

let fixture: TwinFixture;
beforeAll(async () => {
  fixture = await startTestTwin();
});
afterAll(() => fixture.stop());

const contentTypes = fc.oneof(
  fc.constant<string | undefined>(undefined),
  fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/json; charset=latin1', 'multipart/form-data'),
  fc.string({ maxLength: 40 }),
);

/** Bodies that can never be a valid dossier: arbitrary JSON, arbitrary text, arbitrary bytes. */
const hopelessBodies = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

/** The sample dossier with one field replaced by anything: sometimes valid, mostly not. */
const sample = sampleDossier() as Record<string, unknown>;
const mutatedDossiers = fc
  .tuple(fc.constantFrom(...Object.keys(sample), 'unexpected'), fc.jsonValue({ maxDepth: 3 }))
  .map(([key, value]) => JSON.stringify({ ...sample, [key]: value }));

const dossierCodes = fc.oneof(fc.constant('H29-PROP-1'), fc.string({ minLength: 1, maxLength: 80 }).map(encodeURIComponent));

const headerValues = fc.string({ maxLength: 60 }).filter((value) => /^[\x20-\x7e]*$/.test(value));

async function assertProblem(response: Awaited<ReturnType<typeof call>>) {
  expect(response.status, response.text).toBeGreaterThanOrEqual(400);
  expect(response.status, response.text).toBeLessThan(500);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.body.status).toBe(response.status);
  expect(typeof response.body.type).toBe('string');
  // contracts/api/request-id.ts: the gateway's id on every answer; a function's answer adds x-request-id.
  expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
  expect(response.body.requestId).toBe(response.headers.get('x-request-id') ?? response.headers.get('x-amzn-requestid'));
}

describe('PUT /v1/dossiers/{code} under arbitrary input', () => {
  it('answers every hopeless body, media type and header with a 4xx problem document, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(hopelessBodies, contentTypes, dossierCodes, headerValues, async (body, contentType, code, requestId) => {
        const headers: Record<string, string> = { 'x-request-id': requestId };
        if (contentType !== undefined) headers['content-type'] = contentType;
        const response = await call(fixture.twin.gatewayUrl, 'PUT', `/v1/dossiers/${code}`, {
          key: fixture.twin.apiKey,
          rawBody: body,
          headers,
        });
        await assertProblem(response);
      }),
      { numRuns: 150 },
    );
  });

  it('answers a dossier with any one field replaced by any JSON value with 202 or a 4xx problem, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedDossiers, fc.integer({ min: 1, max: 1_000_000 }), async (body, n) => {
        const response = await call(fixture.twin.gatewayUrl, 'PUT', `/v1/dossiers/H29-MUT-${n}`, {
          key: fixture.twin.apiKey,
          rawBody: body,
          headers: { 'content-type': 'application/json' },
        });
        if (response.status === 202) return;
        await assertProblem(response);
      }),
      { numRuns: 150 },
    );
  });

  it('answers arbitrary Authorization headers with 401 problems', async () => {
    await fc.assert(
      fc.asyncProperty(headerValues, async (authorization) => {
        const response = await call(fixture.twin.gatewayUrl, 'PUT', '/v1/dossiers/H29-PROP-2', {
          rawBody: JSON.stringify(sampleDossier()),
          headers: { authorization, 'content-type': 'application/json' },
        });
        expect(response.status).toBe(401);
        await assertProblem(response);
      }),
      { numRuns: 100 },
    );
  });
});
