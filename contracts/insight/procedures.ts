import * as z from 'zod';

/**
 * What the gateway needs to know about a procedure that the canonical dossier does not carry:
 * its legal duration (for the computed due date), whether it bears a fee, whether it is eligible
 * for full-process online service and whether its result is on paper (then an e-result is needed
 * for the online-share indicator). Data, not code: the national catalogue is the source.
 */

export const Duration = /* @__PURE__ */ (() => z.discriminatedUnion('unit', [
  z.strictObject({ unit: z.literal('working_days'), value: z.number().min(0).max(3650) }),
  z.strictObject({ unit: z.literal('calendar_days'), value: z.int().min(0).max(3650) }),
  z.strictObject({ unit: z.literal('working_hours'), value: z.number().min(0).max(87_600) }),
]))();

export const ProcedureRule = /* @__PURE__ */ (() => z.strictObject({
  /** null: the procedure has no due date. */
  duration: Duration.nullable(),
  /** Some procedures have a shorter duration when the dossier came online. */
  onlineDuration: Duration.optional(),
  feeBearing: z.boolean().default(false),
  fullOnlineEligible: z.boolean().default(true),
  paperResult: z.boolean().default(false),
}))();
export type ProcedureRule = z.output<typeof ProcedureRule>;

export const ProcedureCatalogue = /* @__PURE__ */ (() => z.strictObject({
  catalogueVersion: z.int().min(1),
  procedures: z.record(z.string().min(3).max(40), ProcedureRule),
}))();
export type ProcedureCatalogue = z.output<typeof ProcedureCatalogue>;
