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

export const handler = queueWorker('insight', async (record, batch) => {
  const nudge = parseQueueMessage(InsightMessage, record);
  const submission = nudge.origin === 'portal_submission' && nudge.eventId !== undefined;
  const rating = nudge.origin === 'portal_rating' && nudge.eventId !== undefined;
  if (submission) await recordPortalSubmission(nudge.eventId!, submissionPorts());
  if (rating) await recordPortalRating(nudge.eventId!, ratingPorts());
  // A refresh of this dossier earlier in the batch read its state after this nudge was sent (the
  // snapshot's and the acknowledgement's nudges often arrive together): it stands for this one,
  // unless this nudge has just recorded something new.
  if (!submission && !rating && batch.done.has(nudge.dossierCode)) {
    logger.info('insight refreshed', { dossierCode: nudge.dossierCode, origin: nudge.origin, outcome: 'coalesced', bucketWrites: 0, alerts: 0 });
    return;
  }
  try {
    const outcome = await refreshContribution(nudge.dossierCode, ports());
    batch.done.add(nudge.dossierCode);
    logger.info('insight refreshed', { dossierCode: nudge.dossierCode, origin: nudge.origin, outcome: outcome.outcome, bucketWrites: outcome.bucketWrites, alerts: outcome.alerts.length });
  } catch (error) {
    if (error instanceof ContributionConflictError) throw new RetryLaterError('contribution-conflict', 2, error.message, { expected: true });
    throw error;
  }
});
