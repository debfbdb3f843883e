import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import type { QueueKey } from '../../contracts/platform/resources';
import { PartnerProbeMessage, partnerProbeAttribute } from '../../contracts/messages/partner-probe';
import * as healthStore from '../adapters/partners/partner-health-store';
import { sendProbeTick } from '../adapters/partners/partner-probe-queue';
import { recoverySettingsFromEnv } from '../config/partner-recovery-config';
import type { Parking } from '../core/partners/partner-gate';
import { PartnerGate } from '../core/partners/partner-gate';
import type { GatedPartner } from '../core/partners/partner-health';
import { DeadLetterError, RetryLaterError } from '../core/partners/worker-outcomes';
import { logger } from '../observability/logger';
import { emitMetric } from '../observability/metrics';
import { parseQueueMessage } from './parse-message';

/** The gate of `partner`, whose probe ticks travel on `queue`, with its settings from the environment. */
export function partnerGateFor(partner: GatedPartner, queue: QueueKey): PartnerGate {
  return new PartnerGate(partner, {
    read: () => healthStore.readPartnerHealth(partner),
    recordUnavailable: (at) => healthStore.recordUnavailable(partner, at),
    resetFailureStreak: (at) => healthStore.resetFailureStreak(partner, at),
    declareDown: (at, next) => healthStore.declareDown(partner, at, next),
    claimProbe: (at, next) => healthStore.claimProbe(partner, at, next),
    declareUp: (at) => healthStore.declareUp(partner, at),
    finishRelease: (at, released) => healthStore.finishRelease(partner, at, released),
    changePace: (from, to, at, kind) => healthStore.changePace(partner, from, to, at, kind),
    scheduleProbe: (delaySeconds) => sendProbeTick(queue, partner, delaySeconds),
    settings: recoverySettingsFromEnv(partner),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
}

const syntheticRecord = (body: string): SQSRecord =>
  ({ messageId: `probe-${randomUUID()}`, receiptHandle: '', body, attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {} }) as unknown as SQSRecord;

/**
 * Puts a partner's gate in front of a queue worker's record handler (DESIGN.md §6):
 * - a probe tick probes the partner with one parked item (one container per interval);
 * - while the partner is down, a message is parked and deleted without calling the partner;
 * - a message whose attempt failed just as the partner went down is parked too, instead of
 *   coming back on a backoff into the outage.
 */
export function partnerGated(gate: () => PartnerGate, parking: Parking, processRecord: (record: SQSRecord) => Promise<void>) {
  return async (record: SQSRecord): Promise<void> => {
    if (record.messageAttributes?.[partnerProbeAttribute]) {
      const { probe } = parseQueueMessage(PartnerProbeMessage, record);
      if (probe !== gate().partner) throw new DeadLetterError('probe-wrong-queue', `a ${probe} probe tick on the ${gate().partner} queue`);
      const result = await gate().onProbeTick(async () => {
        const body = await parking.oneParked();
        if (body === undefined) return false;
        try {
          await processRecord(syntheticRecord(body));
        } catch (error) {
          await parking.probeFailed?.(body);
          throw error;
        }
        return true;
      }, parking.release);
      logger.info('partner probe', { partner: gate().partner, result });
      return;
    }
    if (!(await gate().admits())) {
      await park(gate(), parking, record);
      logger.debug('parked while the partner is down', { partner: gate().partner, messageId: record.messageId });
      return;
    }
    try {
      await processRecord(record);
    } catch (error) {
      if (error instanceof RetryLaterError && !error.expected && !(await gate().admits())) {
        await park(gate(), parking, record);
        logger.info('parked: the partner went down', { partner: gate().partner, messageId: record.messageId, reason: error.reasonCode });
        return;
      }
      throw error;
    }
  };
}

/** Counts a partner worker's retries by queue and reason (the partner-retry alarm and the dashboard read them). */
export const partnerRetryCounter = (queue: QueueKey) => (reason: string) => emitMetric('partnerRetries', { queue, reason });

/**
 * Parks the record, then looks again: a release that ran between the first look and the parking
 * did not see this item, so if the partner is back the message is kept (retried at once) rather
 * than deleted. A release after the second look finds the parked item.
 */
async function park(gate: PartnerGate, parking: Parking, record: SQSRecord): Promise<void> {
  await parking.park(record);
  emitMetric('parkedItems', { partner: gate.partner });
  if (await gate.cameBack()) throw new RetryLaterError('partner-back', 1, 'the partner came back while this message was being parked', { expected: true });
}
