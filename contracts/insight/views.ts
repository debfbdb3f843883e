import * as z from 'zod';
import { Scorecard } from './scorecard';

/** Shapes of the /v1/insight answers (the OpenAPI document is generated from them). */

export const PeriodQuery = /* @__PURE__ */ (() => z.object({
  period: z
    .string()
    .regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'YYYY-MM, YYYY-Qn or YYYY')
    .optional()
    .describe('defaults to the current month (GMT+7)'),
  format: z.enum(['json', 'csv']).optional(),
}))();

export const ScorecardQuery = /* @__PURE__ */ (() => PeriodQuery.extend({
  unit: z.string().min(1).max(50).optional(),
  procedure: z.string().min(3).max(40).optional(),
}))();

export const UnitPathParameters = /* @__PURE__ */ (() => z.object({ unit: z.string().min(1).max(50) }))();

export const UnitRowView = /* @__PURE__ */ (() => z.strictObject({
  unitKey: z.string(),
  unitName: z.string().nullable(),
  score: z.number(),
  visiblePoints: z.number(),
  groups: z.record(z.string(), z.number()),
  counters: z.record(z.string(), z.number()),
}))();

export const UnitTable = /* @__PURE__ */ (() => z
  .strictObject({ period: z.string(), units: z.array(UnitRowView), configVersion: z.int() })
  .meta({ id: 'InsightUnitTable' }))();

export const Trend = /* @__PURE__ */ (() => z
  .strictObject({
    scope: z.strictObject({ kind: z.enum(['city', 'unit']), code: z.string().nullable() }),
    months: z.array(z.strictObject({ month: z.string(), score: z.number(), groups: z.record(z.string(), z.number()), received: z.number() })),
  })
  .meta({ id: 'InsightTrend' }))();

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
        dueAt: z.string().nullable(),
        reasons: z.array(RiskReasonView),
        pointsAtStake: z.number(),
        kind: z.enum(['costing', 'at_risk']),
      }),
    ),
  })
  .meta({ id: 'InsightAtRisk' }))();

export const CalendarView = /* @__PURE__ */ (() => z
  .strictObject({
    calendarVersion: z.int(),
    years: z.array(z.strictObject({ year: z.int(), status: z.enum(['confirmed', 'provisional']), daysOff: z.int(), makeUpWorkingDays: z.int(), unconfirmedEntries: z.int() })),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'InsightCalendar' }))();

const Progress = /* @__PURE__ */ (() => z.strictObject({ received: z.number(), onTime: z.number(), overdue: z.number(), progressScore: z.number() }))();
const Figures = /* @__PURE__ */ (() => z.strictObject({ numerator: z.number(), denominator: z.number(), score: z.number() }))();
const IndicatorReconciliation = /* @__PURE__ */ (() => z.strictObject({
  id: z.string(),
  name: z.string(),
  points: z.number(),
  shadow: Figures.nullable(),
  official: Figures.nullable(),
  difference: Figures.nullable().describe('official − shadow'),
  explanations: z.array(z.string()),
  dossiers: z.array(z.string()).describe('dossiers of the unit whose at-risk reasons bear on this indicator'),
}))();
export const Reconciliation = /* @__PURE__ */ (() => z
  .strictObject({
    period: z.string(),
    pulledAt: z.string().nullable(),
    units: z.array(
      z.strictObject({
        unitKey: z.string().nullable(),
        unitName: z.string(),
        shadow: Progress.nullable(),
        official: Progress.nullable(),
        difference: z.strictObject({ received: z.number(), onTime: z.number(), progressScore: z.number() }),
        scoreDifference: z.number().describe('official − shadow points over the indicators both publish'),
        explanations: z.array(z.string()),
        dossiers: z.array(z.string()),
        indicators: z.array(IndicatorReconciliation).describe('every indicator the gateway computes and the portal publishes per unit'),
      }),
    ),
  })
  .meta({ id: 'InsightReconciliation' }))();

export { Scorecard };
