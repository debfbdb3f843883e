import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStandardWebhook } from '../../functions/core/partners/standard-webhooks';
import { recentLedgerRecords } from '../support/ledger';
import type { TwinFixture } from '../support/twin-fixture';
import { call, startTestTwin } from '../support/twin-fixture';

/**
 * The ledger under load, on the twin: 64 writers at once and a flood of forged requests must
 * leave exactly one record per genuine exchange, and the forgeries counted apart.
 */
let fixture: TwinFixture;
let gateway: string;
let secret: string;

beforeAll(async () => {
  fixture = await startTestTwin({ functionEnvironment: { CITY_DELIVERY_RETRY_SCHEDULE: '1,1,1,1,1,1,1,1,1,1' } });
  gateway = fixture.twin.gatewayUrl;
  secret = (JSON.parse(process.env.PORTAL_CALLBACK_SECRETS ?? '[]') as string[])[0]!;
});
afterAll(() => fixture.stop());

/** Runs `task(i)` for i < total with at most `width` in flight. */
async function inParallel(total: number, width: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

async function refusedCount(partner: string, since: number): Promise<{ count: number; samplesPerMinute: number[] }> {
  const { readRefused } = await import('../../functions/adapters/ledger/ledger-refused-store');
  let count = 0;
  const samplesPerMinute: number[] = [];
  for (let t = since - (since % 60_000); t <= Date.now(); t += 60_000) {
    const minute = await readRefused(partner, new Date(t).toISOString().slice(0, 16));
    count += minute.count;
    samplesPerMinute.push(minute.samples.length);
  }
  return { count, samplesPerMinute };
}

describe('no lost record', () => {
  it('keeps every append of 64 concurrent writers', async () => {
    const { appendLedger } = await import('../../functions/adapters/ledger/ledger-store');
    const run = `load-${Date.now()}`;
    const perWriter = 20;
    const results = await Promise.all(
      Array.from({ length: 64 }, async (_, writer) => {
        const written = [];
        for (let i = 0; i < perWriter; i++) {
          written.push(
            await appendLedger({
              partner: 'identity',
              direction: 'outbound',
              operation: 'load',
              messageId: `${run}-${writer}-${i}`,
              requestHash: 'ab'.repeat(32),
              outcome: 'ok',
              durationMs: 1,
              at: new Date().toISOString(),
            }),
          );
        }
        return written;
      }),
    );
    expect(results.flat().every(Boolean)).toBe(true);
    const mine = (await recentLedgerRecords('identity')).filter((r) => r.messageId.startsWith(`${run}-`));
    expect(mine).toHaveLength(64 * perWriter);
    expect(new Set(mine.map((r) => r.messageId)).size).toBe(64 * perWriter);
  });

  it('records each of 64 concurrent genuine callbacks once while forged ones flood in, and counts every forgery apart', async () => {
    const since = Date.now();
    const run = `flood${Date.now()}`;
    const genuine = Array.from({ length: 64 }, (_, i) => `msg_${run}_${i}`);
    const forged = 200;
    const unsignedPaygov = 160;
    const body = (i: number) => JSON.stringify({ type: 'dossier.rated', timestamp: new Date().toISOString(), data: { dossierCode: `H29-LD-${i}`, score: 4, ratedAt: new Date().toISOString() } });
    const post = (path: string, raw: string, headers: Record<string, string>) =>
      call(gateway, 'POST', path, { rawBody: raw, headers: { 'content-type': 'application/json', ...headers } });

    const statuses: number[] = [];
    await Promise.all([
      inParallel(genuine.length, 64, async (i) => {
        const raw = body(i);
        statuses.push((await post('/v1/portal/callbacks', raw, signStandardWebhook(secret, genuine[i]!, raw))).status);
      }),
      inParallel(forged, 32, async (i) => {
        const raw = body(i);
        const wrong = `whsec_${Buffer.from('forger-forger-forger-forger-1234').toString('base64')}`;
        expect((await post('/v1/portal/callbacks', raw, signStandardWebhook(wrong, `msg_forged_${run}_${i}`, raw))).status).toBe(401);
      }),
      inParallel(unsignedPaygov, 32, async (i) => {
        const answer = await post('/v1/payments/callbacks/paygov', JSON.stringify({ MaThamChieu: `LT-FORGED-${i}`, SoTien: 1 }), {});
        expect(answer.status).toBe(200);
      }),
    ]);
    expect(statuses.every((s) => s === 202)).toBe(true);

    const inbound = (await recentLedgerRecords('portal')).filter((r) => r.direction === 'inbound' && r.messageId.includes(run));
    // Exactly one record per genuine exchange, none for a forgery.
    expect(inbound.map((r) => r.messageId).sort()).toEqual([...genuine].sort());
    expect(inbound.every((r) => r.outcome === 'ok' && r.httpStatus === 202)).toBe(true);

    const portalRefused = await refusedCount('portal', since);
    expect(portalRefused.count).toBe(forged);
    expect(Math.max(...portalRefused.samplesPerMinute)).toBeLessThanOrEqual(20);
    const paygovRefused = await refusedCount('payment', since);
    expect(paygovRefused.count).toBe(unsignedPaygov);
    expect((await recentLedgerRecords('payment')).filter((r) => r.subject?.startsWith('LT-FORGED-'))).toEqual([]);
  });
});
