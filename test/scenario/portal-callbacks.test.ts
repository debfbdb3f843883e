import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signStandardWebhook } from '../../functions/core/partners/standard-webhooks';
import { waitForDrain } from '../support/drain';
import type { TwinFixture } from '../support/twin-fixture';
import { recentLedgerRecords } from '../support/ledger';
import { call, eventually, startTestTwin } from '../support/twin-fixture';

/**
 * Portal → city on the twin: the portal simulator signs and sends callbacks, the gateway
 * verifies, stores and queues them, the city-delivery worker delivers them to the city
 * simulator, which verifies the gateway's signature. Retries are shortened to one second.
 */
let fixture: TwinFixture;
let gateway: string;
let portal: string;
let city: string;
let reader: string;
let secret: string;

beforeAll(async () => {
  fixture = await startTestTwin({ functionEnvironment: { CITY_DELIVERY_RETRY_SCHEDULE: '1,1,1,1,1,1,1,1,1,1' } });
  ({ gatewayUrl: gateway } = fixture.twin);
  portal = fixture.twin.simulators.portal!;
  city = fixture.twin.simulators.city!;
  reader = await fixture.keyWith('deliveries:read');
  secret = (JSON.parse(process.env.PORTAL_CALLBACK_SECRETS ?? '[]') as string[])[0]!;
});
afterAll(() => fixture.stop());
beforeEach(() => setCityFaults({ down: false, errorRate: 0, rejectWith: null }));

async function setCityFaults(knobs: Record<string, unknown>) {
  const response = await fetch(`${city}/_faults`, { method: 'POST', body: JSON.stringify(knobs) });
  expect(response.status).toBe(200);
}
const portalAction = async (action: string, body: Record<string, unknown> = {}) =>
  (await fetch(`${portal}/_actions/${action}`, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<{
    webhookId: string;
    dossierCode: string;
    status: number;
    answer: Record<string, unknown>;
  }>;
const cityDeliveries = async () =>
  ((await (await fetch(`${city}/_inspect/deliveries`)).json()) as { deliveries: { id: string; type: string; timesReceived: number }[] }).deliveries;
const delivery = async (eventId: string) => call(gateway, 'GET', `/v1/deliveries/${eventId}`, { key: reader });

const ratedBody = (dossierCode: string, score = 4) =>
  JSON.stringify({ type: 'dossier.rated', timestamp: new Date().toISOString(), data: { dossierCode, score, ratedAt: new Date().toISOString() } });
const postCallback = (body: string | Buffer, headers: Record<string, string>) =>
  call(gateway, 'POST', '/v1/portal/callbacks', { rawBody: body, headers: { 'content-type': 'application/json', ...headers } });

describe('portal callbacks delivered to the city', () => {
  it('delivers a citizen’s online submission to the city in the canonical model', async () => {
    const sent = await portalAction('submit');
    expect(sent.status).toBe(202);
    const delivered = await eventually(async () => {
      const view = await delivery(sent.webhookId);
      expect(view.body.status).toBe('delivered');
      return view.body;
    });
    expect(delivered.attempts).toHaveLength(1);
    const atCity = (await (await fetch(`${city}/_inspect/deliveries/${sent.webhookId}`)).json()) as { body: { data: { dossier: Record<string, any> } } };
    expect(atCity.body.data.dossier).toMatchObject({
      dossierCode: sent.dossierCode,
      status: 'submitted',
      channel: 'online',
      applicant: { name: 'Võ Thị Sáu', identifiers: [{ kind: 'personal_id', number: '079303004567' }] },
      project06: { vneidVerified: true },
    });
    expect(JSON.stringify(atCity.body)).not.toMatch(/MaHoSo|ChuHoSo/);
  });

  it('holds events while the city is down and delivers each once when it returns', async () => {
    await setCityFaults({ down: true });
    const sent = await Promise.all([portalAction('withdraw', { dossierCode: 'H29-CB-1' }), portalAction('rate', { dossierCode: 'H29-CB-1', score: 2 })]);
    expect(sent.map((s) => s.status)).toEqual([202, 202]);
    await eventually(async () => {
      const view = await delivery(sent[0]!.webhookId);
      expect(view.body.attempts.length).toBeGreaterThanOrEqual(2);
      expect(view.body.attempts[0]).toMatchObject({ outcome: 'retryable', httpStatus: null });
    });
    await setCityFaults({ down: false });
    for (const { webhookId } of sent) {
      await eventually(async () => expect((await delivery(webhookId)).body.status).toBe('delivered'), 15_000);
    }
    const received = (await cityDeliveries()).filter((d) => sent.some((s) => s.webhookId === d.id));
    expect(received.map((d) => d.timesReceived)).toEqual([1, 1]);
  });

  it('processes a callback sent three times once', async () => {
    const first = await portalAction('supplement', { dossierCode: 'H29-CB-2' });
    const second = await portalAction('resend', { webhookId: first.webhookId });
    const third = await portalAction('resend', { webhookId: first.webhookId });
    expect([first.status, second.status, third.status]).toEqual([202, 200, 200]);
    expect(third.answer.outcome).toBe('duplicate');
    await eventually(async () => expect((await delivery(first.webhookId)).body.status).toBe('delivered'));
    // Whatever the resends queued has been worked off before counting.
    await waitForDrain(fixture.twin, 'cityDelivery', async () => true);
    expect((await delivery(first.webhookId)).body.attempts).toHaveLength(1);
    expect((await cityDeliveries()).find((d) => d.id === first.webhookId)?.timesReceived).toBe(1);
  });

  it('dead-letters an event the city refuses with 400, and shows why', async () => {
    await setCityFaults({ rejectWith: { status: 400, types: ['dossier.rated'] } });
    const sent = await portalAction('rate', { dossierCode: 'H29-CB-3', score: 1 });
    const failed = await eventually(async () => {
      const view = await delivery(sent.webhookId);
      expect(view.body.status).toBe('failed');
      return view.body;
    });
    expect(failed.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'rejected', httpStatus: 400, error: 'HTTP 400' })]);

    const sqs = new SQSClient({ endpoint: fixture.twin.sqsEndpoint });
    const dead = await eventually(async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: fixture.twin.queueUrls.cityDelivery.deadLetter, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }),
      );
      const mine = Messages.find((m) => JSON.parse(m.Body ?? '{}').eventId === sent.webhookId);
      expect(mine).toBeDefined();
      return mine!;
    });
    sqs.destroy();
    expect(dead.MessageAttributes?.failureCode?.StringValue).toBe('city-rejected-400');
  });
});

describe('bad callbacks are refused, recorded in the ledger, and never processed', () => {
  async function inboundLedger() {
    return (await recentLedgerRecords('portal')).filter((e) => e.direction === 'inbound');
  }

  /** Refused before authentication: counted and sampled apart, never in the portal's records. */
  async function refusedSamples() {
    const { readRefused } = await import('../../functions/adapters/ledger/ledger-refused-store');
    const minute = new Date().toISOString().slice(0, 16);
    const previous = new Date(Date.now() - 60_000).toISOString().slice(0, 16);
    return [...(await readRefused('portal', previous)).samples, ...(await readRefused('portal', minute)).samples];
  }

  async function expectRefused(response: Awaited<ReturnType<typeof call>>, status: number, reasonOrType: string, webhookId: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(JSON.stringify(response.body)).toContain(reasonOrType);
    // Refused before the signature verified (401; 413: too large to check) → apart from the portal's records.
    if (status === 401 || status === 413) {
      expect((await inboundLedger()).filter((e) => e.messageId === webhookId)).toEqual([]);
      expect((await refusedSamples()).filter((e) => e.sampleMessageId === webhookId).map((e) => e.outcome)).toContain('rejected');
    } else {
      expect((await inboundLedger()).filter((e) => e.messageId === webhookId).map((e) => e.outcome)).toContain('rejected');
    }
    expect((await delivery(webhookId)).status).toBe(404);
  }

  it('refuses a callback with no signature', async () => {
    await expectRefused(await postCallback(ratedBody('X'), { 'webhook-id': 'msg_nosig' }), 401, 'missing-headers', 'msg_nosig');
  });

  it('refuses a wrong signature', async () => {
    const other = `whsec_${Buffer.from('some-other-secret-32-bytes-long!').toString('base64')}`;
    const body = ratedBody('X');
    await expectRefused(await postCallback(body, signStandardWebhook(other, 'msg_wrong', body)), 401, 'bad-signature', 'msg_wrong');
  });

  it('refuses stale and future timestamps', async () => {
    const body = ratedBody('X');
    await expectRefused(await postCallback(body, signStandardWebhook(secret, 'msg_stale', body, new Date(Date.now() - 10 * 60_000))), 401, 'stale-timestamp', 'msg_stale');
    await expectRefused(await postCallback(body, signStandardWebhook(secret, 'msg_future', body, new Date(Date.now() + 10 * 60_000))), 401, 'future-timestamp', 'msg_future');
  });

  it('refuses a tampered body', async () => {
    const body = ratedBody('X', 5);
    await expectRefused(await postCallback(ratedBody('X', 1), signStandardWebhook(secret, 'msg_tamper', body)), 401, 'bad-signature', 'msg_tamper');
  });

  it('refuses a replayed id with a different body, keeping the first', async () => {
    const first = ratedBody('H29-RP-1', 5);
    expect((await postCallback(first, signStandardWebhook(secret, 'msg_replay', first))).status).toBe(202);
    const second = ratedBody('H29-RP-1', 1);
    const replay = await postCallback(second, signStandardWebhook(secret, 'msg_replay', second));
    expect(replay.status).toBe(409);
    expect(replay.body.type).toBe('urn:lienthong:problem:event-replayed');
    await eventually(async () => expect((await delivery('msg_replay')).body.status).toBe('delivered'));
    const atCity = (await (await fetch(`${city}/_inspect/deliveries/msg_replay`)).json()) as { body: { data: { score: number } } };
    expect(atCity.body.data.score).toBe(5);
    expect((await inboundLedger()).filter((e) => e.messageId === 'msg_replay').map((e) => e.httpStatus)).toEqual([202, 409]);
  });

  it('refuses an oversize body, malformed JSON and an unknown event type', async () => {
    const big = JSON.stringify({ type: 'dossier.rated', padding: 'x'.repeat(300 * 1024) });
    await expectRefused(await postCallback(big, signStandardWebhook(secret, 'msg_big', big)), 413, 'payload-too-large', 'msg_big');
    const broken = '{"type": "dossier.rated", ';
    await expectRefused(await postCallback(broken, signStandardWebhook(secret, 'msg_broken', broken)), 400, 'malformed-json', 'msg_broken');
    const unknown = JSON.stringify({ type: 'dossier.teleported', timestamp: new Date().toISOString(), data: {} });
    const answer = await postCallback(unknown, signStandardWebhook(secret, 'msg_unknown', unknown));
    await expectRefused(answer, 422, 'validation', 'msg_unknown');
    expect(answer.body.errors[0].path).toBe('/type');
  });
});
