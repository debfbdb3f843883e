import * as z from 'zod';

export const HealthCheck = /* @__PURE__ */ (() => z.strictObject({
  name: z.string().describe('e.g. table:dossiers, queue:portalSync'),
  status: z.enum(['pass', 'fail']),
  durationMs: z.number(),
  error: z.string().optional(),
}))();

export const HealthReport = /* @__PURE__ */ (() => z
  .strictObject({
    status: z.enum(['pass', 'fail']),
    checkedAt: z.string(),
    /** True when the report is served from the short cache rather than checked now. */
    cached: z.boolean(),
    checks: z.array(HealthCheck),
  })
  .meta({ id: 'HealthReport' }))();
export type HealthReport = z.infer<typeof HealthReport>;
export type HealthCheck = z.infer<typeof HealthCheck>;
