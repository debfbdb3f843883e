import { officialIndicators, type EvaluationKind, type EvaluationRow } from '../../../contracts/portal/evaluation';
import type { Counters, Scorecard, ScorecardConfig } from '../../../contracts/insight/scorecard';
import { scorecardOf, zeroCounters } from './score';
import type { RiskReason } from './contribution';
import type { RiskEntry } from './contribution-update';

/**
 * The shadow scorecard against the portal's published figures, per unit and per indicator the
 * portal publishes per department (contracts/portal/evaluation `officialIndicators`). The portal
 * knows units by name (DonViXuLy), the gateway by code and name: rows are matched by name. Each
 * indicator says the difference (numerator, denominator, points), why it may differ, and the
 * dossiers of the unit that explain it (the at-risk entries whose reasons bear on it).
 */

/** The portal's published figures of a month: rows per evaluation kind. */
export type OfficialFigures = ReadonlyMap<EvaluationKind, readonly EvaluationRow[]>;

export interface Figures {
  readonly numerator: number;
  readonly denominator: number;
  readonly score: number;
}

export interface IndicatorReconciliation {
  readonly id: string;
  readonly name: string;
  readonly points: number;
  readonly shadow: Figures | null;
  readonly official: Figures | null;
  /** official − shadow; null when one side has no figure. */
  readonly difference: Figures | null;
  readonly explanations: readonly string[];
  readonly dossiers: readonly string[];
}

interface Progress {
  readonly received: number;
  readonly onTime: number;
  readonly overdue: number;
  readonly progressScore: number;
}

export interface UnitReconciliation {
  readonly unitKey: string | null;
  readonly unitName: string;
  readonly shadow: Progress | null;
  readonly official: Progress | null;
  readonly difference: { readonly received: number; readonly onTime: number; readonly progressScore: number };
  /** official − shadow over the indicators both sides publish. */
  readonly scoreDifference: number;
  readonly explanations: readonly string[];
  /** Dossiers of the unit that may explain the progress difference (synced late, overdue). */
  readonly dossiers: readonly string[];
  readonly indicators: readonly IndicatorReconciliation[];
}

export interface ShadowUnit {
  readonly unitKey: string;
  readonly unitName: string | null;
  readonly card: Scorecard;
}

/** Which at-risk reasons bear on each indicator (a dossier with one of them may explain the difference). */
const reasonsByIndicator: Readonly<Record<string, readonly RiskReason[]>> = {
  '1.4': ['sync_late'],
  '2.1': ['overdue', 'multiple_supplements', 'sync_late'],
  '3.3': ['sync_late', 'no_e_result'],
  '3.6': ['not_paid_online'],
  '4.1': ['no_e_result'],
  '4.2': ['not_digitised'],
  '5.4': ['overdue', 'multiple_supplements', 'negative_rating'],
};

/** What only one side can know, per indicator (said whenever the figures differ). */
const knownCauses: Readonly<Record<string, string>> = {
  '1.4': "the portal times a sync by its own clock from NgayTiepNhan; the gateway from the city's snapshot to the portal's acknowledgement",
  '2.1': "the portal judges against the city's NgayHenTra as synced; the gateway against the calendar's due date when the city gives none",
  '3.3': 'the portal multiplies the online share by its own sync ratio',
  '3.6': 'the portal counts only DuocThanhToanTrucTuyen as synced; a payment confirmed after the last sync is not there yet',
  '5.4': 'complaints, and ratings the portal did not relay to the gateway, are counted by the portal only',
};

const maxDossiers = 50;
const round = (n: number) => Math.round(n * 100) / 100;
const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

function officialRowsByName(official: OfficialFigures): Map<string, Map<EvaluationKind, EvaluationRow>> {
  const byName = new Map<string, Map<EvaluationKind, EvaluationRow>>();
  for (const [kind, rows] of official) {
    for (const row of rows) {
      const kinds = byName.get(row.departmentName) ?? new Map<EvaluationKind, EvaluationRow>();
      kinds.set(kind, row);
      byName.set(row.departmentName, kinds);
    }
  }
  return byName;
}

function officialFigures(id: string, rows: ReadonlyMap<EvaluationKind, EvaluationRow> | undefined): Figures | null {
  const where = officialIndicators[id];
  const row = where ? rows?.get(where.kind) : undefined;
  if (!where || !row) return null;
  return { numerator: num(row[where.numerator]), denominator: num(row[where.denominator]), score: num(row[where.score]) };
}

function indicatorRows(card: Scorecard | null, rows: ReadonlyMap<EvaluationKind, EvaluationRow> | undefined, risks: readonly RiskEntry[], counters: Counters | null, template: Scorecard): IndicatorReconciliation[] {
  const result: IndicatorReconciliation[] = [];
  for (const [g, group] of template.groups.entries()) {
    for (const [i, indicator] of group.indicators.entries()) {
      if (indicator.visibility !== 'gateway' || !officialIndicators[indicator.id]) continue;
      const mine = card?.groups[g]?.indicators[i];
      const shadow = mine ? { numerator: mine.numerator ?? 0, denominator: mine.denominator ?? 0, score: mine.score ?? 0 } : null;
      const official = officialFigures(indicator.id, rows);
      const difference =
        shadow && official
          ? { numerator: official.numerator - shadow.numerator, denominator: official.denominator - shadow.denominator, score: round(official.score - shadow.score) }
          : null;
      const explanations: string[] = [];
      let dossiers: string[] = [];
      if (!official) explanations.push('the portal publishes no figure for this unit and indicator');
      else if (!shadow) explanations.push('the gateway saw no dossier of this unit');
      else if (difference && (difference.score !== 0 || difference.numerator !== 0 || difference.denominator !== 0)) {
        if (difference.denominator < 0) explanations.push(`${-difference.denominator} dossiers counted by the gateway are not on the portal (never synced, or synced after the portal's cut)`);
        if (difference.denominator > 0) explanations.push(`${difference.denominator} dossiers on the portal the gateway did not see (another channel or system)`);
        if (difference.numerator !== 0 && difference.denominator === 0) explanations.push(`the portal counts ${Math.abs(difference.numerator)} ${difference.numerator > 0 ? 'more' : 'fewer'} dossiers as meeting the indicator`);
        if (indicator.id === '2.1' && counters && counters.dueAtDisagreements > 0) explanations.push(`${counters.dueAtDisagreements} dossiers whose city due date differs from the calendar's`);
        if ((indicator.id === '2.1' || indicator.id === '5.4') && counters && counters.multipleSupplements > 0) explanations.push(`${counters.multipleSupplements} dossiers with more than one supplement request (overdue on both sides if synced)`);
        const cause = knownCauses[indicator.id];
        if (cause) explanations.push(cause);
        const reasons = reasonsByIndicator[indicator.id] ?? [];
        dossiers = risks.filter((r) => r.reasons.some((reason) => reasons.includes(reason))).map((r) => r.dossierCode).slice(0, maxDossiers);
      }
      result.push({ id: indicator.id, name: indicator.name, points: indicator.points, shadow, official, difference, explanations, dossiers });
    }
  }
  return result;
}

const progressOf = (received: number, onTime: number, overdue: number, score: number): Progress => ({ received, onTime, overdue, progressScore: score });

/** `shadowUnits` carry their scorecards of the month, built with `config`. */
export function reconcile(
  shadowUnits: readonly ShadowUnit[],
  official: OfficialFigures,
  risks: ReadonlyMap<string, readonly RiskEntry[]>,
  config: ScorecardConfig,
): UnitReconciliation[] {
  // An empty card gives the indicators' order and visibility (for units only the portal has).
  const template = scorecardOf({ scope: { kind: 'city', code: null }, period: { kind: 'month', label: '-', months: [] }, totals: zeroCounters(), procedures: [] }, config);
  const byName = officialRowsByName(official);
  const seen = new Set<string>();
  const result: UnitReconciliation[] = [];
  const progressPoints = template.groups.flatMap((g) => g.indicators).find((i) => i.id === '2.1')?.points ?? 20;
  const scoreOf = (onTime: number, received: number) => (received > 0 ? round((progressPoints * onTime) / received) : progressPoints);
  for (const unit of shadowUnits) {
    const name = unit.unitName ?? unit.unitKey;
    seen.add(name);
    const rows = byName.get(name);
    const c = unit.card.counters as Counters;
    const unitRisks = risks.get(unit.unitKey) ?? [];
    const indicators = indicatorRows(unit.card, rows, unitRisks, c, template);
    const progressRow = rows?.get('dvc-progress-tree');
    const shadow = progressOf(c.received, c.onTime, c.overdue, scoreOf(c.onTime, c.received));
    const off = progressRow ? progressOf(num(progressRow.totalReceived), num(progressRow.totalOnTime), num(progressRow.totalOverdue), scoreOf(num(progressRow.totalOnTime), num(progressRow.totalReceived))) : null;
    const explanations: string[] = [];
    if (!rows) explanations.push('the portal publishes no figures for this unit (name not found)');
    else {
      if (off && off.received < shadow.received) explanations.push(`${shadow.received - off.received} received dossiers not on the portal (never synced or synced late)`);
      if (off && off.received > shadow.received) explanations.push(`${off.received - shadow.received} dossiers on the portal the gateway did not see (another channel or system)`);
      if (c.dueAtDisagreements > 0) explanations.push(`${c.dueAtDisagreements} dossiers whose city due date differs from the calendar's (the portal judges against the city's)`);
      if (c.multipleSupplements > 0) explanations.push(`${c.multipleSupplements} dossiers with more than one supplement request (overdue on both sides if synced)`);
    }
    const progressReasons = reasonsByIndicator['2.1']!;
    result.push({
      unitKey: unit.unitKey,
      unitName: name,
      shadow,
      official: off,
      difference: { received: (off?.received ?? 0) - shadow.received, onTime: (off?.onTime ?? 0) - shadow.onTime, progressScore: round((off?.progressScore ?? 0) - shadow.progressScore) },
      scoreDifference: round(indicators.reduce((sum, i) => sum + (i.difference?.score ?? 0), 0)),
      explanations,
      dossiers: unitRisks.filter((r) => r.reasons.some((reason) => progressReasons.includes(reason))).map((r) => r.dossierCode).slice(0, maxDossiers),
      indicators,
    });
  }
  for (const [name, rows] of byName) {
    if (seen.has(name)) continue;
    const progressRow = rows.get('dvc-progress-tree');
    const off = progressRow ? progressOf(num(progressRow.totalReceived), num(progressRow.totalOnTime), num(progressRow.totalOverdue), scoreOf(num(progressRow.totalOnTime), num(progressRow.totalReceived))) : null;
    result.push({
      unitKey: null,
      unitName: name,
      shadow: null,
      official: off,
      difference: { received: off?.received ?? 0, onTime: off?.onTime ?? 0, progressScore: round((off?.progressScore ?? 0) - progressPoints) },
      scoreDifference: 0,
      explanations: ['a unit on the portal that sent the gateway nothing this period'],
      dossiers: [],
      indicators: indicatorRows(null, rows, [], null, template),
    });
  }
  return result.sort((a, b) => Math.abs(b.scoreDifference) - Math.abs(a.scoreDifference) || Math.abs(b.difference.progressScore) - Math.abs(a.difference.progressScore));
}
