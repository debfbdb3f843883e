import { DismissRequest, EventPathParameters, QueuePathParameters, RedriveRequest, ResyncRequest } from '../../contracts/api/ops';
import { NotFoundError } from '../core/errors';
import { httpEndpoint } from '../http/endpoint';
import { readJsonBody } from '../http/json-body';
import { json } from '../http/response';
import { parseOrReject } from '../http/validate';
import { dismiss } from './dismiss';
import { operatorOf, recordOperatorAction } from './operator-record';
import { redeliver } from './redeliver';
import { redrive } from './redrive';
import { resync } from './resync';
import { verifyNow } from './verify';
import { DossierPathParameters } from '../../contracts/api/dossier';

/**
 * POST /v1/ops/*: the operators' actions, one function (the same write grants); every action
 * that changes something is ledgered with the operator key's name, a dry run too (what was looked at).
 */
export const handler = httpEndpoint({}, async ({ event, context, requestId }) => {
  const startedAt = performance.now();
  // Re-deliver takes no body; the others' bodies are optional JSON (every field has a default).
  const body = event.body ? readJsonBody(event) : {};
  switch (event.resource) {
    case '/v1/ops/queues/{queue}/redrive': {
      const { queue } = parseOrReject(QueuePathParameters, event.pathParameters ?? {}, 'path');
      const request = parseOrReject(RedriveRequest, body, 'body');
      const answer = await redrive(queue, request, context);
      const ledgerRecordId = await recordOperatorAction(event, requestId, {
        operation: 'redrive-dead-letters',
        subject: queue,
        request,
        attributes: { moved: String(answer.moved.length), reason: request.reason ?? '', rate: String(request.ratePerSecond) },
        startedAt,
      });
      return json(200, { ...answer, ledgerRecordId });
    }
    case '/v1/ops/resync': {
      const request = parseOrReject(ResyncRequest, body, 'body');
      const answer = await resync(request);
      let ledgerRecordId: string | null = null;
      // One record per dossier, so each dossier's timeline shows the operator's re-sync.
      for (const dossierCode of request.dryRun ? [] : answer.queued) {
        ledgerRecordId = await recordOperatorAction(event, requestId, { operation: 'resync', subject: dossierCode, request, attributes: { scope: request.scope }, startedAt });
      }
      if (request.dryRun || answer.queued.length === 0) {
        ledgerRecordId = await recordOperatorAction(event, requestId, {
          operation: request.dryRun ? 'resync-dry-run' : 'resync',
          request,
          attributes: { selected: String(answer.selected.length), scope: request.scope },
          startedAt,
        });
      }
      return json(200, { ...answer, ledgerRecordId });
    }
    case '/v1/ops/events/{eventId}/redeliver': {
      const { eventId } = parseOrReject(EventPathParameters, event.pathParameters ?? {}, 'path');
      const answer = await redeliver(eventId);
      const ledgerRecordId = await recordOperatorAction(event, requestId, { operation: 'redeliver-event', subject: eventId, request: { eventId }, attributes: { previousStatus: answer.previousStatus }, startedAt });
      return json(200, { ...answer, ledgerRecordId });
    }
    case '/v1/ops/dossiers/{code}/verify': {
      const { code } = parseOrReject(DossierPathParameters, event.pathParameters ?? {}, 'path');
      const answer = await verifyNow(code, () => (typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : 30_000));
      const ledgerRecordId = await recordOperatorAction(event, requestId, { operation: 'verify-dossier', subject: code, request: { code }, attributes: { outcome: answer.outcome }, startedAt });
      return json(200, { ...answer, ledgerRecordId });
    }
    case '/v1/ops/dossiers/{code}/dismiss': {
      const { code } = parseOrReject(DossierPathParameters, event.pathParameters ?? {}, 'path');
      const { reason } = parseOrReject(DismissRequest, body, 'body');
      const answer = await dismiss(code, operatorOf(event).name);
      const ledgerRecordId = await recordOperatorAction(event, requestId, {
        operation: 'dismiss-divergence',
        subject: code,
        request: { code, reason },
        // The operator's words are the evidence of why: kept in the record, shown on the timeline.
        attributes: { reason, dismissed: String(answer.dismissed), checkedAt: answer.divergence?.checkedAt ?? '', duplicatedSteps: String(answer.divergence?.duplicatedSteps ?? 0) },
        startedAt,
      });
      return json(200, { ...answer, ledgerRecordId });
    }
    default:
      throw new NotFoundError(`no operator action at ${event.resource}`);
  }
});
