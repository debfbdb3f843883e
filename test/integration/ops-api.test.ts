import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { inspectPortalDossier, setPortalFaults } from '../support/portal-sim';
import type { TwinFixture } from '../support/twin-fixture';
import { call, eventually, startTestTwin } from '../support/twin-fixture';

/**
 * The operators' API on the twin: with the portal down, pushed dossiers are listed as stuck with
 * the portal's error; a re-sync (after a dry run that shows the masked payload) brings them in
 * at once although their backoff would wait ten minutes; every action is ledgered by key name.
 */
let fixture: TwinFixture;
let url: string;
let portal: string;
let operator: string;
let reader: string;
let city: string;
const codes = ['H29-OPS-1', 'H29-OPS-2', 'H29-OPS-3'];

beforeAll(async () => {
  fixture = await startTestTwin({ functionEnvironment: { PORTAL_SYNC_BACKOFF_BASE_SECONDS: '600', PORTAL_SYNC_BACKOFF_MAX_SECONDS: '600' } });
  url = fixture.twin.gatewayUrl;
  portal = fixture.twin.simulators.portal!;
  operator = fixture.twin.operatorKey;
  reader = await fixture.keyWith('ops:read');
  city = fixture.twin.apiKey;
});
afterAll(() => fixture.stop());

describe('/v1/ops on the twin', () => {
  it('refuses a key without the ops scopes, and ops:read cannot act', async () => {
    const cityOnly = await fixture.keyWith('dossiers:read');
    expect((await call(url, 'GET', '/v1/ops/overview', { key: cityOnly })).status).toBe(403);
    expect((await call(url, 'POST', '/v1/ops/resync', { key: reader, body: { codes: ['X'] } })).status).toBe(403);
  });

  it('lists dossiers stuck behind a portal outage with their reason, and re-syncs them when asked', async () => {
    await setPortalFaults(portal, { down: true });
    for (const code of codes) expect((await call(url, 'PUT', `/v1/dossiers/${code}`, { key: city, body: sampleDossier() })).status).toBe(202);

    const stuck = await eventually(async () => {
      const answer = await call(url, 'GET', '/v1/ops/stuck?kind=dossiers&olderThanMinutes=0', { key: reader });
      expect(answer.status).toBe(200);
      const listed = answer.body.dossiers.filter((d: { dossierCode: string; errorCode: string | null }) => codes.includes(d.dossierCode) && d.errorCode);
      expect(listed).toHaveLength(3);
      return answer.body;
    }, 20_000);
    const first = stuck.dossiers.find((d: { dossierCode: string }) => d.dossierCode === codes[0]);
    expect(first).toMatchObject({ errorCode: 'portal-unreachable', unitCode: 'H29.01.26734', procedureCode: '1.001193.000.00.00.H29', attempts: 1 });
    expect(first.nextAttemptAt > new Date(Date.now() + 60_000).toISOString()).toBe(true);
    // No personal data anywhere in an ops answer.
    expect(JSON.stringify(stuck)).not.toMatch(/Minh Khai|079190012345|0909123456/);

    const filtered = await call(url, 'GET', '/v1/ops/stuck?kind=dossiers&olderThanMinutes=0&unit=OTHER-UNIT', { key: reader });
    expect(filtered.body.dossiers).toEqual([]);

    const overview = await call(url, 'GET', '/v1/ops/overview', { key: reader });
    expect(overview.status, JSON.stringify(overview.body)).toBe(200);
    expect(overview.body.stuck.dossiers).toBeGreaterThanOrEqual(3);
    const portalHealth = overview.body.partners.find((p: { partner: string }) => p.partner === 'portal');
    expect(['down', 'parked']).toContain(portalHealth.state);
    expect(portalHealth.topErrors[0].code).toBe('portal-unreachable');
    expect(overview.body.queues.map((q: { queue: string }) => q.queue)).toEqual(['portalSync', 'cityDelivery']);
    expect(overview.body.trend.at(-1).counts.dossiers).toBe(overview.body.stuck.dossiers);

    const dry = await call(url, 'POST', '/v1/ops/resync', { key: operator, body: { codes, dryRun: true } });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, selected: codes, queued: [] });
    expect(dry.body.previews[0].payload).toMatchObject({ MaHoSo: codes[0], ChuHoSo: 'N. T. M. K.', MaDoiTuong: '079******345', SoDienThoai: '090****456' });
    expect(dry.body.previews[0].payloadSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(dry.body)).not.toMatch(/Minh Khai|079190012345|0909123456/);

    await setPortalFaults(portal, { down: false });
    const done = await call(url, 'POST', '/v1/ops/resync', { key: operator, body: { unit: 'H29.01.26734' } });
    expect(done.status).toBe(200);
    expect(done.body.queued).toEqual(expect.arrayContaining(codes));
    expect(done.body.ledgerRecordId).toMatch(/^[0-9a-f-]{36}$/);
    for (const code of codes) {
      await eventually(async () => expect((await inspectPortalDossier(portal, code))?.dossier.MaHoSo).toBe(code), 20_000);
    }
    await eventually(async () => {
      const answer = await call(url, 'GET', '/v1/ops/stuck?kind=dossiers&olderThanMinutes=0', { key: reader });
      expect(answer.body.dossiers.filter((d: { dossierCode: string }) => codes.includes(d.dossierCode))).toEqual([]);
    });

    const timeline = await call(url, 'GET', `/v1/ops/dossiers/${codes[0]}/timeline`, { key: reader });
    expect(timeline.status).toBe(200);
    const kinds = timeline.body.entries.map((e: { kind: string; outcome: string }) => `${e.kind}:${e.outcome}`);
    expect(kinds).toContain('version-received:ok');
    expect(kinds).toContain('portal-attempt:retryable');
    expect(kinds).toContain('portal-attempt:ok');
    expect(kinds).toContain('portal-ack:ok');
    const action = timeline.body.entries.find((e: { kind: string }) => e.kind === 'operator-action');
    expect(action.summary).toContain('twin-operator');
    // The last re-sync record is the one the answer named (one record per dossier re-synced).
    expect(action.ledgerRecordId).toMatch(/^[0-9a-f-]{36}$/);
    expect(action.partner).toBe('operator');
    expect(timeline.body.sync.state).toBe('synced');
  });

  it('lists a dossier the portal refused in the DLQ with its failure code, and redrives it by reason once the cause is fixed', async () => {
    const code = 'H29-OPS-REJ';
    await setPortalFaults(portal, { rejectDossiers: [code] });
    expect((await call(url, 'PUT', `/v1/dossiers/${code}`, { key: city, body: sampleDossier() })).status).toBe(202);
    const letter = await eventually(async () => {
      const answer = await call(url, 'GET', '/v1/ops/stuck?kind=dead-letters', { key: reader });
      const found = answer.body.deadLetters.find((l: { subject: string }) => l.subject === code);
      expect(found).toBeDefined();
      return found;
    }, 20_000);
    expect(letter.queue).toBe('portalSync');
    expect(letter.failureCode).toMatch(/^portal-/);
    // Each nudge of the refused dossier is dead-lettered: one or more letters, all about it.
    const letters = (await call(url, 'GET', '/v1/ops/stuck?kind=dead-letters', { key: reader })).body.deadLetters;
    expect(letters.every((l: { subject: string }) => l.subject === code)).toBe(true);
    const overview = await call(url, 'GET', '/v1/ops/overview', { key: reader });
    expect(overview.body.queues.find((q: { queue: string }) => q.queue === 'portalSync').deadLetterDepth).toBeGreaterThanOrEqual(letters.length);

    // Another reason moves nothing; the right one moves exactly these letters.
    const none = await call(url, 'POST', '/v1/ops/queues/portalSync/redrive', { key: operator, body: { reason: 'no-such-reason' } });
    expect(none.body.moved).toEqual([]);
    expect(none.body.remaining).toBeGreaterThanOrEqual(letters.length);
    await setPortalFaults(portal, { rejectDossiers: [] });
    const moved = await call(url, 'POST', '/v1/ops/queues/portalSync/redrive', { key: operator, body: { reason: letter.failureCode, ratePerSecond: 5 } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ queue: 'portalSync', remaining: 0 });
    expect(moved.body.moved).toEqual(expect.arrayContaining(letters.map((l: { messageId: string }) => l.messageId)));
    await eventually(async () => expect((await inspectPortalDossier(portal, code))?.dossier.MaHoSo).toBe(code), 20_000);
    expect((await call(url, 'POST', '/v1/ops/queues/nowhere/redrive', { key: operator, body: {} })).status).toBe(422);

    // Verify against the portal now: once acknowledged, the portal's copy matches.
    await eventually(async () => expect((await call(url, 'GET', `/v1/dossiers/${code}`, { key: city })).body.sync.portal.state).toBe('synced'), 20_000);
    const verified = await call(url, 'POST', `/v1/ops/dossiers/${code}/verify`, { key: operator });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ dossierCode: code, outcome: 'match', reopened: false, divergence: null });
    expect(verified.body.ledgerRecordId).toMatch(/^[0-9a-f-]{36}$/);
    const trail = (await call(url, 'GET', `/v1/ops/dossiers/${code}/timeline`, { key: reader })).body.entries;
    expect(trail.find((e: { ledgerRecordId: string }) => e.ledgerRecordId === verified.body.ledgerRecordId)).toMatchObject({ kind: 'operator-action', partner: 'operator' });
    expect((await call(url, 'POST', '/v1/ops/dossiers/H29-NOPE/verify', { key: operator })).status).toBe(404);
  });

  it('redrives only the dead letters selected by id, then all the rest', async () => {
    // Prepare: the portal refuses two dossiers; both are dead-lettered.
    const [selected, other] = ['H29-OPS-REJ2', 'H29-OPS-REJ3'];
    await setPortalFaults(portal, { rejectDossiers: [selected, other] });
    for (const code of [selected, other]) expect((await call(url, 'PUT', `/v1/dossiers/${code}`, { key: city, body: sampleDossier() })).status).toBe(202);
    const letters = await eventually(async () => {
      const found = (await call(url, 'GET', '/v1/ops/stuck?kind=dead-letters', { key: reader })).body.deadLetters as { subject: string; messageId: string }[];
      expect(new Set(found.map((l) => l.subject))).toEqual(new Set([selected, other]));
      return found;
    }, 20_000);
    const selectedIds = letters.filter((l) => l.subject === selected).map((l) => l.messageId);
    await setPortalFaults(portal, { rejectDossiers: [other] });

    // Act
    const some = await call(url, 'POST', '/v1/ops/queues/portalSync/redrive', { key: operator, body: { messageIds: selectedIds, ratePerSecond: 2 } });

    // Assess
    expect(some.status, some.text).toBe(200);
    expect([...some.body.moved].sort()).toEqual([...selectedIds].sort());
    // The refused dossier may be dead-lettered again meanwhile (the sweeper re-nudges it): what is
    // left is every letter of the other dossier, and none of the selected one.
    expect(some.body.remaining).toBeGreaterThanOrEqual(letters.length - selectedIds.length);
    await eventually(async () => expect((await inspectPortalDossier(portal, selected))?.dossier.MaHoSo).toBe(selected), 20_000);
    expect(await inspectPortalDossier(portal, other)).toBeUndefined();
    const left = (await call(url, 'GET', '/v1/ops/stuck?kind=dead-letters', { key: reader })).body.deadLetters as { subject: string }[];
    expect(new Set(left.map((l) => l.subject))).toEqual(new Set([other]));

    await setPortalFaults(portal, { rejectDossiers: [] });
    const rest = await call(url, 'POST', '/v1/ops/queues/portalSync/redrive', { key: operator, body: {} });
    expect(rest.body).toMatchObject({ remaining: 0 });
    expect(rest.body.moved.length).toBeGreaterThanOrEqual(letters.length - selectedIds.length);
    await eventually(async () => expect((await inspectPortalDossier(portal, other))?.dossier.MaHoSo).toBe(other), 20_000);
  });

  it('re-delivers an event the city already has, with the same webhook-id, and shows both deliveries on the timeline', async () => {
    const code = codes[1]!;
    const sent = (await (await fetch(`${portal}/_actions/rate`, { method: 'POST', body: JSON.stringify({ dossierCode: code, score: 4 }) })).json()) as { webhookId: string };
    const cityUrl = fixture.twin.simulators.city!;
    const timesReceived = async () =>
      ((await (await fetch(`${cityUrl}/_inspect/deliveries`)).json()) as { deliveries: { id: string; timesReceived: number }[] }).deliveries.find((d) => d.id === sent.webhookId)?.timesReceived ?? 0;
    await eventually(async () => expect(await timesReceived()).toBe(1), 20_000);
    await eventually(async () => expect((await call(url, 'GET', `/v1/deliveries/${sent.webhookId}`, { key: city })).body.status).toBe('delivered'));

    const again = await call(url, 'POST', `/v1/ops/events/${sent.webhookId}/redeliver`, { key: operator });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ eventId: sent.webhookId, previousStatus: 'delivered', queued: true });
    await eventually(async () => expect(await timesReceived()).toBe(2), 20_000);
    await eventually(async () => {
      const entries = (await call(url, 'GET', `/v1/ops/dossiers/${code}/timeline`, { key: reader })).body.entries as { kind: string; reference: string; ledgerRecordId: string | null }[];
      const deliveries = entries.filter((e) => e.kind === 'delivery' && e.reference === sent.webhookId);
      expect(deliveries).toHaveLength(2);
      expect(deliveries.every((d) => d.ledgerRecordId !== null)).toBe(true);
    });
  });

  it('answers verify-now on a dossier the portal never acknowledged with `pending`, changing nothing, and unknown or malformed codes with a problem document', async () => {
    // Prepare: the portal is down, so the dossier's only attempt fails.
    const code = 'H29-OPS-NEVER';
    await setPortalFaults(portal, { down: true });
    expect((await call(url, 'PUT', `/v1/dossiers/${code}`, { key: city, body: sampleDossier() })).status).toBe(202);
    await eventually(async () => expect((await call(url, 'GET', `/v1/dossiers/${code}`, { key: city })).body.sync.portal.attempts).toBeGreaterThanOrEqual(1), 20_000);

    // Act
    const verified = await call(url, 'POST', `/v1/ops/dossiers/${code}/verify`, { key: operator });
    const unknown = await call(url, 'POST', '/v1/ops/dossiers/H29-NEVER-STORED/verify', { key: operator });
    const malformed = await call(url, 'POST', `/v1/ops/dossiers/${encodeURIComponent('not a code!')}/verify`, { key: operator });

    // Assess
    expect(verified.status, verified.text).toBe(200);
    expect(verified.body).toMatchObject({ dossierCode: code, outcome: 'pending', reopened: false, checkedAt: null, divergence: null });
    expect(verified.body.ledgerRecordId).toMatch(/^[0-9a-f-]{36}$/);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.body).toMatchObject({ status: 404 });
    expect(malformed.status).toBe(422);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    // The check left the sync as it was: once the portal is back, the dossier syncs.
    await setPortalFaults(portal, { down: false });
    await call(url, 'POST', '/v1/ops/resync', { key: operator, body: { codes: [code] } });
    await eventually(async () => expect((await call(url, 'GET', `/v1/dossiers/${code}`, { key: city })).body.sync.portal.state).toBe('synced'), 20_000);
  });

  it('answers 404 for an unknown dossier timeline and event, and 422 for a re-sync that names nothing', async () => {
    expect((await call(url, 'GET', '/v1/ops/dossiers/H29-NOPE/timeline', { key: reader })).status).toBe(404);
    expect((await call(url, 'POST', '/v1/ops/events/evt-nope/redeliver', { key: operator })).status).toBe(404);
    expect((await call(url, 'POST', '/v1/ops/resync', { key: operator, body: {} })).status).toBe(422);
  });

  it('refuses a re-sync whose code list comes with filters (naming each), and a range that ends before it starts', async () => {
    // Act: before, the filters beside a code list were ignored and the codes alone selected.
    const withUnit = await call(url, 'POST', '/v1/ops/resync', { key: operator, body: { codes: ['H29-NOPE'], unit: 'x', scope: 'all', dryRun: true } });
    const withEverything = await call(url, 'POST', '/v1/ops/resync', {
      key: operator,
      body: { codes: ['H29-NOPE'], procedure: 'p', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00+07:00', dryRun: true },
    });
    const backwards = await call(url, 'POST', '/v1/ops/resync', { key: operator, body: { from: '2026-01-02T00:00:00+07:00', to: '2026-01-01T00:00:00Z', dryRun: true } });
    const empty = await call(url, 'POST', '/v1/ops/resync', { key: operator, body: { from: '2026-01-01T07:00:00+07:00', to: '2026-01-01T00:00:00Z', dryRun: true } });
    const forward = await call(url, 'POST', '/v1/ops/resync', { key: operator, body: { from: '2026-01-01T00:00:00Z', to: '2026-01-01T08:00:00+07:00', dryRun: true } });

    // Assess
    expect(withUnit.status).toBe(422);
    expect(withUnit.body.errors).toEqual([expect.objectContaining({ location: 'body', path: '/unit' })]);
    expect(withEverything.status).toBe(422);
    expect(withEverything.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/from', '/procedure', '/to']);
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors).toEqual([expect.objectContaining({ location: 'body', path: '/to' })]);
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0]).toMatchObject({ path: '/to' });
    expect(forward.status, forward.text).toBe(200);
    expect(forward.body).toMatchObject({ dryRun: true, queued: [] });
  });
});
