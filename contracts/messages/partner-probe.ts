import * as z from '../zod-mini';

/**
 * A probe tick, sent to the partner's own work queue with a delay of one probe interval while the
 * partner is down: whoever receives it probes the partner once. Marked by a message attribute so
 * the worker tells it from work before parsing the body.
 */
export const partnerProbeAttribute = 'lienthongProbe';
export const PartnerProbeMessage = /* @__PURE__ */ (() => z.strictObject({ probe: z.enum(['portal', 'city']) }))();
export type PartnerProbeMessage = z.infer<typeof PartnerProbeMessage>;
