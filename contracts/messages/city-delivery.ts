import * as z from '../zod-mini';

/**
 * A city event's id: the portal's `webhook-id` for a portal event, the gateway's own for the rest.
 * It is a DynamoDB key, the queue message, the `webhook-id` the city receives and the
 * `{eventId}` of GET /v1/deliveries, so it is declared once here and every entry point that
 * acknowledges an id checks it with this schema. Visible ASCII only: it travels in an HTTP header
 * and a signature, where any other character would be encoded differently by different clients.
 */
export const eventIdMaxLength = 128;
// zod/mini (as is the message): GET /v1/deliveries and the delivery worker bundle no classic zod for it.
export const EventId = /* @__PURE__ */ (() => z
  .string()
  .check(z.regex(/^[\x21-\x7e]+$/, 'visible ASCII characters only'), z.minLength(1), z.maxLength(eventIdMaxLength))
  .register(z.globalRegistry, { id: 'EventId', example: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f1W' }))();

/** Deliver the stored event to the city system; the worker reads the event by id. */
export const CityDeliveryMessage = /* @__PURE__ */ (() => z.strictObject({ eventId: EventId }))();
export type CityDeliveryMessage = z.infer<typeof CityDeliveryMessage>;
