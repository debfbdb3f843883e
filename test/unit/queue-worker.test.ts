import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadLetterError, RetryLaterError } from '../../functions/core/partners/worker-outcomes';

const sqs = mockClient(SQSClient);
let queueWorker: typeof import('../../functions/queue/worker').queueWorker;

beforeAll(async () => {
  process.env.PORTAL_SYNC_QUEUE_URL = 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/portal-sync';
  process.env.PORTAL_SYNC_DLQ_URL = 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/portal-sync-dlq';
  ({ queueWorker } = await import('../../functions/queue/worker'));
});
beforeEach(() => {
  sqs.reset();
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
  sqs.on(SendMessageCommand).resolves({});
});

const record = (id: string): SQSRecord =>
  ({ messageId: id, receiptHandle: `rh-${id}`, body: '{}', attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {} }) as unknown as SQSRecord;
const context = (remainingMs: number) => ({ getRemainingTimeInMillis: () => remainingMs, awsRequestId: 'r' }) as unknown as Context;
const event = (...ids: string[]): SQSEvent => ({ Records: ids.map(record) });

describe('queueWorker', () => {
  it('reports each failure on its own: retry with its delay, dead-letter with its reason, success deleted', async () => {
    const handler = queueWorker('portalSync', async (r) => {
      if (r.messageId === 'retry') throw new RetryLaterError('portal-http-503', 40, 'down');
      if (r.messageId === 'dead') throw new DeadLetterError('portal-rejected-2', 'refused');
    });
    const result = await handler(event('ok', 'retry', 'dead'), context(60_000));
    expect(result?.batchItemFailures).toEqual([{ itemIdentifier: 'retry' }]);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)[0]?.args[0].input).toMatchObject({ ReceiptHandle: 'rh-retry', VisibilityTimeout: 40 });
    const dead = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(dead?.QueueUrl).toContain('portal-sync-dlq');
    expect(dead?.MessageAttributes?.failureCode?.StringValue).toBe('portal-rejected-2');
  });

  it('hands records back unattempted when the invocation is about to time out', async () => {
    const processed = vi.fn(async () => undefined);
    const handler = queueWorker('portalSync', processed);
    const result = await handler(event('a', 'b'), context(10_000)); // less than the 25 s reserve
    expect(processed).not.toHaveBeenCalled();
    expect(result?.batchItemFailures).toEqual([{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }]);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input.VisibilityTimeout)).toEqual([1, 1]);
  });
});
