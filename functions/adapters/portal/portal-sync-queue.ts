import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { PortalSyncMessage } from '../../../contracts/messages/portal-sync';
import { sqsClient } from '../aws/sqs-client';
import { queueUrl } from '../aws/resource-names';

/** Asks the portal-sync worker to bring the portal up to date with a dossier. */
export async function enqueuePortalSync(message: PortalSyncMessage): Promise<void> {
  await sqsClient().send(
    new SendMessageCommand({
      QueueUrl: queueUrl('portalSync'),
      MessageBody: JSON.stringify(message),
    }),
  );
}

/** Up to ten nudges per request (SQS's batch limit); returns the codes SQS did not accept. */
export async function enqueuePortalSyncBatch(messages: readonly PortalSyncMessage[]): Promise<string[]> {
  const rejected: string[] = [];
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    const { Failed = [] } = await sqsClient().send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl('portalSync'),
        Entries: chunk.map((message, index) => ({ Id: String(index), MessageBody: JSON.stringify(message) })),
      }),
    );
    for (const failure of Failed) rejected.push(chunk[Number(failure.Id)]?.dossierCode ?? '?');
  }
  return rejected;
}
