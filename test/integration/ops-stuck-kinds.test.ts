import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paygovConfirmMacFields } from '../../contracts/payment/paygov';
import { paygovMac } from '../../functions/core/payment/payment-signatures';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { gatewayCommandGroups } from '../../infra/cli/ops/gateway-commands';
import { tables } from '../../infra/topology/resources';
import { inspectPortalDossier, setPortalFaults } from '../support/portal-sim';
import type { TwinFixture } from '../support/twin-fixture';
import { call, drained, eventually, quickPortalTimings, startTestTwin } from '../support/twin-fixture';

/**
 * Every list of GET /v1/ops/stuck made real on the twin, with the filters an operator uses:
 * dossiers by procedure and error code, events the city did not take, payments pending past
 * their expiry or with exceptions, and the verifier's divergences; and the scopes of each route.
 */
let fixture: TwinFixture;
let url: string;
let reader: string;
let operator: string;
let city: string;

beforeAll(async () => {
  fixture = await startTestTwin({
    // A held portal call times out within the test (the divergence below starts with one).
    functionEnvironment: quickPortalTimings,
  });
  url = fixture.twin.gatewayUrl;
  reader = await fixture.keyWith('ops:read');
  operator = fixture.twin.operatorKey;
  city = fixture.twin.apiKey;
});
afterAll(() => fixture.stop());

const stuck = async (query: string) => {
  const answer = await call(url, 'GET', `/v1/ops/stuck?${query}`, { key: reader });
  expect(answer.status, answer.text).toBe(200);
  return answer.body;
};
const put = (code: string) => call(url, 'PUT', `/v1/dossiers/${code}`, { key: city, body: sampleDossier() });

describe('stuck work on the twin', () => {
  it('filters lagging dossiers by procedure and error code', async () => {
    // Prepare
    const portal = fixture.twin.simulators.portal!;
    await setPortalFaults(portal, { down: true });
    expect((await put('H29-KIND-DOS')).status).toBe(202);
    await eventually(async () => expect((await stuck('kind=dossiers&olderThanMinutes=0')).dossiers.find((d: { dossierCode: string }) => d.dossierCode === 'H29-KIND-DOS')?.errorCode).toBe('portal-unreachable'), 20_000);

    // Act
    const byProcedure = await stuck('kind=dossiers&olderThanMinutes=0&procedure=1.001193.000.00.00.H29');
    const otherProcedure = await stuck('kind=dossiers&olderThanMinutes=0&procedure=2.000000.000.00.00.H29');
    const byCode = await stuck('kind=dossiers&olderThanMinutes=0&errorCode=portal-unreachable');
    const otherCode = await stuck('kind=dossiers&olderThanMinutes=0&errorCode=portal-http-500');
    const notOldYet = await stuck('kind=dossiers&olderThanMinutes=60');

    // Assess
    expect(byProcedure.dossiers.map((d: { dossierCode: string }) => d.dossierCode)).toContain('H29-KIND-DOS');
    expect(otherProcedure.dossiers).toEqual([]);
    expect(byCode.dossiers.map((d: { dossierCode: string }) => d.dossierCode)).toContain('H29-KIND-DOS');
    expect(otherCode.dossiers).toEqual([]);
    // Already failed once: listed whatever its age (an outage shows at once).
    expect(notOldYet.dossiers.map((d: { dossierCode: string }) => d.dossierCode)).toContain('H29-KIND-DOS');
    expect(byCode.filters).toMatchObject({ kind: 'dossiers', errorCode: 'portal-unreachable', olderThanMinutes: 0 });

    await setPortalFaults(portal, { down: false });
    await eventually(async () => expect((await inspectPortalDossier(portal, 'H29-KIND-DOS'))?.dossier.MaHoSo).toBe('H29-KIND-DOS'), 30_000);
  });

  it('lists an event the city did not take, and drops it once re-delivered', async () => {
    // Prepare: the city system is down when a citizen rates a dossier on the portal.
    const cityUrl = fixture.twin.simulators.city!;
    await fetch(`${cityUrl}/_faults`, { method: 'POST', body: JSON.stringify({ down: true }) });
    const sent = (await (await fetch(`${fixture.twin.simulators.portal}/_actions/rate`, { method: 'POST', body: JSON.stringify({ dossierCode: 'H29-KIND-DOS', score: 2 }) })).json()) as { webhookId: string };

    // Act
    const listed = await eventually(async () => {
      const found = (await stuck('kind=events&olderThanMinutes=0')).events.find((e: { eventId: string }) => e.eventId === sent.webhookId);
      expect(found?.attempts).toBeGreaterThanOrEqual(1);
      return found;
    }, 20_000);

    // Assess
    expect(listed).toMatchObject({ type: 'dossier.rated', dossierCode: 'H29-KIND-DOS' });
    expect(listed.status).not.toBe('delivered');
    await fetch(`${cityUrl}/_faults`, { method: 'POST', body: JSON.stringify({ down: false }) });
    expect((await call(url, 'POST', `/v1/ops/events/${sent.webhookId}/redeliver`, { key: operator })).status).toBe(200);
    await eventually(async () => expect((await stuck('kind=events&olderThanMinutes=0')).events.map((e: { eventId: string }) => e.eventId)).not.toContain(sent.webhookId), 20_000);
  });

  it('lists a payment pending past its expiry and one with an exception for refund review', async () => {
    // Prepare: two payments for a stored dossier.
    expect((await put('H29-KIND-PAY')).status).toBe(202);
    const open = async () =>
      (
        await call(url, 'POST', '/v1/payments', {
          key: city,
          body: { dossierCode: 'H29-KIND-PAY', fees: [{ code: 'LPHT', name: 'Lệ phí hộ tịch', amount: 8000 }], payer: { name: 'Nguyễn Thị Minh Khai' }, returnUrl: 'https://dichvucong.hochiminhcity.gov.vn/ket-qua' },
        })
      ).body as { reference: string };
    const overdue = await open();
    const refunded = await open();
    // The first one's expiry is moved into the past (the platform never answered it).
    const { documentClient } = await import('../../functions/adapters/aws/dynamodb-client');
    const { paymentKeyParts } = await import('../../contracts/payment/identifiers');
    await documentClient().send(
      new UpdateCommand({
        TableName: tables.payments.localName,
        Key: { pk: `${paymentKeyParts.paymentPartition}${overdue.reference}`, sk: paymentKeyParts.paymentSort },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 60_000).toISOString() },
      }),
    );
    // The second fails, then the platform confirms a success: an exception for refund review.
    await fetch(`${fixture.twin.simulators.payment}/_actions/pay/${refunded.reference}`, { method: 'POST', body: JSON.stringify({ outcome: 'fail' }) });
    const paygov = JSON.parse(process.env.PAYGOV_CREDENTIALS ?? '{}') as { partnerCode: string; secret: string };
    const fields = {
      LoaiBanTin: 'CONFIRM', MaLoi: '00', MaDoiTac: paygov.partnerCode, MaThamChieu: refunded.reference, SoTien: 8000, MaTienTe: 'VND',
      MaGiaoDich: `GD${Date.now()}`, MaNganHang: 'VCB', ThoiGianGD: '20261122093000', ThongTinGiaoDich: 'Thanh toan phi ho so',
    };
    expect((await call(url, 'POST', '/v1/payments/callbacks/paygov', { body: { ...fields, MaXacThuc: paygovMac(fields, paygovConfirmMacFields, paygov.secret) } })).body.MaLoi).toBe('00');

    // Act
    const payments = (await stuck('kind=payments&olderThanMinutes=0')).payments as { paymentId: string; reason: string; status: string; exceptions: { kind: string }[] }[];

    // Assess
    expect(payments.find((p) => p.paymentId === overdue.reference)).toMatchObject({ reason: 'pending-too-long', status: 'PENDING', dossierCode: 'H29-KIND-PAY', amount: 8000 });
    expect(payments.find((p) => p.paymentId === refunded.reference)).toMatchObject({ reason: 'exception', status: 'FAILED', exceptions: [{ kind: 'paid-after-failure' }] });
    expect(JSON.stringify(payments)).not.toContain('Minh Khai');
  });

  it("lists the verifier's divergence that no re-sync can repair (steps duplicated at the portal)", async () => {
    // Prepare: the step call is held, re-sent after the read-back, then the held call lands too.
    const portal = fixture.twin.simulators.portal!;
    const code = 'H29-KIND-DIV';
    await setPortalFaults(portal, { applyLate: { calls: 1, services: ['CapNhatTienDoHoSoMC'], dossiers: [code] } });
    expect((await put(code)).status).toBe(202);
    await eventually(async () => expect((await call(url, 'GET', `/v1/dossiers/${code}`, { key: city })).body.sync.portal.state).toBe('synced'), 30_000);
    await drained(fixture.twin, 'portalSync', 'portalSync');
    await fetch(`${portal}/_actions/apply-late`, { method: 'POST' });

    // Act
    const verified = await call(url, 'POST', `/v1/ops/dossiers/${code}/verify`, { key: operator });
    const listed = (await stuck('kind=divergences')).divergences.find((d: { dossierCode: string }) => d.dossierCode === code);

    // Assess
    expect(verified.body).toMatchObject({ outcome: 'diverged', reopened: false, divergence: { fields: [], portalHasDossier: true } });
    expect(verified.body.divergence.duplicatedSteps).toBeGreaterThan(0);
    expect(listed).toMatchObject({ reopened: false, fields: [], portalHasDossier: true, duplicatedSteps: verified.body.divergence.duplicatedSteps });
    // Counted in the overview, though the dossier no longer lags (nothing will reopen it).
    expect((await stuck('kind=dossiers&olderThanMinutes=0')).dossiers.map((d: { dossierCode: string }) => d.dossierCode)).not.toContain(code);
    expect((await call(url, 'GET', '/v1/ops/overview', { key: reader })).body.stuck.divergences).toBe(1);
  }, 60_000);

  it('dismisses the unrepairable divergence with a reason: off the stuck list, ledgered with the key name, still on the timeline', async () => {
    // Prepare: the divergence of the previous test is listed.
    const code = 'H29-KIND-DIV';
    expect((await stuck('kind=divergences')).divergences.map((d: { dossierCode: string }) => d.dossierCode)).toContain(code);

    // Act
    const noReason = await call(url, 'POST', `/v1/ops/dossiers/${code}/dismiss`, { key: operator, body: {} });
    const blank = await call(url, 'POST', `/v1/ops/dossiers/${code}/dismiss`, { key: operator, body: { reason: '    ' } });
    const nuls = await call(url, 'POST', `/v1/ops/dossiers/${code}/dismiss`, { key: operator, body: { reason: '\u0000\u0000\u0000' } });
    const escape = await call(url, 'POST', `/v1/ops/dossiers/${code}/dismiss`, { key: operator, body: { reason: 'ticket 4711\u001b[2J' } });
    const unknown = await call(url, 'POST', '/v1/ops/dossiers/H29-NO-SUCH-DOSSIER/dismiss', { key: operator, body: { reason: 'checked with the portal team' } });
    // The CLI, as an operator types it: npm run ops -- dismiss <code> --reason … --json
    const printed: string[] = [];
    const exit = await gatewayCommandGroups.dismiss!.single.run({
      values: { url, key: operator, reason: 'duplicates removed by the portal team, ticket 4711', json: true },
      positionals: [code],
      target: { description: 'the gateway API' },
      out: (line) => printed.push(line),
    });
    const dismissed = { status: exit === 0 ? 200 : exit, text: printed.join('\n'), body: JSON.parse(printed.join('\n')) };
    // Line feeds and tabs are allowed: a reason may be a few lines.
    const again = await call(url, 'POST', `/v1/ops/dossiers/${code}/dismiss`, { key: operator, body: { reason: 'asked again:\n\tticket 4711' } });

    // Assess: a missing or blank reason is refused naming the field; an unknown dossier is 404; asking again changes nothing.
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ location: 'body', path: '/reason' })]);
    expect(blank.status).toBe(422);
    expect(blank.body.errors[0]).toMatchObject({ location: 'body', path: '/reason' });
    // Control characters are refused (NULs are not white space, so "non-blank" alone let them in).
    expect(nuls.status).toBe(422);
    expect(nuls.body.errors[0]).toMatchObject({ location: 'body', path: '/reason' });
    expect(escape.status).toBe(422);
    expect(escape.body.errors[0]).toMatchObject({ location: 'body', path: '/reason' });
    expect(unknown.status).toBe(404);
    expect(dismissed.status, dismissed.text).toBe(200);
    expect(dismissed.body).toMatchObject({ dossierCode: code, dismissed: true, divergence: { fields: [], portalHasDossier: true } });
    expect(dismissed.body.divergence.duplicatedSteps).toBeGreaterThan(0);
    expect(dismissed.body.ledgerRecordId).toMatch(/\S/);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ dossierCode: code, dismissed: false, dismissedAt: null, divergence: null });
    expect((await stuck('kind=divergences')).divergences.map((d: { dossierCode: string }) => d.dossierCode)).not.toContain(code);
    expect((await call(url, 'GET', '/v1/ops/overview', { key: reader })).body.stuck.divergences).toBe(0);
    const timeline = (await call(url, 'GET', `/v1/ops/dossiers/${code}/timeline`, { key: reader })).body;
    const finding = timeline.entries.find((e: { kind: string }) => e.kind === 'verification');
    expect(finding).toMatchObject({ partner: 'portal', outcome: 'rejected' });
    expect(finding.summary).toMatch(/steps duplicated .*\(dismissed by /);
    const action = timeline.entries.find((e: { ledgerRecordId: string | null }) => e.ledgerRecordId === dismissed.body.ledgerRecordId);
    expect(action).toMatchObject({ kind: 'operator-action', partner: 'operator' });
    expect(action.summary).toContain('dismiss-divergence by twin-operator');
    expect(action.summary).toContain('ticket 4711');
    expect(action.summary).not.toContain('nothing to dismiss');
    // The second dismissal found nothing listed: its record says so, unlike the one that took effect.
    const noop = timeline.entries.find((e: { ledgerRecordId: string | null }) => e.ledgerRecordId === again.body.ledgerRecordId);
    expect(noop).toMatchObject({ kind: 'operator-action', partner: 'operator' });
    expect(noop.summary).toContain('dismiss-divergence by twin-operator (nothing to dismiss): asked again:');
    expect(timeline.entries.filter((e: { summary: string }) => e.summary.includes('\u0000'))).toEqual([]);
  });

  it('lets ops:read read and not act, ops:write act and not read, and a city key do neither', async () => {
    // Prepare
    const writer = await fixture.keyWith('ops:write');
    const cityKey = await fixture.keyWith('dossiers:read', 'dossiers:write', 'payments:read', 'payments:write');
    const reads = ['/v1/ops/overview', '/v1/ops/stuck', '/v1/ops/dossiers/H29-KIND-DOS/timeline'];
    const actions: [string, unknown][] = [
      ['/v1/ops/queues/portalSync/redrive', { max: 1 }],
      ['/v1/ops/resync', { codes: ['H29-KIND-DOS'], dryRun: true }],
      ['/v1/ops/events/evt-none/redeliver', undefined],
      ['/v1/ops/dossiers/H29-KIND-DOS/verify', undefined],
      ['/v1/ops/dossiers/H29-KIND-DOS/dismiss', { reason: 'scope check' }],
    ];

    // Act / Assess
    for (const path of reads) {
      expect((await call(url, 'GET', path, { key: reader })).status, path).toBe(200);
      expect((await call(url, 'GET', path, { key: writer })).status, path).toBe(403);
      expect((await call(url, 'GET', path, { key: cityKey })).status, path).toBe(403);
    }
    for (const [path, body] of actions) {
      expect((await call(url, 'POST', path, { key: reader, body })).status, path).toBe(403);
      expect((await call(url, 'POST', path, { key: cityKey, body })).status, path).toBe(403);
      expect([200, 404], path).toContain((await call(url, 'POST', path, { key: writer, body })).status);
    }
  });
});
