import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { CityDeliveryMessage } from '../../contracts/messages/city-delivery';
import { sqsClient } from './sqs-client';
import { queueUrl } from './resource-names';

export async function enqueueCityDelivery(message: CityDeliveryMessage): Promise<void> {
  await sqsClient().send(new SendMessageCommand({ QueueUrl: queueUrl('cityDelivery'), MessageBody: JSON.stringify(message) }));
}
