import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueKey } from '../../contracts/platform/resources';
import { delayRedelivery, sendToDeadLetter } from '../adapters/aws/queue-control';
import { DeadLetterError, RetryLaterError } from '../core/partners/worker-outcomes';
import { loggableError } from '../observability/loggable-error';
import { logger } from '../observability/logger';

/** An unexpected error (a bug, a storage hiccup) is retried after this long. */
const unexpectedErrorDelaySeconds = 30;
/** Time kept back for one partner call (10 s timeout) plus the bookkeeping after it. */
const timeReserveMs = 25_000;

/**
 * The one middy stack every SQS worker uses. Records are processed one after another (so two
 * nudges for the same dossier in one batch coalesce instead of racing); each failure is handled
 * on its own and reported in `batchItemFailures`:
 * - DeadLetterError → copied to the DLQ with its reason, then deleted from the queue;
 * - RetryLaterError → visibility set to its delay (exponential backoff), reported as failed;
 * - anything else → retried after a fixed delay; SQS's maxReceiveCount is the last resort.
 */
export interface QueueWorkerOptions {
  /**
   * Told of each retry scheduled after a failure (not a coordination deferral), with its reason.
   * The partner workers count these (functions/queue/partner-gated.ts); the others do not bundle
   * the metrics library for it.
   */
  readonly onRetry?: (reason: string) => void;
}

/**
 * Shared by the records of one invocation's batch: every message in it was sent before the batch
 * was received, so work done for one record (a read of the latest state) may stand for another's.
 */
export interface BatchScope {
  /** Keys whose work succeeded earlier in this batch (the worker decides what a key means). */
  readonly done: Set<string>;
}

export function queueWorker(queue: QueueKey, processRecord: (record: SQSRecord, batch: BatchScope) => Promise<void>, options: QueueWorkerOptions = {}) {
  const handleRecord = async (record: SQSRecord, deadline: number, batch: BatchScope): Promise<void> => {
    try {
      // Records left when the invocation is about to time out go back to the queue unattempted,
      // instead of the whole batch returning (and every record's receive count rising) on a timeout.
      if (Date.now() > deadline) throw new RetryLaterError('invocation-time-up', 1, 'not attempted: the invocation ran out of time', { expected: true });
      await processRecord(record, batch);
    } catch (error) {
      if (error instanceof DeadLetterError) {
        logger.warn('message dead-lettered', { queue, messageId: record.messageId, reason: error.reasonCode });
        await sendToDeadLetter(queue, record, error.reasonCode, error.message);
        return;
      }
      const delay = error instanceof RetryLaterError ? error.delaySeconds : unexpectedErrorDelaySeconds;
      if (error instanceof RetryLaterError && error.expected) {
        logger.debug('message deferred', { queue, messageId: record.messageId, reason: error.reasonCode, delaySeconds: delay });
      } else if (error instanceof RetryLaterError) {
        // Counted for the partner-retry alarm (a partner that stays down, credentials an operator must
        // fix) even though the message itself is not lost; coordination deferrals (expected) are not.
        options.onRetry?.(error.reasonCode);
        logger.warn('message retry scheduled', { queue, messageId: record.messageId, reason: error.reasonCode, delaySeconds: delay });
      } else {
        logger.error('message failed unexpectedly', { queue, messageId: record.messageId, error: loggableError(error) });
      }
      try {
        await delayRedelivery(queue, record, delay);
      } catch (visibilityError) {
        // The message still comes back after the queue's own visibility timeout.
        logger.warn('could not set the retry delay', { queue, messageId: record.messageId, error: loggableError(visibilityError) });
      }
      throw error;
    }
  };

  return middy<SQSEvent, SQSBatchResponse>().handler((event, context) => {
    // Per invocation, not per module: a processor holds its batch's failures, and two batches
    // sharing one (the twin before it ran a container per invocation) reported each other's.
    const processor = new BatchProcessor(EventType.SQS);
    const deadline = Date.now() + context.getRemainingTimeInMillis() - timeReserveMs;
    const batch: BatchScope = { done: new Set() };
    return processPartialResponse(event, (record: SQSRecord) => handleRecord(record, deadline, batch), processor, {
      context,
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });
  });
}
