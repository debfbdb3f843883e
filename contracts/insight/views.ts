import * as z from '../zod-mini';
import { Scorecard } from './scorecard';

/**
 * Shapes of the /v1/insight answers (the OpenAPI document is generated from them). zod/mini
 * (../zod-mini.ts): GET /v1/insight/* validates its queries with these and bundles no classic zod.
 */

export const PeriodQuery = /* @__PURE__ */ (() => z.object({
  period: z.optional(z.string().check(z.regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'YYYY-MM, YYYY-Qn or YYYY'))).register(z.globalRegistry, { description: 'defaults to the current month (GMT+7)' }),
  format: z.optional(z.enum(['json', 'csv'])),
}))();

export const ScorecardQuery = /* @__PURE__ */ (() => z.extend(PeriodQuery, {
  unit: z.optional(z.string().check(z.minLength(1), z.maxLength(50))),
  procedure: z.optional(z.string().check(z.minLength(3), z.maxLength(40))),
}))();

export const UnitPathParameters = /* @__PURE__ */ (() => z.object({ unit: z.string().check(z.minLength(1), z.maxLength(50)) }))();

const counters = () => z.record(z.string(), z.number());

export const UnitRowView = /* @__PURE__ */ (() => z.strictObject({
  unitKey: z.string(),
  unitName: z.nullable(z.string()),
  score: z.number(),
  visiblePoints: z.number(),
  groups: counters(),
  counters: counters(),
}))();

export const UnitTable = /* @__PURE__ */ (() => z
  .strictObject({ period: z.string(), units: z.array(UnitRowView), configVersion: z.int() })
  .register(z.globalRegistry, { id: 'InsightUnitTable' }))();

export const Trend = /* @__PURE__ */ (() => z
  .strictObject({
    scope: z.strictObject({ kind: z.enum(['city', 'unit']), code: z.nullable(z.string()) }),
    months: z.array(z.strictObject({ month: z.string(), score: z.number(), groups: counters(), received: z.number() })),
  })
  .register(z.globalRegistry, { id: 'InsightTrend' }))();

export const RiskReasonView = /* @__PURE__ */ (() => z.strictObject({ reason: z.string(), points: z.number() }))();
export const AtRiskList = /* @__PURE__ */ (() => z
  .strictObject({
    unit: z.string(),
    period: z.string(),
    score: z.number(),
    dossiers: z.array(
      z.strictObject({
        dossierCode: z.string(),
        month: z.string(),
        procedureCode: z.string(),
        dueAt: z.nullable(z.string()),
        reasons: z.array(RiskReasonView),
        pointsAtStake: z.number(),
        kind: z.enum(['costing', 'at_risk']),
      }),
    ),
  })
  .register(z.globalRegistry, { id: 'InsightAtRisk' }))();

export const CalendarView = /* @__PURE__ */ (() => z
  .strictObject({
    calendarVersion: z.int(),
    years: z.array(z.strictObject({ year: z.int(), status: z.enum(['confirmed', 'provisional']), daysOff: z.int(), makeUpWorkingDays: z.int(), unconfirmedEntries: z.int() })),
    warnings: z.array(z.string()),
  })
  .register(z.globalRegistry, { id: 'InsightCalendar' }))();

const Progress = /* @__PURE__ */ (() => z.strictObject({ received: z.number(), onTime: z.number(), overdue: z.number(), progressScore: z.number() }))();
const Figures = /* @__PURE__ */ (() => z.strictObject({ numerator: z.number(), denominator: z.number(), score: z.number() }))();
const IndicatorReconciliation = /* @__PURE__ */ (() => z.strictObject({
  id: z.string(),
  name: z.string(),
  points: z.number(),
  shadow: z.nullable(Figures),
  official: z.nullable(Figures),
  difference: z.nullable(Figures).register(z.globalRegistry, { description: 'official − shadow' }),
  explanations: z.array(z.string()),
  dossiers: z.array(z.string()).register(z.globalRegistry, { description: 'dossiers of the unit whose at-risk reasons bear on this indicator' }),
}))();
export const Reconciliation = /* @__PURE__ */ (() => z
  .strictObject({
    period: z.string(),
    pulledAt: z.nullable(z.string()),
    units: z.array(
      z.strictObject({
        unitKey: z.nullable(z.string()),
        unitName: z.string(),
        shadow: z.nullable(Progress),
        official: z.nullable(Progress),
        difference: z.strictObject({ received: z.number(), onTime: z.number(), progressScore: z.number() }),
        scoreDifference: z.number().register(z.globalRegistry, { description: 'official − shadow points over the indicators both publish' }),
        explanations: z.array(z.string()),
        dossiers: z.array(z.string()),
        indicators: z.array(IndicatorReconciliation).register(z.globalRegistry, { description: 'every indicator the gateway computes and the portal publishes per unit' }),
      }),
    ),
  })
  .register(z.globalRegistry, { id: 'InsightReconciliation' }))();

export { Scorecard };
