import { enqueueCityDelivery } from '../adapters/city-delivery-queue';
import { claimEventRequeue, markEvent, storeEventOnce } from '../adapters/event-store';
import { eventSweepSettings } from '../config/event-sweep-config';
import { callbackStatusMap, portalCallbackSecrets } from '../adapters/portal-callback-config';
import { acceptPortalCallback } from '../core/portal-callback-intake';
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
    return { ...json(result.status, { eventId: result.eventId, outcome: result.outcome, type: result.type }), subject: result.eventId };
  }),
);
