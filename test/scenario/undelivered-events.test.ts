import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStandardWebhook } from '../../functions/core/partners/standard-webhooks';
import { queues } from '../../infra/topology/resources';
import type { TwinFixture } from '../support/twin-fixture';
import { call, eventually, startTestTwin } from '../support/twin-fixture';

/**
 * Nothing accepted stays undelivered (DESIGN.md §6): an event whose queue message was lost —
 * never queued (the queue failed), or queued and then lost — is found by the event sweeper, or
 * re-queued by the portal's resend, and reaches the city exactly once. Waits are on explicit
 * signals (the sweeper's report, the event's status), never sleeps.
 */
let fixture: TwinFixture;
let gateway: string;
let city: string;
let reader: string;
let secret: string;
let sqs: SQSClient;

beforeAll(async () => {
  fixture = await startTestTwin({ functionEnvironment: { CITY_DELIVERY_RETRY_SCHEDULE: '1,1,1,1,1,1,1,1,1,1', EVENT_SWEEP_STALE_SECONDS: '1' } });
  gateway = fixture.twin.gatewayUrl;
  city = fixture.twin.simulators.city!;
  reader = await fixture.keyWith('deliveries:read');
  secret = (JSON.parse(process.env.PORTAL_CALLBACK_SECRETS ?? '[]') as string[])[0]!;
  sqs = new SQSClient({ endpoint: fixture.twin.sqsEndpoint });
});
afterAll(async () => {
  sqs.destroy();
  await fixture.stop();
});

const ratedBody = (dossierCode: string) =>
  JSON.stringify({ type: 'dossier.rated', timestamp: new Date().toISOString(), data: { dossierCode, score: 4, ratedAt: new Date().toISOString() } });
const postCallback = (id: string, body: string) =>
  call(gateway, 'POST', '/v1/portal/callbacks', { rawBody: body, headers: { 'content-type': 'application/json', ...signStandardWebhook(secret, id, body) } });
const delivery = async (eventId: string) => (await call(gateway, 'GET', `/v1/deliveries/${eventId}`, { key: reader })).body;
const timesReceivedAtCity = async (eventId: string) =>
  ((await (await fetch(`${city}/_inspect/deliveries`)).json()) as { deliveries: { id: string; timesReceived: number }[] }).deliveries.find((d) => d.id === eventId)
    ?.timesReceived ?? 0;

/**
 * Accepts callbacks while the city-delivery queue is gone: each is stored, its message lost
 * (the intake answers 503). `lostAfterQueueing` ones are then marked queued, as if the message had
 * been sent and lost afterwards (a lost queue message).
 */
async function storeWithLostMessages(events: { id: string; body: string; lostAfterQueueing: boolean }[]): Promise<void> {
  const queueUrl = fixture.twin.queueUrls.cityDelivery.main;
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }));
  await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
  try {
    for (const event of events) expect((await postCallback(event.id, event.body)).status).toBe(503);
  } finally {
    await sqs.send(
      new CreateQueueCommand({
        QueueName: queues.cityDelivery.localName,
        Attributes: { VisibilityTimeout: Attributes?.VisibilityTimeout ?? '720', RedrivePolicy: Attributes?.RedrivePolicy ?? '' },
      }),
    );
  }
  const { markEvent } = await import('../../functions/adapters/events/event-store');
  for (const event of events) if (event.lostAfterQueueing) await markEvent(event.id, 'queued');
  for (const event of events) expect((await delivery(event.id)).status).toBe(event.lostAfterQueueing ? 'queued' : 'received');
}

describe('events whose message was lost', () => {
  it('are found by the event sweeper and delivered once, whether never queued or queued and lost', async () => {
    const events = [
      { id: 'msg_lost_received', body: ratedBody('H29-UD-1'), lostAfterQueueing: false },
      { id: 'msg_lost_queued', body: ratedBody('H29-UD-2'), lostAfterQueueing: true },
    ];
    await storeWithLostMessages(events);

    // The sweep runs as its schedule would until it has found both (once they are a stale period old).
    let requeued = 0;
    await eventually(async () => {
      requeued += ((await fixture.twin.runSchedule('eventSweeper')) as { requeued: number }).requeued;
      expect(requeued).toBe(2);
    }, 20_000, 300);
    for (const { id } of events) {
      await eventually(async () => expect((await delivery(id)).status).toBe('delivered'), 20_000);
      expect(await timesReceivedAtCity(id)).toBe(1);
    }
    // Delivered events leave the sweeper's index: nothing more to find.
    expect(await fixture.twin.runSchedule('eventSweeper')).toMatchObject({ examined: 0 });
  });

  it('is queued again when the portal resends an event stuck in queued', async () => {
    const event = { id: 'msg_stuck_resent', body: ratedBody('H29-UD-3'), lostAfterQueueing: true };
    await storeWithLostMessages([event]);
    // The portal resends (same id, same body) until the gateway has delivered it; each resend is answered as a duplicate.
    await eventually(async () => {
      const resent = await postCallback(event.id, event.body);
      expect(resent).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
      expect((await delivery(event.id)).status).toBe('delivered');
    }, 20_000, 500);
    expect(await timesReceivedAtCity(event.id)).toBe(1);
  });

  it('heals a payment.completed event whose message was lost', async () => {
    const { storeEventOnce, markEvent } = await import('../../functions/adapters/events/event-store');
    const eventId = 'payment-LT261122UDPAY0001';
    const paidAt = new Date().toISOString();
    // What applyPaidEffects stores, after which the message was lost.
    await storeEventOnce({
      eventId,
      source: 'gateway',
      type: 'payment.completed',
      dossierCode: 'H29-UD-4',
      bodyHash: eventId,
      payload: {
        type: 'payment.completed',
        timestamp: paidAt,
        data: { dossierCode: 'H29-UD-4', paymentId: 'LT261122UDPAY0001', provider: 'paygov', amount: 8000, fees: [], paidAt, providerTransactionId: 'GD1' },
      },
      receivedAt: paidAt,
      status: 'received',
    });
    await markEvent(eventId, 'queued');
    await eventually(async () => {
      await fixture.twin.runSchedule('eventSweeper');
      expect((await delivery(eventId)).status).toBe('delivered');
    }, 20_000, 300);
    expect(await timesReceivedAtCity(eventId)).toBe(1);
  });
});
