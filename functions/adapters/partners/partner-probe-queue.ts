import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { QueueKey } from '../../../contracts/platform/resources';
import { partnerProbeAttribute } from '../../../contracts/messages/partner-probe';
import type { PartnerProbeMessage } from '../../../contracts/messages/partner-probe';
import { platformLimits } from '../../../contracts/platform/limits';
import type { GatedPartner } from '../../core/partners/partner-health';
import { sqsClient } from '../aws/sqs-client';
import { queueUrl } from '../aws/resource-names';

/** Queues a probe tick for `partner` on its work queue, delivered after `delaySeconds`. */
export async function sendProbeTick(queue: QueueKey, partner: GatedPartner, delaySeconds: number): Promise<void> {
  const message: PartnerProbeMessage = { probe: partner };
  await sqsClient().send(
    new SendMessageCommand({
      QueueUrl: queueUrl(queue),
      MessageBody: JSON.stringify(message),
      DelaySeconds: Math.min(platformLimits.sqsMaxDelaySeconds, Math.max(0, Math.round(delaySeconds))),
      MessageAttributes: { [partnerProbeAttribute]: { DataType: 'String', StringValue: partner } },
    }),
  );
}
