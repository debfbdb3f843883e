import type { IndicatorRule, Scorecard, ScorecardConfig } from '../../../contracts/insight/scorecard';
import type { RiskReason } from './contribution';
import type { RiskEntry } from './contribution-update';

/**
 * Which indicators a reason costs. A dossier's stake in a ratio indicator is what moving it from
 * the numerator out would cost: points ÷ (denominator × fullAt). Reasons that cost no points in
 * the 766 formula as observed (slow reception is Decree 118's clock) still appear, with 0.
 */
const indicatorsOf: Record<RiskReason, readonly string[]> = {
  overdue: ['2.1', '5.4'],
  due_soon: ['2.1', '5.4'],
  multiple_supplements: ['2.1', '5.4'],
  slow_reception: [],
  reception_due_soon: [],
  sync_late: ['1.4'],
  not_paid_online: ['3.6'],
  not_digitised: ['4.2'],
  no_e_result: ['4.1'],
  negative_rating: ['5.4'],
};

export interface RiskView {
  readonly dossierCode: string;
  readonly month: string;
  readonly procedureCode: string;
  readonly dueAt: string | null;
  readonly reasons: readonly { readonly reason: RiskReason; readonly points: number }[];
  /** Points the dossier costs (or will cost) its unit now; reasons sharing an indicator count once. */
  readonly pointsAtStake: number;
  /** Costs already incurred vs. costs that can still be avoided (due soon, reception running). */
  readonly kind: 'costing' | 'at_risk';
}

function stakeOf(rule: IndicatorRule, points: number, card: Scorecard): number {
  const c = card.counters;
  switch (rule.kind) {
    case 'ratio':
    case 'complement': {
      const den = c[rule.denominator] ?? 0;
      return den > 0 ? Math.min(points, points / (den * rule.fullAt)) : 0;
    }
    case 'onlinePayment':
      return (c.feeBearing ?? 0) > 0 ? rule.aWeight / c.feeBearing! : 0;
    default:
      return 0;
  }
}

export function pointsAtRisk(entries: readonly RiskEntry[], card: Scorecard, config: ScorecardConfig): RiskView[] {
  const indicators = new Map(config.groups.flatMap((g) => g.indicators).map((i) => [i.id, i]));
  const stake = new Map<string, number>();
  for (const [id, indicator] of indicators) stake.set(id, stakeOf(indicator.rule, indicator.points, card));
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return entries
    .map((entry) => {
      const counted = new Set<string>();
      const reasons = entry.reasons.map((reason) => {
        let points = 0;
        for (const id of indicatorsOf[reason]) {
          if (counted.has(id)) continue;
          counted.add(id);
          points += stake.get(id) ?? 0;
        }
        return { reason, points: round(points) };
      });
      const costing = entry.reasons.some((r) => r !== 'due_soon' && r !== 'reception_due_soon');
      return {
        dossierCode: entry.dossierCode,
        month: entry.month,
        procedureCode: entry.procedureCode,
        dueAt: entry.dueAt,
        reasons,
        pointsAtStake: round(reasons.reduce((sum, r) => sum + r.points, 0)),
        kind: costing ? ('costing' as const) : ('at_risk' as const),
      };
    })
    .sort((a, b) => b.pointsAtStake - a.pointsAtStake || a.dossierCode.localeCompare(b.dossierCode));
}
