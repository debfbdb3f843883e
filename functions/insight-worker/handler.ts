import { InsightMessage } from '../../contracts/messages/insight';
import { contributionPorts, ratingPorts, submissionPorts } from '../adapters/insight/insight-ports';
import { once } from '../config/once';
import { ContributionConflictError, refreshContribution } from '../core/insight/contribution-update';
import { recordPortalRating } from '../core/insight/portal-rating';
import { recordPortalSubmission } from '../core/insight/portal-submission';
import { RetryLaterError } from '../core/partners/worker-outcomes';
import { logger } from '../observability/logger';
import { parseQueueMessage } from '../queue/parse-message';
import { queueWorker } from '../queue/worker';

const ports = once(() => contributionPorts());

export const handler = queueWorker('insight', async (record) => {
  const nudge = parseQueueMessage(InsightMessage, record);
  if (nudge.origin === 'portal_submission' && nudge.eventId) await recordPortalSubmission(nudge.eventId, submissionPorts());
  if (nudge.origin === 'portal_rating' && nudge.eventId) await recordPortalRating(nudge.eventId, ratingPorts());
  try {
    const outcome = await refreshContribution(nudge.dossierCode, ports());
    logger.info('insight refreshed', { dossierCode: nudge.dossierCode, origin: nudge.origin, outcome: outcome.outcome, bucketWrites: outcome.bucketWrites, alerts: outcome.alerts.length });
  } catch (error) {
    if (error instanceof ContributionConflictError) throw new RetryLaterError('contribution-conflict', 2, error.message, { expected: true });
    throw error;
  }
});
