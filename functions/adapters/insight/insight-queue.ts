import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { InsightMessage } from '../../../contracts/messages/insight';
import { logger } from '../../observability/logger';
import { queueUrl } from '../aws/resource-names';
import { sqsClient } from '../aws/sqs-client';

export async function enqueueInsight(message: InsightMessage): Promise<void> {
  await sqsClient().send(new SendMessageCommand({ QueueUrl: queueUrl('insight'), MessageBody: JSON.stringify(message) }));
}

/**
 * For the intake and sync paths: the scorecard must never block a city write or a portal
 * acknowledgement. A lost nudge leaves one dossier's contribution behind until its next change or
 * deadline check; the WARN line says which dossier (no alarm is wired to it yet).
 */
export async function nudgeInsight(message: InsightMessage): Promise<void> {
  try {
    await enqueueInsight(message);
  } catch (error) {
    logger.warn('insight nudge not sent', { dossierCode: message.dossierCode, origin: message.origin, error: (error as Error).message });
  }
}

/** Up to ten nudges per request (SQS's batch limit); returns the codes SQS did not accept. */
export async function enqueueInsightBatch(messages: readonly InsightMessage[]): Promise<string[]> {
  const rejected: string[] = [];
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    const { Failed = [] } = await sqsClient().send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl('insight'),
        Entries: chunk.map((message, index) => ({ Id: String(index), MessageBody: JSON.stringify(message) })),
      }),
    );
    for (const failure of Failed) rejected.push(chunk[Number(failure.Id)]?.dossierCode ?? '?');
  }
  return rejected;
}
