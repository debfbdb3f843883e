import type { Message } from '@aws-sdk/client-sqs';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { FunctionKey } from '../topology/functions';
import { functionDefinitions } from '../topology/functions';
import type { LambdaRuntime } from './lambda-runtime';
import { embeddedServiceClientConfig } from './net';

/**
 * Plays the SQS event-source mapping of a function with ReportBatchItemFailures, with its numbers
 * from infra/topology/functions.ts:
 * - batch size and batching window: a batch is handed over when it holds `batchSize` records or
 *   `maxBatchingWindowSeconds` after its first record arrived, whichever comes first;
 * - maximum concurrency: at most `maxConcurrency` batches in flight, each in its own container of
 *   the function's pool (whose limit is the same number), so no two batches share module state;
 * - the outcome: records not named in `batchItemFailures` are deleted; the failed ones (or the
 *   whole batch, if the invocation fails, times out, or names a record that is not in the batch)
 *   stay and reappear after their visibility timeout — exactly the contract AWS applies.
 */
export class QueuePoller {
  private running = false;
  private readonly loops: Promise<void>[] = [];
  private readonly client: SQSClient;
  private readonly trigger;
  private inFlight = 0;
  private finishReceived = false;
  private receives = 0;
  /** Called after each batch is settled (see onBatchSettled). */
  private readonly settledListeners = new Set<() => void>();

  constructor(
    private readonly runtime: LambdaRuntime,
    readonly functionKey: FunctionKey,
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

  /** Whether the mapping polls (started and neither disabled nor stopped). */
  get enabled(): boolean {
    return this.running;
  }

  /** Batches handed to the function and not yet finished (deleted or left to reappear). */
  get batchesInFlight(): number {
    return this.inFlight;
  }

  /**
   * ReceiveMessage calls answered so far (empty long polls included): how many chances the
   * mapping has had to take a message. A disabled mapping makes none; tests compare a mapping's
   * count with an enabled one's instead of waiting out a period.
   */
  get receivesCompleted(): number {
    return this.receives;
  }

  /**
   * Calls `listener` after every batch the function has settled (deleted or left to reappear):
   * the signal a test waits on for the worker's next step, instead of a timer. Returns the
   * unsubscribe function.
   */
  onBatchSettled(listener: () => void): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  start(): void {
    this.running = true;
    for (let i = 0; i < this.trigger.maxConcurrency; i++) this.loops.push(this.loop());
  }

  /**
   * Disables the mapping, as `aws lambda update-event-source-mapping --no-enabled` does: no new
   * batches; a batch already received is still handed over and settled. Resolves once the pollers
   * are idle (at most one long poll later). `start()` enables it again.
   */
  async disable(): Promise<void> {
    this.running = false;
    this.finishReceived = true;
    await Promise.allSettled(this.loops.splice(0));
    this.finishReceived = false;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.allSettled(this.loops.splice(0));
    this.client.destroy();
  }

  /** One of `maxConcurrency` pollers: gathers a batch, hands it to a container, settles it. */
  private async loop(): Promise<void> {
    while (this.running) {
      try {
        const batch = await this.gatherBatch();
        // At shutdown a received batch is dropped (it reappears after its visibility timeout); a
        // disabled mapping still delivers it, or it would sit invisible for the whole timeout.
        if (batch.length === 0 || (!this.running && !this.finishReceived)) continue;
        this.inFlight++;
        try {
          await this.deliver(batch);
        } finally {
          this.inFlight--;
          for (const listener of this.settledListeners) listener();
        }
      } catch (error) {
        if (!this.running) return;
        console.error(`[twin] ${this.functionKey} poller error`, (error as Error).message);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /** Long-polls for a first record, then fills the batch until it is full or its window closes. */
  private async gatherBatch(): Promise<Message[]> {
    const batch = await this.receive(this.trigger.batchSize, this.waitTimeSeconds);
    if (batch.length === 0) return batch;
    const windowEnds = Date.now() + this.trigger.maxBatchingWindowSeconds * 1000;
    while (this.running && batch.length < this.trigger.batchSize && Date.now() < windowEnds) {
      // SQS long-polls in whole seconds; a short poll plus a brief pause keeps to the window.
      const more = await this.receive(this.trigger.batchSize - batch.length, 0);
      batch.push(...more);
      if (more.length === 0) await new Promise((resolve) => setTimeout(resolve, Math.min(50, Math.max(0, windowEnds - Date.now()))));
    }
    return batch;
  }

  private async receive(count: number, waitTimeSeconds: number): Promise<Message[]> {
    const { Messages = [] } = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        // One ReceiveMessage returns at most 10; a larger batch size takes several.
        MaxNumberOfMessages: Math.min(10, count),
        WaitTimeSeconds: waitTimeSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    this.receives++;
    return Messages;
  }

  private async deliver(messages: Message[]): Promise<void> {
    const event: SQSEvent = { Records: messages.map((m) => this.toRecord(m)) };
    let failed: Set<string>;
    try {
      const result = await this.runtime.invoke<SQSBatchResponse | null | undefined>(this.functionKey, event);
      failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      const ids = new Set(messages.map((m) => m.MessageId));
      if ([...failed].some((id) => !id || !ids.has(id))) {
        // AWS treats an empty or unknown itemIdentifier as a failure of the whole batch.
        console.error(`[twin] ${this.functionKey} reported a batch item failure for a record not in the batch; the whole batch is retried`);
        failed = new Set(messages.map((m) => m.MessageId ?? ''));
      }
    } catch (error) {
      console.error(`[twin] ${this.functionKey} failed the whole batch`, (error as Error).message);
      failed = new Set(messages.map((m) => m.MessageId ?? ''));
    }
    const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
    if (done.length === 0) return;
    const { Failed = [] } = await this.client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: this.queueUrl,
        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
    // A record whose delete failed comes back after its visibility timeout and is processed again.
    if (Failed.length > 0) console.error(`[twin] ${this.functionKey}: ${Failed.length} processed record(s) could not be deleted and will be redelivered`);
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
