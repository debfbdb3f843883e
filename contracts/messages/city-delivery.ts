import * as z from 'zod';

/** Deliver the stored event to the city system; the worker reads the event by id. */
export const CityDeliveryMessage = z.strictObject({ eventId: z.string().min(1).max(128) });
export type CityDeliveryMessage = z.infer<typeof CityDeliveryMessage>;
