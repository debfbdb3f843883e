import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { GatedPartner, PartnerHealth } from '../../functions/core/partners/partner-health';
import type { QueueKey } from '../../infra/topology/resources';
import type { Twin } from '../../infra/local/twin';
import { eventually } from './twin-fixture';

/*
 * Drain signals for scenario tests: wait on what the system says (queue empty, nothing pending,
 * the partner's shared state) instead of sleeping. The adapters read the twin's own tables: the
 * twin configured this process's environment when it started.
 */

/** Messages visible or in flight; delayed ones (probe ticks) are not work. */
export async function queueDepth(twin: Twin, queue: QueueKey, which: 'main' | 'deadLetter' = 'main'): Promise<number> {
  const sqs = new SQSClient({ endpoint: twin.sqsEndpoint, region: twin.region });
  try {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: twin.queueUrls[queue][which],
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
  } finally {
    sqs.destroy();
  }
}

export async function partnerHealth(partner: GatedPartner): Promise<PartnerHealth> {
  const { readPartnerHealth } = await import('../../functions/adapters/partners/partner-health-store');
  return readPartnerHealth(partner);
}

/** Dossiers whose portal acknowledgement lags (the sparse pending index). */
export async function pendingDossierCodes(): Promise<string[]> {
  const { pendingDossiers } = await import('../../functions/adapters/portal/portal-pending-index');
  const codes: string[] = [];
  for await (const page of pendingDossiers(new Date(Date.now() + 60_000).toISOString())) codes.push(...page.map((d) => d.dossierCode));
  return codes;
}

export async function parkedCityEventIds(): Promise<string[]> {
  const { parkedCityEvents } = await import('../../functions/adapters/events/parked-events');
  const ids: string[] = [];
  for await (const page of parkedCityEvents()) ids.push(...page);
  return ids;
}

/** Waits until the queue is empty and `nothingPending` holds, twice in a row (a message may be between receive and delete). */
export async function waitForDrain(twin: Twin, queue: QueueKey, nothingPending: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  let quietChecks = 0;
  await eventually(
    async () => {
      const quiet = (await queueDepth(twin, queue)) === 0 && (await nothingPending());
      quietChecks = quiet ? quietChecks + 1 : 0;
      if (quietChecks < 2) throw new Error(`${queue} has not drained`);
    },
    timeoutMs,
    100,
  );
}
