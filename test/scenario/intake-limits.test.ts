import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemLimits } from '../../contracts/api/problem';
import { eventIdMaxLength } from '../../contracts/messages/city-delivery';
import { utf8Bytes } from '../../contracts/platform/limits';
import { signStandardWebhook } from '../../functions/core/partners/standard-webhooks';
import { onlineDossier } from '../../infra/local/simulators/portal/online-dossier';
import { sampleDossier } from '../../infra/local/sample-dossier';
import type { TwinFixture } from '../support/twin-fixture';
import { call, eventually, startTestTwin } from '../support/twin-fixture';

/**
 * Nothing is acknowledged that a later stage refuses, on the twin: ids at the queue's limit reach
 * the city and one beyond it is refused at intake; a dossier the portal would refuse is refused
 * by PUT and never stored; a hostile body gets a small problem document.
 */
let fixture: TwinFixture;
let gateway: string;
let city: string;
let writer: string;
let reader: string;
let secret: string;

beforeAll(async () => {
  fixture = await startTestTwin();
  ({ gatewayUrl: gateway } = fixture.twin);
  city = fixture.twin.simulators.city!;
  writer = await fixture.keyWith('dossiers:write', 'dossiers:read');
  reader = await fixture.keyWith('deliveries:read');
  secret = (JSON.parse(process.env.PORTAL_CALLBACK_SECRETS ?? '[]') as string[])[0]!;
});
afterAll(() => fixture.stop());

const rated = (dossierCode: string) =>
  JSON.stringify({ type: 'dossier.rated', timestamp: new Date().toISOString(), data: { dossierCode, score: 5, ratedAt: new Date().toISOString() } });
const postSigned = (webhookId: string, body: string) =>
  call(gateway, 'POST', '/v1/portal/callbacks', {
    rawBody: body,
    headers: { 'content-type': 'application/json', ...signStandardWebhook(secret, webhookId, body) },
  });
/** A visible-ASCII id of exactly `length` characters, unique per test run. */
const idOf = (length: number) => {
  const prefix = `msg_${Date.now().toString(36)}_${length}_`;
  return (prefix + 'x'.repeat(length)).slice(0, length);
};

function expectProblemNaming(response: { status: number; body: any; text: string }, status: number, location: string, path: string) {
  expect(response.status).toBe(status);
  expect(response.body.status).toBe(status);
  expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ location, path })]));
  expect(utf8Bytes(response.text)).toBeLessThanOrEqual(problemLimits.documentBytes);
}

describe('portal callback webhook-id', () => {
  it('accepts an id of exactly the queue limit and delivers it to the city', async () => {
    const id = idOf(eventIdMaxLength);
    const answer = await postSigned(id, rated('H29-LIM-1'));
    expect(answer.status).toBe(202);
    await eventually(async () => {
      const view = await call(gateway, 'GET', `/v1/deliveries/${encodeURIComponent(id)}`, { key: reader });
      expect(view.body.status).toBe('delivered');
    });
    const atCity = await fetch(`${city}/_inspect/deliveries/${encodeURIComponent(id)}`);
    expect(atCity.status).toBe(200);
  });

  it.each([eventIdMaxLength + 1, 2_042, 2_100, 8_000])('refuses a validly signed id of %i characters with a 422 naming the header', async (length) => {
    const answer = await postSigned(idOf(length), rated('H29-LIM-2'));
    expectProblemNaming(answer, 422, 'header', '/webhook-id');
  });

  it('refuses an id with a character the city webhook-id header could not carry as sent', async () => {
    expectProblemNaming(await postSigned('msg with space', rated('H29-LIM-3')), 422, 'header', '/webhook-id');
  });
});

describe('bounded answers to hostile bodies', () => {
  it('answers a signed submission of 80,000 empty documents with one small 422', async () => {
    const dossier = { ...onlineDossier('H29-LIM-80K'), TaiLieuNop: Array.from({ length: 80_000 }, () => ({})) };
    const body = JSON.stringify({ type: 'dossier.submitted', timestamp: new Date().toISOString(), data: { dossier } });
    const answer = await postSigned(idOf(40), body);
    expectProblemNaming(answer, 422, 'body', '/data/dossier/TaiLieuNop');
    expect(answer.body.errors.length).toBeLessThanOrEqual(problemLimits.fieldErrors);
  });

  it('lists at most 100 field errors of a PUT failing everywhere, and counts the rest', async () => {
    const history = Array.from({ length: 400 }, (_, i) => ({ id: `s-${i}` }));
    const answer = await call(gateway, 'PUT', '/v1/dossiers/H29-LIM-MANY', { key: writer, body: { ...sampleDossier(), history } });
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toHaveLength(problemLimits.fieldErrors);
    expect(answer.body.errorsOmitted).toBeGreaterThan(400);
    expect(utf8Bytes(answer.text)).toBeLessThanOrEqual(problemLimits.documentBytes);
  });
});

describe('PUT /v1/dossiers refuses what the portal would refuse, and stores nothing', () => {
  it('refuses a 21-character phone (the portal caps it at 20) and keeps nothing', async () => {
    const base = sampleDossier();
    const body = { ...base, applicant: { ...base.applicant, contacts: { phone: '+84 28 3829 1234 5678' } } };
    const answer = await call(gateway, 'PUT', '/v1/dossiers/H29-LIM-PHONE', { key: writer, body });
    expectProblemNaming(answer, 422, 'body', '/applicant/contacts/phone');
    expect(answer.body.errors[0].message).toMatch(/portal accepts at most 20/);
    expect((await call(gateway, 'GET', '/v1/dossiers/H29-LIM-PHONE', { key: writer })).status).toBe(404);
  });

  it('accepts the same dossier at exactly 20 characters and the portal takes it', async () => {
    const base = sampleDossier();
    const body = { ...base, applicant: { ...base.applicant, contacts: { phone: '+84 28 3829 1234 567' } } };
    expect((await call(gateway, 'PUT', '/v1/dossiers/H29-LIM-PHONE20', { key: writer, body })).status).toBe(202);
    await eventually(async () => {
      const view = await call(gateway, 'GET', '/v1/dossiers/H29-LIM-PHONE20', { key: writer });
      expect(view.body.sync.portal.state).toBe('synced');
    }, 20_000);
  });
});

describe('identifiers in paths longer than the store allows are a 4xx, not a 500', () => {
  it.each([
    ['PUT', `/v1/dossiers/${'A'.repeat(65)}`, 'path', '/code'],
    ['GET', `/v1/dossiers/${'A'.repeat(3_000)}`, 'path', '/code'],
    ['GET', `/v1/deliveries/${'e'.repeat(eventIdMaxLength + 1)}`, 'path', '/eventId'],
    ['GET', `/v1/deliveries/${'e'.repeat(3_000)}`, 'path', '/eventId'],
  ])('%s %#', async (method, path, location, pointer) => {
    const key = path.startsWith('/v1/deliveries') ? reader : writer;
    const answer = await call(gateway, method, path, { key, body: method === 'PUT' ? sampleDossier() : undefined });
    expectProblemNaming(answer, 422, location, pointer);
  });
});
