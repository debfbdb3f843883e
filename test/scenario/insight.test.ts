import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insightCommands } from '../../infra/cli/ops/insight';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { call, eventually, startTestTwin, type TwinFixture } from '../support/twin-fixture';

/**
 * The insight feature end to end on the twin: snapshots through the public API, the insight
 * worker on its queue, alerts delivered to the city simulator, scorecards and the at-risk list
 * read back over /v1/insight. Dates are relative to now: the clocks run on the real time.
 */

let fx: TwinFixture;
let key: string;
const unit = 'H29.99.00001';
const localDate = (offsetDays: number) => new Date(Date.now() + 7 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const localMonth = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 7);
/** yyyyMMddHHmmss in GMT+7, as the portal writes times. */
const portalTime = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);

beforeAll(async () => {
  // A lead of five working days: a due date tomorrow is "due soon" whatever time the test runs.
  fx = await startTestTwin({ functionEnvironment: { INSIGHT_DUE_SOON_LEAD_MINUTES: '2400' } });
  key = await fx.keyWith('dossiers:write', 'dossiers:read', 'insight:read');
}, 120_000);

afterAll(async () => {
  await fx?.stop();
});

const cityDeliveries = async (): Promise<{ id: string; type: string; dossierCode?: string }[]> =>
  (await call(fx.twin.simulators.city!, 'GET', '/_inspect/deliveries')).body.deliveries;

describe('insight on the twin', () => {
  it('a dossier pushed with a due date tomorrow produces one dossier.due_soon at the city, and GET shows the clocks', async () => {
    const dossier = sampleDossier({
      handlingUnit: { code: unit, name: 'Phường thử nghiệm' },
      status: 'processing',
      submittedAt: minutesAgo(120),
      receivedAt: minutesAgo(60),
      dueAt: `${localDate(1)}T17:00:00+07:00`,
    });
    expect((await call(fx.twin.gatewayUrl, 'PUT', '/v1/dossiers/INS-DUE-1', { key, body: dossier })).status).toBe(202);
    const delivered = await eventually(async () => {
      const found = (await cityDeliveries()).filter((d) => d.type === 'dossier.due_soon' && d.dossierCode === 'INS-DUE-1');
      expect(found).toHaveLength(1);
      return found[0]!;
    }, 30_000);
    expect(delivered.id).toMatch(/^insight-due_soon-INS-DUE-1-/);

    // A resend of the same snapshot raises nothing new.
    expect((await call(fx.twin.gatewayUrl, 'PUT', '/v1/dossiers/INS-DUE-1', { key, body: dossier })).status).toBe(202);
    await fx.twin.runSchedule('insightDeadlines');

    const view = await call(fx.twin.gatewayUrl, 'GET', '/v1/dossiers/INS-DUE-1', { key });
    expect(view.status).toBe(200);
    expect(view.body.deadlines.processing).toMatchObject({ state: 'running', cityDueAt: `${localDate(1)}T17:00:00+07:00` });
    expect(view.body.deadlines.calendarVersion).toBe(1);
    expect((await cityDeliveries()).filter((d) => d.type === 'dossier.due_soon' && d.dossierCode === 'INS-DUE-1')).toHaveLength(1);
  });

  it('an online dossier unreceived for more than a working day appears under slow reception, with reasons and points', async () => {
    // Five days back may be last month (early in a month): every read names the submission's month.
    const submittedAt = new Date(Date.now() - 5 * 86_400_000).toISOString();
    const period = localMonth(submittedAt);
    const sameMonthAsDueSoon = period === localMonth(minutesAgo(60));
    const dossier = sampleDossier({
      handlingUnit: { code: unit, name: 'Phường thử nghiệm' },
      status: 'submitted',
      submittedAt,
      receivedAt: undefined,
      dueAt: undefined,
    });
    expect((await call(fx.twin.gatewayUrl, 'PUT', '/v1/dossiers/INS-SLOW-1', { key, body: dossier })).status).toBe(202);
    const risk = await eventually(async () => {
      const answer = await call(fx.twin.gatewayUrl, 'GET', `/v1/insight/units/${unit}/at-risk?period=${period}`, { key });
      expect(answer.status).toBe(200);
      const slow = answer.body.dossiers.find((d: { dossierCode: string }) => d.dossierCode === 'INS-SLOW-1');
      expect(slow).toBeDefined();
      return slow;
    }, 30_000);
    expect(risk.reasons.map((r: { reason: string }) => r.reason)).toContain('slow_reception');
    await eventually(async () => expect((await cityDeliveries()).some((d) => d.type === 'dossier.reception_late' && d.dossierCode === 'INS-SLOW-1')).toBe(true), 30_000);

    const card = await call(fx.twin.gatewayUrl, 'GET', `/v1/insight/scorecard?unit=${unit}&period=${period}`, { key });
    expect(card.status).toBe(200);
    // The due-soon dossier (received an hour ago) counts in the same month only when the month has not turned since.
    expect(card.body.counters).toMatchObject(sameMonthAsDueSoon ? { dossiers: 2, received: 1, slowReception: 1 } : { dossiers: 1, received: 0, slowReception: 1 });
    expect(card.body.groups.map((g: { id: string }) => g.id)).toEqual(['transparency', 'progress', 'online', 'payment', 'digitisation', 'satisfaction']);

    const trend = await call(fx.twin.gatewayUrl, 'GET', `/v1/insight/trend?unit=${unit}`, { key });
    expect(trend.body.months).toHaveLength(12);
    expect(trend.body.months.at(-1)).toMatchObject({ received: 1 });
    const riskCsv = await call(fx.twin.gatewayUrl, 'GET', `/v1/insight/units/${unit}/at-risk?format=csv&period=${period}`, { key });
    expect(riskCsv.text.split('\r\n')[0]).toBe('dossierCode,procedure,month,dueAt,kind,pointsAtStake,reasons');
    expect(riskCsv.text).toContain('INS-SLOW-1');

    const csv = await call(fx.twin.gatewayUrl, 'GET', `/v1/insight/units?format=csv&period=${period}`, { key });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toMatch(/^unit,name,score,/);
    expect(csv.text).toContain(unit);
  });

  it('an online dossier submitted on the portal but never stored by the city appears under slow reception (the gateway saw the portal submission)', async () => {
    const submittedAt = new Date(Date.now() - 5 * 86_400_000).toISOString();
    const sent = (await (
      await fetch(`${fx.twin.simulators.portal!}/_actions/submit`, {
        method: 'POST',
        body: JSON.stringify({ dossierCode: 'INS-PORTAL-1', overrides: { NgayNopHoSo: portalTime(submittedAt), DonViXuLy: 'Phường thử nghiệm' } }),
      })
    ).json()) as { status: number };
    expect(sent.status).toBe(202);
    // The city never stores it: the gateway has no dossier, only the relayed submission.
    expect((await call(fx.twin.gatewayUrl, 'GET', '/v1/dossiers/INS-PORTAL-1', { key })).status).toBe(404);
    const risk = await eventually(async () => {
      // The unit code comes from the name the city's own snapshots gave it (INS-DUE-1, INS-SLOW-1).
      const answer = await call(fx.twin.gatewayUrl, 'GET', `/v1/insight/units/${unit}/at-risk?period=${localMonth(submittedAt)}`, { key });
      const found = answer.body.dossiers.find((d: { dossierCode: string }) => d.dossierCode === 'INS-PORTAL-1');
      expect(found).toBeDefined();
      return found;
    }, 30_000);
    expect(risk.reasons.map((r: { reason: string }) => r.reason)).toEqual(['slow_reception']);
    await eventually(async () => {
      const alerts = (await cityDeliveries()).filter((d) => d.type === 'dossier.reception_late' && d.dossierCode === 'INS-PORTAL-1');
      expect(alerts).toHaveLength(1);
    }, 30_000);
    // A resent callback changes nothing: still one alert, the dossier counted once.
    await fetch(`${fx.twin.simulators.portal!}/_actions/resend`, { method: 'POST', body: JSON.stringify({ webhookId: (sent as unknown as { webhookId: string }).webhookId }) });
    await fx.twin.runSchedule('insightDeadlines');
    const card = await call(fx.twin.gatewayUrl, 'GET', `/v1/insight/scorecard?unit=${unit}&period=${localMonth(submittedAt)}`, { key });
    expect(card.body.counters.slowReception).toBeGreaterThanOrEqual(1);
    expect((await cityDeliveries()).filter((d) => d.type === 'dossier.reception_late' && d.dossierCode === 'INS-PORTAL-1')).toHaveLength(1);
  });

  it("reconciles the shadow progress with the portal's published figures", async () => {
    const month = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 7);
    // The portal has the received dossier once the sync has gone through.
    await eventually(async () => expect((await call(fx.twin.simulators.portal!, 'GET', '/_inspect/dossiers/INS-DUE-1')).status).toBe(200), 30_000);
    const before = await call(fx.twin.gatewayUrl, 'GET', `/v1/insight/reconciliation?period=${month}`, { key });
    expect(before.body.pulledAt).toBeNull();
    await fx.twin.runSchedule('insightReconciler');
    const answer = await call(fx.twin.gatewayUrl, 'GET', `/v1/insight/reconciliation?period=${month}`, { key });
    expect(answer.status).toBe(200);
    expect(answer.body.pulledAt).not.toBeNull();
    const row = answer.body.units.find((u: { unitKey: string | null }) => u.unitKey === unit);
    expect(row.official).toMatchObject({ received: 1 });
    expect(row.shadow).toMatchObject({ received: 1 });
    expect(row.difference.received).toBe(0);
    expect(row.indicators.map((i: { id: string }) => i.id)).toEqual(['1.4', '2.1', '3.3', '3.6', '4.1', '4.2', '4.4', '4.6', '5.4']);
    expect(row.indicators.find((i: { id: string }) => i.id === '2.1')).toMatchObject({ shadow: { denominator: 1 }, official: { denominator: 1 } });
    expect((await call(fx.twin.gatewayUrl, 'GET', '/v1/insight/reconciliation?period=2026', { key })).status).toBe(422);
  });

  it('explains a difference with the simulated official score, per indicator, with the dossiers behind it', async () => {
    // Received ten days ago and pushed only now, without a due date: the gateway judges it against
    // the calendar (3 working days: overdue), the portal has no NgayHenTra (on time), and the
    // portal times the sync from NgayTiepNhan (late) where the gateway times it from the push.
    const recUnit = 'H29.99.00002';
    const receivedAt = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const dossier = sampleDossier({ handlingUnit: { code: recUnit, name: 'Phường đối soát' }, status: 'processing', submittedAt: receivedAt, receivedAt, dueAt: undefined });
    expect((await call(fx.twin.gatewayUrl, 'PUT', '/v1/dossiers/INS-REC-1', { key, body: dossier })).status).toBe(202);
    const period = localMonth(receivedAt);
    await eventually(async () => expect((await call(fx.twin.simulators.portal!, 'GET', '/_inspect/dossiers/INS-REC-1')).status).toBe(200), 30_000);
    await eventually(async () => {
      const card = await call(fx.twin.gatewayUrl, 'GET', `/v1/insight/scorecard?unit=${recUnit}&period=${period}`, { key });
      expect(card.body.counters).toMatchObject({ received: 1, overdue: 1, syncedOnTime: 1 });
    }, 30_000);
    // The citizen rates it 1 on the portal: relayed to the city, and counted by the gateway too.
    await fetch(`${fx.twin.simulators.portal!}/_actions/rate`, { method: 'POST', body: JSON.stringify({ dossierCode: 'INS-REC-1', score: 1 }) });
    await eventually(async () => {
      const atRisk = await call(fx.twin.gatewayUrl, 'GET', `/v1/insight/units/${recUnit}/at-risk?period=${period}`, { key });
      const entry = atRisk.body.dossiers.find((d: { dossierCode: string }) => d.dossierCode === 'INS-REC-1');
      expect(entry.reasons.map((r: { reason: string }) => r.reason)).toEqual(['overdue', 'negative_rating']);
    }, 30_000);
    await fx.twin.runSchedule('insightReconciler');
    const answer = await call(fx.twin.gatewayUrl, 'GET', `/v1/insight/reconciliation?period=${period}`, { key });
    const row = answer.body.units.find((u: { unitKey: string | null }) => u.unitKey === recUnit);
    // Both sides count it dissatisfied (the gateway: overdue and rated 1; the portal: rated 1).
    expect(row.indicators.find((i: { id: string }) => i.id === '5.4')).toMatchObject({ shadow: { numerator: 0 }, official: { numerator: 0 }, difference: { score: 0 } });
    const progress = row.indicators.find((i: { id: string }) => i.id === '2.1');
    expect(progress).toMatchObject({ shadow: { numerator: 0, denominator: 1, score: 0 }, official: { numerator: 1, denominator: 1, score: 20 }, difference: { numerator: 1, denominator: 0, score: 20 } });
    expect(progress.dossiers).toEqual(['INS-REC-1']);
    expect(progress.explanations.join(' ')).toMatch(/NgayHenTra/);
    const sync = row.indicators.find((i: { id: string }) => i.id === '1.4');
    expect(sync).toMatchObject({ shadow: { numerator: 1, score: 6 }, official: { numerator: 0, score: 0 }, difference: { score: -6 } });
    expect(sync.explanations.join(' ')).toMatch(/portal times a sync by its own clock/);
    expect(row.scoreDifference).not.toBe(0);

    // The same through the CLI (`npm run ops -- insight reconciliation`).
    const lines: string[] = [];
    const code = await insightCommands.commands.reconciliation!.run({
      values: { period, unit: recUnit, url: fx.twin.gatewayUrl, key },
      positionals: [],
      target: undefined as never,
      out: (line) => lines.push(line),
    });
    expect(code).toBe(0);
    const printed = lines.join('\n');
    expect(printed).toMatch(/2\.1 Dossiers handled on time\s+\+20 pts/);
    expect(printed).toContain('dossiers: INS-REC-1');
  });

  it('refuses a key without insight:read and a malformed period', async () => {
    const writer = await fx.keyWith('dossiers:write');
    expect((await call(fx.twin.gatewayUrl, 'GET', '/v1/insight/scorecard', { key: writer })).status).toBe(403);
    expect((await call(fx.twin.gatewayUrl, 'GET', '/v1/insight/scorecard?period=2026-13', { key })).status).toBe(422);
    const calendar = await call(fx.twin.gatewayUrl, 'GET', '/v1/insight/calendar', { key });
    expect(calendar.body.years.map((y: { year: number }) => y.year)).toEqual([2025, 2026, 2027]);
  });
});
