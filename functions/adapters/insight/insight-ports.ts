import { insightConfig } from '../../config/insight-config';
import type { ContributionPorts } from '../../core/insight/contribution-update';
import type { RatingPorts } from '../../core/insight/portal-rating';
import type { SubmissionPorts } from '../../core/insight/portal-submission';
import { enqueueCityDelivery } from '../city/city-delivery-queue';
import { markEvent, readEvent, storeEventOnce } from '../events/event-store';
import * as store from './insight-store';

/** The contribution updater wired to DynamoDB, SQS and the insight configuration. */
export function contributionPorts(now: () => Date = () => new Date()): ContributionPorts {
  const config = insightConfig();
  return {
    readInputs: store.readRefreshInputs,
    readSubmission: store.readSubmission,
    frozenAt: store.frozenAt,
    writeContribution: store.writeContribution,
    applyBucketDelta: store.applyBucketDelta,
    releaseBucketMarker: store.releaseBucketMarker,
    writeSideItems: store.writeSideItems,
    clearPendingOperation: store.clearPendingOperation,
    storeEventOnce,
    enqueueCityDelivery,
    markEvent,
    procedureRule: config.procedureRule,
    calendar: config.calendar,
    config: config.scorecard,
    dueSoonLeadMinutes: config.dueSoonLeadMinutes,
    operationLeaseMs: config.operationLeaseSeconds * 1000,
    now,
  };
}

/** Keeping relayed portal ratings (the insight worker, on a `portal_rating` nudge). */
export function ratingPorts(): RatingPorts {
  return { readEvent, putRatingIfNewer: store.putRatingIfNewer };
}

/** Keeping relayed portal submissions (the insight worker, on a `portal_submission` nudge). */
export function submissionPorts(): SubmissionPorts {
  return { readEvent, unitCodeByName: store.unitCodeByName, putSubmissionOnce: store.putSubmissionOnce };
}
