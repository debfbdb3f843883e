import * as z from '../../contracts/zod-mini';
import { EventId } from '../../contracts/messages/city-delivery';
import { readEventWithAttempts } from '../adapters/events/event-store';
import { deliveryView } from '../core/delivery/delivery-view';
import { httpEndpoint } from '../http/endpoint';
import { json } from '../http/response';
import { parseOrReject } from '../http/validate';

const PathParameters = z.object({ eventId: EventId });

export const handler = httpEndpoint({}, async ({ event }) => {
  const { eventId } = parseOrReject(PathParameters, event.pathParameters ?? {}, 'path');
  return json(200, deliveryView(eventId, await readEventWithAttempts(eventId)));
});
