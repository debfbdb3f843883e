import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { PortalSyncMessage } from '../../contracts/messages/portal-sync';
import { sqsClient } from './aws-clients';
import { queueUrl } from './resource-names';

/** Asks the portal-sync worker to bring the portal up to date with a dossier. */
export async function enqueuePortalSync(message: PortalSyncMessage): Promise<void> {
  await sqsClient().send(
    new SendMessageCommand({
      QueueUrl: queueUrl('portalSync'),
      MessageBody: JSON.stringify(message),
    }),
  );
}
