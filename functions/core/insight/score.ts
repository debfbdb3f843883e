import type { Counters, CounterName, IndicatorRule, Scorecard, ScorecardConfig } from '../../../contracts/insight/scorecard';
import { counterNames } from '../../../contracts/insight/scorecard';

/**
 * Counters → points, by the configured rules. Pure and proportional to the number of procedures
 * in the scope at most (the procedure-share indicators), never to the number of dossiers.
 */

export function zeroCounters(): Counters {
  return Object.fromEntries(counterNames.map((name) => [name, 0])) as Counters;
}

export function addCounters(into: Counters, more: Partial<Record<string, number>>): Counters {
  for (const name of counterNames) into[name] += Number(more[name] ?? 0);
  return into;
}

type IndicatorResult = Scorecard['groups'][number]['indicators'][number];
type Scored = Omit<IndicatorResult, 'id' | 'name' | 'points' | 'note'>;

const round = (n: number) => Math.round(n * 100) / 100;

function ratioScore(points: number, num: number, den: number, fullAt: number, whenNone: 'full' | 'zero') {
  if (den <= 0) return { score: whenNone === 'full' ? points : 0, ratio: null };
  const ratio = num / den;
  return { score: Math.min(points, (points * ratio) / fullAt), ratio };
}

function procedureShare(procedures: readonly Counters[], among: CounterName, having: CounterName): { num: number; den: number } {
  const pool = procedures.filter((p) => p[among] > 0);
  return { num: pool.filter((p) => p[having] > 0).length, den: pool.length };
}

function scoreIndicator(points: number, rule: IndicatorRule, totals: Counters, procedures: readonly Counters[]): Scored {
  switch (rule.kind) {
    case 'nationalOnly':
      return { score: null, ratio: null, numerator: null, denominator: null, visibility: 'national_only', nationalOnlyPart: `the whole indicator: ${rule.why}` };
    case 'ratio': {
      const num = totals[rule.numerator];
      const den = totals[rule.denominator];
      const { score, ratio } = ratioScore(points, num, den, rule.fullAt, rule.whenNone);
      if (!rule.times) return { score: round(score), ratio, numerator: num, denominator: den, visibility: 'gateway' };
      const byDen = totals[rule.times.denominator];
      const factor = byDen > 0 ? Math.min(1, totals[rule.times.numerator] / byDen) : 1;
      return { score: round(score * factor), ratio, numerator: num, denominator: den, visibility: 'gateway', factor };
    }
    case 'complement': {
      const num = totals[rule.numerator];
      const den = totals[rule.denominator];
      const { score, ratio } = ratioScore(points, Math.max(0, den - num), den, rule.fullAt, rule.whenNone);
      return { score: round(score), ratio, numerator: Math.max(0, den - num), denominator: den, visibility: 'gateway' };
    }
    case 'procedureShare': {
      const { num, den } = procedureShare(procedures, rule.among, rule.having);
      const { score, ratio } = ratioScore(points, num, den, rule.fullAt, rule.whenNone);
      return { score: round(score), ratio, numerator: num, denominator: den, visibility: 'gateway' };
    }
    case 'onlinePayment': {
      const a = totals.feeBearing > 0 ? totals.paidOnline / totals.feeBearing : null;
      const b = procedureShare(procedures, 'ofFeeProcedure', 'paidOnline');
      const c = procedureShare(procedures, 'ofFeeProcedure', 'withFeeData');
      if (a === null && b.den === 0) return { score: points, ratio: null, numerator: 0, denominator: 0, visibility: 'gateway' };
      const bRatio = b.den > 0 ? b.num / b.den : 0;
      const cRatio = c.den > 0 ? c.num / c.den : 0;
      const score = Math.min(points, rule.aWeight * (a ?? 0) + Math.min(rule.bCap, rule.bFactor * bRatio) + rule.cFactor * cRatio);
      return { score: round(score), ratio: a, numerator: totals.paidOnline, denominator: totals.feeBearing, visibility: 'gateway' };
    }
  }
}

export interface ScoreInput {
  readonly scope: Scorecard['scope'];
  readonly period: Scorecard['period'];
  readonly totals: Counters;
  /** One row per procedure in the scope (for the procedure-share parts). */
  readonly procedures: readonly Counters[];
}

export function scorecardOf(input: ScoreInput, config: ScorecardConfig): Scorecard {
  const groups = config.groups.map((group) => {
    const indicators = group.indicators.map((indicator) => ({
      id: indicator.id,
      name: indicator.name,
      points: indicator.points,
      ...scoreIndicator(indicator.points, indicator.rule, input.totals, input.procedures),
      ...(indicator.nationalOnlyPart ? { nationalOnlyPart: indicator.nationalOnlyPart } : {}),
      ...(indicator.note ? { note: indicator.note } : {}),
    }));
    const visible = indicators.filter((i) => i.visibility === 'gateway');
    return {
      id: group.id,
      name: group.name,
      points: group.points,
      score: round(visible.reduce((sum, i) => sum + (i.score ?? 0), 0)),
      visiblePoints: visible.reduce((sum, i) => sum + i.points, 0),
      indicators,
    };
  });
  const visiblePoints = groups.reduce((sum, g) => sum + g.visiblePoints, 0);
  const allPoints = groups.reduce((sum, g) => sum + g.points, 0);
  return {
    scope: input.scope,
    period: input.period,
    score: round(groups.reduce((sum, g) => sum + g.score, 0)),
    visiblePoints,
    nationalOnlyPoints: allPoints - visiblePoints,
    groups,
    counters: { ...input.totals },
    configVersion: config.configVersion,
  };
}
