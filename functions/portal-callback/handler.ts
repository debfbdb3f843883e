import { enqueueCityDelivery } from '../adapters/city/city-delivery-queue';
import { claimEventRequeue, markEvent, storeEventOnce } from '../adapters/events/event-store';
import { nudgeInsight } from '../adapters/insight/insight-queue';
import { eventSweepSettings } from '../config/event-sweep-config';
import { callbackStatusMap, portalCallbackSecrets } from '../adapters/portal/portal-callback-config';
import { acceptPortalCallback } from '../core/portal/portal-callback-intake';
import { httpEndpoint } from '../http/endpoint';
import { withInboundLedger } from '../http/inbound-ledger';
import { readRawBody } from '../http/json-body';
import { json } from '../http/response';

export const handler = httpEndpoint({}, async ({ event }) =>
  withInboundLedger('portal', 'callback', event, async (authenticated) => {
    const result = await acceptPortalCallback(readRawBody(event), event.headers, {
      secrets: portalCallbackSecrets,
      storeEventOnce,
      markEvent,
      enqueueCityDelivery,
      claimEventRequeue,
      staleSeconds: eventSweepSettings().EVENT_SWEEP_STALE_SECONDS,
      statusMap: callbackStatusMap(),
      now: () => new Date(),
      authenticated,
    });
    // The slow-reception clock starts at the portal submission, whether or not the city ever
    // stores the dossier, and a rating counts for satisfaction: the insight worker keeps them
    // (a resend nudges again, harmless).
    if (result.type === 'dossier.submitted') await nudgeInsight({ dossierCode: result.dossierCode, origin: 'portal_submission', eventId: result.eventId });
    if (result.type === 'dossier.rated') await nudgeInsight({ dossierCode: result.dossierCode, origin: 'portal_rating', eventId: result.eventId });
    return { ...json(result.status, { eventId: result.eventId, outcome: result.outcome, type: result.type }), subject: result.eventId };
  }),
);
