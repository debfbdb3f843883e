import * as z from '../zod-mini';

/**
 * The national portal's published scores (Decision 766 dashboard), as reverse-engineered in
 * INSIGHT.md §1.3 — not an official contract: a real specification replaces these shapes here.
 * `POST <portal>/api/v1/reporting/evaluation/{kind}`, answered HTTP 201 `{ code: "OK", data }`.
 * zod/mini (../zod-mini.ts): the insight reconciler bundles no classic zod.
 */

export const evaluationKinds = [
  'transparency',
  'dvc-progress-tree',
  'provide-online-tree',
  'formality-online-payment-tree',
  'dossier-digitized',
  'handling-satisfaction',
] as const;
export type EvaluationKind = (typeof evaluationKinds)[number];

export const EvaluationRequest = /* @__PURE__ */ (() => z.strictObject({
  timeType: z.enum(['year', 'quarter', 'month']),
  year: z.int(),
  quarter: z.optional(z.int().check(z.minimum(1), z.maximum(4))),
  month: z.optional(z.int().check(z.minimum(1), z.maximum(12))),
  rootDepartmentId: z.string().check(z.minLength(1)),
  formalityId: z.optional(z.string()),
  currentPage: z.int().check(z.minimum(1)),
  pageSize: z.int().check(z.minimum(1), z.maximum(1000)),
}))();
export type EvaluationRequest = z.infer<typeof EvaluationRequest>;

/** A function, not a shared object: an object of schemas at the top level would be built (and keep zod) in every bundle. */
const dataQuality = () => ({
  dataQualityStatus: z.optional(z.string()),
  dataQualityMessage: z.optional(z.string()),
});

/** A row of dvc-progress-tree: one department (unit) under the root. */
export const ProgressRow = /* @__PURE__ */ (() => z.looseObject({
  departmentId: z.string(),
  departmentName: z.string(),
  totalReceived: z.number(),
  totalOnTime: z.number(),
  totalOverdue: z.number(),
  totalCompleted: z.number(),
  avgProcessingDays: z.optional(z.nullable(z.number())),
  ...dataQuality(),
}))();
export type ProgressRow = z.infer<typeof ProgressRow>;

/**
 * A row of any evaluation kind: one department with its `total*` figures and the points the
 * portal published (`score*`). Only the fields named in `officialIndicators` are read.
 */
export const EvaluationRow = /* @__PURE__ */ (() => z.looseObject({
  departmentId: z.string(),
  departmentName: z.string(),
  ...dataQuality(),
}))();
export type EvaluationRow = z.infer<typeof EvaluationRow> & Record<string, unknown>;

/**
 * Where each indicator's published figures are: the kind (endpoint), the row fields of its
 * numerator and denominator, and of the points the portal gave. A gateway indicator absent here
 * is not published per department (or not simulated).
 */
export const officialIndicators: Readonly<Record<string, { kind: EvaluationKind; numerator: string; denominator: string; score: string }>> = {
  '1.4': { kind: 'transparency', numerator: 'totalSyncedOnTime', denominator: 'totalReceived', score: 'scoreSyncOnTime' },
  '2.1': { kind: 'dvc-progress-tree', numerator: 'totalOnTime', denominator: 'totalReceived', score: 'scoreProgress' },
  '3.3': { kind: 'provide-online-tree', numerator: 'totalOnline', denominator: 'totalReceived', score: 'scoreOnline' },
  '3.6': { kind: 'formality-online-payment-tree', numerator: 'totalPaidOnline', denominator: 'totalFeeBearing', score: 'scoreOnlinePayment' },
  '4.1': { kind: 'dossier-digitized', numerator: 'totalEResult', denominator: 'totalCompletedPaperResult', score: 'scoreEResult' },
  '4.2': { kind: 'dossier-digitized', numerator: 'totalDigitized', denominator: 'totalReceived', score: 'scoreDigitized' },
  '4.4': { kind: 'dossier-digitized', numerator: 'totalReused', denominator: 'totalReceived', score: 'scoreReused' },
  '4.6': { kind: 'dossier-digitized', numerator: 'totalPopulationData', denominator: 'totalReceived', score: 'scorePopulationData' },
  '5.4': { kind: 'handling-satisfaction', numerator: 'totalSatisfied', denominator: 'totalReceived', score: 'scoreSatisfaction' },
};

export const EvaluationAnswer = /* @__PURE__ */ (() => z.looseObject({
  code: z.literal('OK'),
  data: z.looseObject({ rows: z.array(z.looseObject({})), total: z.optional(z.int()) }),
}))();
