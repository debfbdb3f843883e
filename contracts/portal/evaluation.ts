import * as z from 'zod';

/**
 * The national portal's published scores (Decision 766 dashboard), as reverse-engineered in
 * INSIGHT.md §1.3 — not an official contract: a real specification replaces these shapes here.
 * `POST <portal>/api/v1/reporting/evaluation/{kind}`, answered HTTP 201 `{ code: "OK", data }`.
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
  quarter: z.int().min(1).max(4).optional(),
  month: z.int().min(1).max(12).optional(),
  rootDepartmentId: z.string().min(1),
  formalityId: z.string().optional(),
  currentPage: z.int().min(1),
  pageSize: z.int().min(1).max(1000),
}))();
export type EvaluationRequest = z.infer<typeof EvaluationRequest>;

const dataQuality = {
  dataQualityStatus: z.string().optional(),
  dataQualityMessage: z.string().optional(),
};

/** A row of dvc-progress-tree: one department (unit) under the root. */
export const ProgressRow = /* @__PURE__ */ (() => z.looseObject({
  departmentId: z.string(),
  departmentName: z.string(),
  totalReceived: z.number(),
  totalOnTime: z.number(),
  totalOverdue: z.number(),
  totalCompleted: z.number(),
  avgProcessingDays: z.number().nullable().optional(),
  ...dataQuality,
}))();
export type ProgressRow = z.infer<typeof ProgressRow>;

export const EvaluationAnswer = /* @__PURE__ */ (() => z.looseObject({
  code: z.literal('OK'),
  data: z.looseObject({ rows: z.array(z.looseObject({})), total: z.int().optional() }),
}))();
