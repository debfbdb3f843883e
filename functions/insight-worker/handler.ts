import { InsightMessage } from '../../contracts/messages/insight';
import { contributionPorts } from '../adapters/insight-ports';
import { once } from '../config/once';
import { ContributionConflictError, refreshContribution } from '../core/insight/contribution-update';
import { RetryLaterError } from '../core/worker-outcomes';
import { logger } from '../observability/logger';
import { parseQueueMessage } from '../queue/parse-message';
import { queueWorker } from '../queue/worker';

const ports = once(() => contributionPorts());

export const handler = queueWorker('insight', async (record) => {
  const nudge = parseQueueMessage(InsightMessage, record);
  try {
    const outcome = await refreshContribution(nudge.dossierCode, ports());
    logger.info('insight refreshed', { dossierCode: nudge.dossierCode, origin: nudge.origin, outcome: outcome.outcome, bucketWrites: outcome.bucketWrites, alerts: outcome.alerts.length });
  } catch (error) {
    if (error instanceof ContributionConflictError) throw new RetryLaterError('contribution-conflict', 2, error.message, { expected: true });
    throw error;
  }
});
