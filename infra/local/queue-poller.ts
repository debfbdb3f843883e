import type { Message } from '@aws-sdk/client-sqs';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { FunctionKey } from '../topology/functions';
import { functionDefinitions } from '../topology/functions';
import type { LambdaRuntime } from './lambda-runtime';
import { embeddedServiceClientConfig } from './net';

/**
 * Plays the SQS event-source mapping: long-polls the queue with the function's batch size, runs
 * up to `maxConcurrency` batches at once, deletes what succeeded and leaves each reported
 * `batchItemFailures` record (or the whole batch, if the function throws) to reappear after its
 * visibility timeout — exactly the contract a Lambda with ReportBatchItemFailures has in AWS.
 */
export class QueuePoller {
  private running = true;
  private readonly loops: Promise<void>[] = [];
  private readonly client: SQSClient;
  private readonly trigger;

  constructor(
    private readonly runtime: LambdaRuntime,
    private readonly functionKey: FunctionKey,
    private readonly queueUrl: string,
    private readonly queueArn: string,
    endpoint: string,
    private readonly region: string,
    /** Shorter than AWS's 20 s so shutdown is prompt. */
    private readonly waitTimeSeconds = 1,
  ) {
    const trigger = functionDefinitions[functionKey].queueTrigger;
    if (!trigger) throw new Error(`${functionKey} has no queue trigger`);
    this.trigger = trigger;
    this.client = new SQSClient(embeddedServiceClientConfig(endpoint, region));
  }

  start(): void {
    for (let i = 0; i < this.trigger.maxConcurrency; i++) this.loops.push(this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.allSettled(this.loops);
    this.client.destroy();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        const { Messages = [] } = await this.client.send(
          new ReceiveMessageCommand({
            QueueUrl: this.queueUrl,
            MaxNumberOfMessages: Math.min(10, this.trigger.batchSize),
            WaitTimeSeconds: this.waitTimeSeconds,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        if (Messages.length > 0 && this.running) await this.deliver(Messages);
      } catch (error) {
        if (!this.running) return;
        console.error(`[twin] ${this.functionKey} poller error`, (error as Error).message);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async deliver(messages: Message[]): Promise<void> {
    const event: SQSEvent = { Records: messages.map((m) => this.toRecord(m)) };
    let failed: Set<string>;
    try {
      const result = await this.runtime.invoke<SQSBatchResponse | undefined>(this.functionKey, event);
      failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      console.error(`[twin] ${this.functionKey} failed the whole batch`, (error as Error).message);
      failed = new Set(messages.map((m) => m.MessageId ?? ''));
    }
    const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
    if (done.length === 0) return;
    await this.client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: this.queueUrl,
        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }

  private toRecord(message: Message): SQSRecord {
    const attributes = message.Attributes ?? {};
    const messageAttributes: SQSMessageAttributes = {};
    for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
      messageAttributes[name] = {
        dataType: value.DataType ?? 'String',
        stringValue: value.StringValue,
        binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : undefined,
        stringListValues: [],
        binaryListValues: [],
      };
    }
    return {
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes: {
        ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
        SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
        SenderId: attributes.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes,
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.queueArn,
      awsRegion: this.region,
    };
  }
}
