import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { platformLimits } from '../../../contracts/platform/limits';
import type { CityDeliveryMessage } from '../../../contracts/messages/city-delivery';
import { sqsClient } from '../aws/sqs-client';
import { queueUrl } from '../aws/resource-names';

export async function enqueueCityDelivery(message: CityDeliveryMessage): Promise<void> {
  await sqsClient().send(new SendMessageCommand({ QueueUrl: queueUrl('cityDelivery'), MessageBody: JSON.stringify(message) }));
}

/** Up to ten deliveries per request (SQS's batch limit); returns the event ids SQS did not accept. */
export async function enqueueCityDeliveryBatch(messages: readonly CityDeliveryMessage[]): Promise<string[]> {
  const rejected: string[] = [];
  const perRequest = platformLimits.sqsBatchEntries;
  for (let i = 0; i < messages.length; i += perRequest) {
    const chunk = messages.slice(i, i + perRequest);
    const { Failed = [] } = await sqsClient().send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl('cityDelivery'),
        Entries: chunk.map((message, index) => ({ Id: String(index), MessageBody: JSON.stringify(message) })),
      }),
    );
    for (const failure of Failed) rejected.push(chunk[Number(failure.Id)]?.eventId ?? '?');
  }
  return rejected;
}
