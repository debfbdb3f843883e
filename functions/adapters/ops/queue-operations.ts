import type { Message } from '@aws-sdk/client-sqs';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import type { QueueKey } from '../../../contracts/platform/resources';
import { sqsClient } from '../aws/sqs-client';
import { queueUrl } from '../aws/resource-names';

/** SQS's receive and batch limit. */
const batch = 10;

export interface QueueCounts {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

export async function queueCounts(queue: QueueKey, which: 'main' | 'deadLetter'): Promise<QueueCounts> {
  const { Attributes = {} } = await sqsClient().send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl(queue, which),
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  return {
    visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
  };
}

/** A dead letter as the worker left it: the original body and the reason as attributes. */
export interface DeadLetterMessage {
  readonly messageId: string;
  readonly body: string;
  readonly failureCode?: string;
  readonly failureReason?: string;
  readonly failedAt?: string;
  readonly sentAt?: string;
}

/**
 * Reads up to `max` dead letters without consuming them: each is received (hidden for a moment)
 * and released again at once. Nothing else reads a DLQ, so a peek disturbs no worker.
 */
export async function peekDeadLetters(queue: QueueKey, max: number): Promise<DeadLetterMessage[]> {
  const seen = new Map<string, Message>();
  try {
    await receiveUnseen(queue, max, seen, 30);
  } finally {
    await release(queue, [...seen.values()]);
  }
  return [...seen.values()].map(toDeadLetter);
}

export interface RedriveOptions {
  readonly matches: (message: DeadLetterMessage) => boolean;
  readonly ratePerSecond: number;
  readonly max: number;
  /** Stop by this time (epoch ms) and report the rest as remaining. */
  readonly deadline: number;
}

/**
 * Moves matching dead letters back to their queue, one at a time at the given rate: send the
 * original body, then delete it from the DLQ (a crash in between leaves a duplicate nudge, which
 * every worker tolerates, never a lost one). Others are held hidden during the pass so each
 * message is looked at once, then released.
 */
export async function redriveDeadLetters(queue: QueueKey, options: RedriveOptions): Promise<{ moved: string[]; skipped: number }> {
  const held: Message[] = [];
  const moved: string[] = [];
  const interval = 1000 / options.ratePerSecond;
  let next = Date.now();
  try {
    while (moved.length < options.max && Date.now() < options.deadline) {
      const { Messages = [] } = await sqsClient().send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl(queue, 'deadLetter'),
          MaxNumberOfMessages: batch,
          VisibilityTimeout: 120,
          WaitTimeSeconds: 0,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['SentTimestamp'],
        }),
      );
      if (Messages.length === 0) break;
      for (const message of Messages) {
        const letter = toDeadLetter(message);
        if (moved.length >= options.max || Date.now() >= options.deadline || !options.matches(letter)) {
          held.push(message);
          continue;
        }
        const wait = next - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        next = Math.max(next, Date.now()) + interval;
        await sqsClient().send(new SendMessageCommand({ QueueUrl: queueUrl(queue), MessageBody: letter.body }));
        await sqsClient().send(
          new DeleteMessageBatchCommand({ QueueUrl: queueUrl(queue, 'deadLetter'), Entries: [{ Id: '0', ReceiptHandle: message.ReceiptHandle }] }),
        );
        moved.push(letter.messageId);
      }
    }
  } finally {
    await release(queue, held);
  }
  return { moved, skipped: held.length };
}

async function receiveUnseen(queue: QueueKey, max: number, seen: Map<string, Message>, visibilitySeconds: number): Promise<void> {
  while (seen.size < max) {
    const { Messages = [] } = await sqsClient().send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl(queue, 'deadLetter'),
        MaxNumberOfMessages: Math.min(batch, max - seen.size),
        VisibilityTimeout: visibilitySeconds,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['SentTimestamp'],
      }),
    );
    const fresh = Messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) return;
    for (const m of fresh) seen.set(m.MessageId!, m);
  }
}

async function release(queue: QueueKey, messages: readonly Message[]): Promise<void> {
  for (let i = 0; i < messages.length; i += batch) {
    const chunk = messages.slice(i, i + batch);
    await sqsClient()
      .send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl(queue, 'deadLetter'),
          Entries: chunk.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })),
        }),
      )
      // A message not released reappears by itself when its short visibility ends.
      .catch(() => undefined);
  }
}

function toDeadLetter(message: Message): DeadLetterMessage {
  const attribute = (name: string) => message.MessageAttributes?.[name]?.StringValue;
  const sent = message.Attributes?.SentTimestamp;
  return {
    messageId: message.MessageId ?? '',
    body: message.Body ?? '',
    failureCode: attribute('failureCode'),
    failureReason: attribute('failureReason'),
    failedAt: attribute('failedAt'),
    sentAt: sent ? new Date(Number(sent)).toISOString() : undefined,
  };
}
