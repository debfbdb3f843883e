import * as z from '../zod-mini';

/**
 * What the gateway needs to know about a procedure that the canonical dossier does not carry:
 * its legal duration (for the computed due date), whether it bears a fee, whether it is eligible
 * for full-process online service and whether its result is on paper (then an e-result is needed
 * for the online-share indicator). Data, not code: the national catalogue is the source.
 * zod/mini (../zod-mini.ts): GET /v1/dossiers reads it and bundles no classic zod.
 */

export const Duration = /* @__PURE__ */ (() => z.discriminatedUnion('unit', [
  z.strictObject({ unit: z.literal('working_days'), value: z.number().check(z.minimum(0), z.maximum(3650)) }),
  z.strictObject({ unit: z.literal('calendar_days'), value: z.int().check(z.minimum(0), z.maximum(3650)) }),
  z.strictObject({ unit: z.literal('working_hours'), value: z.number().check(z.minimum(0), z.maximum(87_600)) }),
]))();

export const ProcedureRule = /* @__PURE__ */ (() => z.strictObject({
  /** null: the procedure has no due date. */
  duration: z.nullable(Duration),
  /** Some procedures have a shorter duration when the dossier came online. */
  onlineDuration: z.optional(Duration),
  feeBearing: z._default(z.boolean(), false),
  fullOnlineEligible: z._default(z.boolean(), true),
  paperResult: z._default(z.boolean(), false),
}))();
export type ProcedureRule = z.output<typeof ProcedureRule>;

export const ProcedureCatalogue = /* @__PURE__ */ (() => z.strictObject({
  catalogueVersion: z.int().check(z.minimum(1)),
  procedures: z.record(z.string().check(z.minLength(3), z.maxLength(40)), ProcedureRule),
}))();
export type ProcedureCatalogue = z.output<typeof ProcedureCatalogue>;
