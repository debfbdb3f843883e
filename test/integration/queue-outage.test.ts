import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { queues } from '../../infra/topology/resources';
import type { TwinFixture } from '../support/twin-fixture';
import { call, startTestTwin } from '../support/twin-fixture';

let fixture: TwinFixture;
let sqs: SQSClient;

beforeAll(async () => {
  fixture = await startTestTwin();
  sqs = new SQSClient({ endpoint: fixture.twin.sqsEndpoint });
});
afterAll(async () => {
  sqs.destroy();
  await fixture.stop();
});

describe('when the portal-sync queue is unavailable', () => {
  it('answers 503 (never 2xx), keeps the write, and a resend after recovery is queued', async () => {
    const { gatewayUrl, apiKey, queueUrls } = fixture.twin;
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrls.portalSync.main, AttributeNames: ['All'] }));
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrls.portalSync.main }));

    const during = await call(gatewayUrl, 'PUT', '/v1/dossiers/H29-OUT-1', { key: apiKey, body: sampleDossier() });
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('2');
    expect(during.body.type).toBe('urn:lienthong:problem:dependency-unavailable');
    // Storage came first: the snapshot is there, just not yet queued.
    expect((await call(gatewayUrl, 'GET', '/v1/dossiers/H29-OUT-1', { key: apiKey })).status).toBe(200);

    await sqs.send(
      new CreateQueueCommand({
        QueueName: queues.portalSync.localName,
        Attributes: { VisibilityTimeout: Attributes?.VisibilityTimeout ?? '180', RedrivePolicy: Attributes?.RedrivePolicy ?? '' },
      }),
    );
    const after = await call(gatewayUrl, 'PUT', '/v1/dossiers/H29-OUT-1', { key: apiKey, body: sampleDossier() });
    expect(after.status).toBe(202);
    expect(after.body.outcome).toBe('unchanged');
  });
});
