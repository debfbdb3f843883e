import * as z from '../zod-mini';

/**
 * The scorecard's counters and indicators. Points, thresholds and formulas are data
 * (scorecard-766.json): the national method is observed, not published, so a corrected figure is a
 * configuration change. Counters are what the gateway adds up per dossier; indicators turn them
 * into points. zod/mini (../zod-mini.ts): the insight functions bundle no classic zod; the
 * OpenAPI document reads the `register`ed metadata as it reads `.meta()` and `.describe()`.
 */

export const counterNames = [
  'dossiers',
  'received',
  'onTime',
  'overdue',
  'finished',
  'slowReception',
  'onlineSubmitted',
  'eligibleReceived',
  'eligibleOnline',
  'ofFeeProcedure',
  'feeBearing',
  'paidOnline',
  'withFeeData',
  'paperResultFinished',
  'eResult',
  'digitised',
  'reused',
  'populationData',
  'syncedOnTime',
  'multipleSupplements',
  'dueAtDisagreements',
  'negativeRating',
  'dissatisfied',
] as const;
export const CounterName = /* @__PURE__ */ (() => z.enum(counterNames))();
export type CounterName = z.infer<typeof CounterName>;
export type Counters = Record<CounterName, number>;

const share = () => z.number().check(z.gt(0), z.maximum(1));

const ratioIndicator = /* @__PURE__ */ (() => z.strictObject({
  kind: z.literal('ratio'),
  numerator: CounterName,
  denominator: CounterName,
  /** The ratio at which the indicator earns full points; below it, points × ratio ÷ fullAt. */
  fullAt: z._default(share(), 1),
  /** Points when the denominator is zero (nothing to judge). */
  whenNone: z._default(z.enum(['full', 'zero']), 'zero'),
  /** The points are then multiplied by this ratio (the online share × the sync ratio, INSIGHT.md §1.1 3.3); 1 when its denominator is zero. */
  times: z.optional(z.strictObject({ numerator: CounterName, denominator: CounterName })),
}))();

/** "100 % − overdue rate" style: points × (1 − numerator ÷ denominator) ÷ fullAt, capped. */
const complementIndicator = /* @__PURE__ */ (() => z.extend(ratioIndicator, { kind: z.literal('complement') }))();

/** A share of procedures (per unit) having at least one dossier with the counter set. */
const procedureShareIndicator = /* @__PURE__ */ (() => z.strictObject({
  kind: z.literal('procedureShare'),
  /** Procedures counted: those with this counter above zero (e.g. feeBearing). */
  among: CounterName,
  /** … of which those with this counter above zero (e.g. paidOnline). */
  having: CounterName,
  fullAt: z._default(share(), 1),
  whenNone: z._default(z.enum(['full', 'zero']), 'zero'),
}))();

const nonNegative = () => z.number().check(z.minimum(0));

/** 6·A + min(2, 2.5·B) + 2.5·C (Decision 766 as observed since 2025). */
const onlinePaymentIndicator = /* @__PURE__ */ (() => z.strictObject({
  kind: z.literal('onlinePayment'),
  aWeight: nonNegative(),
  bFactor: nonNegative(),
  bCap: nonNegative(),
  cFactor: nonNegative(),
}))();

const nationalOnly = /* @__PURE__ */ (() => z.strictObject({ kind: z.literal('nationalOnly'), why: z.string() }))();

export const IndicatorRule = /* @__PURE__ */ (() => z.discriminatedUnion('kind', [
  ratioIndicator,
  complementIndicator,
  procedureShareIndicator,
  onlinePaymentIndicator,
  nationalOnly,
]))();
export type IndicatorRule = z.output<typeof IndicatorRule>;

export const Indicator = /* @__PURE__ */ (() => z.strictObject({
  id: z.string().check(z.regex(/^\d+\.\d+$/)),
  name: z.string(),
  points: nonNegative(),
  rule: IndicatorRule,
  /** What of this indicator the gateway cannot see (shown as `nationalOnlyPart` in the scorecard). */
  nationalOnlyPart: z.optional(z.string()),
  note: z.optional(z.string()),
}))();

export const ScorecardConfig = /* @__PURE__ */ (() => z
  .strictObject({
    configVersion: z.int().check(z.minimum(1)),
    groups: z
      .array(z.strictObject({ id: z.string(), name: z.string(), points: nonNegative(), indicators: z.array(Indicator).check(z.minLength(1)) }))
      .check(z.minLength(1)),
    /** A dossier's progress reaches the portal "on time" when acknowledged within this many minutes. */
    syncOnTimeMinutes: z.int().check(z.minimum(1), z.maximum(7 * 24 * 60)),
    /** A citizen's rating (1–5, relayed from the portal) at or below this counts as negative. */
    negativeRatingAtMost: z._default(z.int().check(z.minimum(1), z.maximum(5)), 2),
  })
  .check(
    z.superRefine((config, ctx) => {
      config.groups.forEach((group, g) => {
        const sum = group.indicators.reduce((total, i) => total + i.points, 0);
        if (Math.abs(sum - group.points) > 1e-9) ctx.addIssue({ code: 'custom', path: ['groups', g, 'points'], message: `indicators add up to ${sum}, not ${group.points}` });
      });
    }),
  )
  .register(z.globalRegistry, { id: 'ScorecardConfig' }))();
export type ScorecardConfig = z.output<typeof ScorecardConfig>;
export type ScorecardConfigInput = z.input<typeof ScorecardConfig>;

const nullableNumber = () => z.nullable(z.number());

export const IndicatorScore = /* @__PURE__ */ (() => z.strictObject({
  id: z.string(),
  name: z.string(),
  points: z.number(),
  score: z.nullable(z.number()).register(z.globalRegistry, { description: 'null: national only (the gateway cannot see it)' }),
  ratio: nullableNumber(),
  numerator: nullableNumber(),
  denominator: nullableNumber(),
  visibility: z.enum(['gateway', 'national_only']),
  /** The factor the points were multiplied by (the sync ratio of the online share), when the rule has one. */
  factor: z.optional(z.number()),
  /** Part of the indicator only the national portal sees (the score leaves it out). */
  nationalOnlyPart: z.optional(z.string()),
  note: z.optional(z.string()),
}))();

export const GroupScore = /* @__PURE__ */ (() => z.strictObject({
  id: z.string(),
  name: z.string(),
  points: z.number(),
  score: z.number().register(z.globalRegistry, { description: 'points earned by the indicators the gateway can see' }),
  visiblePoints: z.number().register(z.globalRegistry, { description: 'points the gateway can see in this group' }),
  indicators: z.array(IndicatorScore),
}))();

export const Scorecard = /* @__PURE__ */ (() => z
  .strictObject({
    scope: z.strictObject({ kind: z.enum(['city', 'unit', 'procedure']), code: z.nullable(z.string()) }),
    period: z.strictObject({ kind: z.enum(['month', 'quarter', 'year']), label: z.string(), months: z.array(z.string()) }),
    score: z.number(),
    visiblePoints: z.number(),
    nationalOnlyPoints: z.number(),
    groups: z.array(GroupScore),
    counters: z.record(z.string(), z.number()),
    configVersion: z.int(),
    publication: z
      .optional(
        z.strictObject({
          status: z.enum(['live', 'frozen', 'partly_frozen']).register(z.globalRegistry, { description: 'frozen: every month of the period is kept as published' }),
          frozenMonths: z.array(z.strictObject({ month: z.string(), frozenAt: z.string() })),
          adjustments: z
            .strictObject({
              score: z.number().register(z.globalRegistry, { description: 'the live score minus the published one' }),
              counters: z.record(z.string(), z.number()).register(z.globalRegistry, { description: 'live minus published, counters that moved only' }),
              dossiers: z.array(z.string()).register(z.globalRegistry, { description: 'dossiers corrected after publication (at most 50)' }),
            })
            .register(z.globalRegistry, { description: 'late corrections of frozen months since they were published' }),
        }),
      )
      .register(z.globalRegistry, { description: 'closed months are frozen at month end + grace; score and counters are the published figures' }),
  })
  .register(z.globalRegistry, { id: 'Scorecard' }))();
export type Scorecard = z.output<typeof Scorecard>;
