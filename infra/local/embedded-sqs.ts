import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { QueueKey } from '../topology/resources';
import { queues } from '../topology/resources';
import { startEmbeddedServiceThread } from './embedded-thread';
import { embeddedServiceClientConfig } from './net';

export interface QueueUrls {
  readonly main: string;
  readonly deadLetter: string;
}

export interface EmbeddedSqs {
  readonly endpoint: string;
  readonly queueUrls: Record<QueueKey, QueueUrls>;
  readonly stop: () => Promise<void>;
}

/**
 * local-aws-sqs (SQS JSON protocol) on its own thread of this process, with every queue, its DLQ
 * and redrive policy from the topology. Messages live in memory: a restart loses what was queued,
 * which the sweeper heals because sync state lives in DynamoDB. Known deviation:
 * ChangeMessageVisibility also bumps ApproximateReceiveCount, so receive counts run high here.
 */
export async function startEmbeddedSqs(region: string): Promise<EmbeddedSqs> {
  const service = await startEmbeddedServiceThread('sqs', { region });
  const endpoint = `http://127.0.0.1:${service.port}`;
  const client = new SQSClient(embeddedServiceClientConfig(endpoint, region));
  try {
    const queueUrls = {} as Record<QueueKey, QueueUrls>;
    for (const [key, queue] of Object.entries(queues) as [QueueKey, (typeof queues)[QueueKey]][]) {
      const deadLetter = await createQueue(client, queue.deadLetter.localName, {
        MessageRetentionPeriod: String(queue.deadLetter.retentionDays * 86_400),
      });
      const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: deadLetter, AttributeNames: ['QueueArn'] }));
      const main = await createQueue(client, queue.localName, {
        VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(queue.retentionDays * 86_400),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: queue.maxReceiveCount }),
      });
      queueUrls[key] = { main, deadLetter };
    }
    return { endpoint, queueUrls, stop: service.stop };
  } catch (error) {
    await service.stop();
    throw error;
  } finally {
    client.destroy();
  }
}

async function createQueue(client: SQSClient, name: string, attributes: Record<string, string>): Promise<string> {
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (!QueueUrl) throw new Error(`local SQS returned no URL for ${name}`);
  return QueueUrl;
}
