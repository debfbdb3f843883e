import { ChangeMessageVisibilityCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { QueueKey } from '../../../contracts/platform/resources';
import { sqsClient } from './sqs-client';
import { queueUrl } from './resource-names';

/** SQS caps visibility at 12 hours from the receive; leave room for the time already spent. */
const maxVisibilitySeconds = 11 * 60 * 60;

/** Makes a received message reappear after `seconds`: the backoff of DESIGN.md §6. */
export async function delayRedelivery(queue: QueueKey, record: SQSRecord, seconds: number): Promise<void> {
  await sqsClient().send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: queueUrl(queue),
      ReceiptHandle: record.receiptHandle,
      VisibilityTimeout: Math.min(maxVisibilitySeconds, Math.max(0, Math.round(seconds))),
    }),
  );
}

/**
 * Copies a message to the queue's DLQ with the reason as attributes, for an operator to read and
 * redrive. The caller then lets the original be deleted (reports it as processed).
 */
export async function sendToDeadLetter(queue: QueueKey, record: SQSRecord, reasonCode: string, reason: string): Promise<void> {
  await sqsClient().send(
    new SendMessageCommand({
      QueueUrl: queueUrl(queue, 'deadLetter'),
      MessageBody: record.body,
      MessageAttributes: {
        failureCode: { DataType: 'String', StringValue: reasonCode },
        failureReason: { DataType: 'String', StringValue: reason.slice(0, 1000) || reasonCode },
        originalMessageId: { DataType: 'String', StringValue: record.messageId },
        failedAt: { DataType: 'String', StringValue: new Date().toISOString() },
        receiveCount: { DataType: 'Number', StringValue: record.attributes.ApproximateReceiveCount || '1' },
      },
    }),
  );
}
