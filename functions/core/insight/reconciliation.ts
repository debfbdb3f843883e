import type { ProgressRow } from '../../../contracts/portal/evaluation';
import type { Counters } from '../../../contracts/insight/scorecard';
import type { RiskEntry } from './contribution-update';

/**
 * The shadow progress indicator against the portal's published one, per unit. The portal knows
 * units by name (DonViXuLy), the gateway by code and name: rows are matched by name. What explains
 * a difference: dossiers the portal did not get in time (sync late), due dates the city set apart
 * from the calendar (the portal judges against the city's NgayHenTra), and units one side lacks.
 */

export interface OfficialProgress {
  readonly month: string;
  readonly departmentName: string;
  readonly totalReceived: number;
  readonly totalOnTime: number;
  readonly totalOverdue: number;
  readonly pulledAt: string;
}

export interface UnitReconciliation {
  readonly unitKey: string | null;
  readonly unitName: string;
  readonly shadow: { readonly received: number; readonly onTime: number; readonly overdue: number; readonly progressScore: number } | null;
  readonly official: { readonly received: number; readonly onTime: number; readonly overdue: number; readonly progressScore: number } | null;
  readonly difference: { readonly received: number; readonly onTime: number; readonly progressScore: number };
  readonly explanations: readonly string[];
  /** Dossiers of the unit that may explain the difference (synced late), most recent first. */
  readonly dossiers: readonly string[];
}

const score = (onTime: number, received: number, points: number) => (received > 0 ? Math.round(((points * onTime) / received) * 100) / 100 : points);

export function reconcile(
  shadowUnits: readonly { unitKey: string; unitName: string | null; counters: Counters }[],
  official: readonly Pick<ProgressRow, 'departmentName' | 'totalReceived' | 'totalOnTime' | 'totalOverdue'>[],
  risks: ReadonlyMap<string, readonly RiskEntry[]>,
  progressPoints: number,
): UnitReconciliation[] {
  const byName = new Map(official.map((row) => [row.departmentName, row]));
  const seen = new Set<string>();
  const result: UnitReconciliation[] = [];
  for (const unit of shadowUnits) {
    const name = unit.unitName ?? unit.unitKey;
    seen.add(name);
    const row = byName.get(name);
    const c = unit.counters;
    const shadow = { received: c.received, onTime: c.onTime, overdue: c.overdue, progressScore: score(c.onTime, c.received, progressPoints) };
    const off = row ? { received: row.totalReceived, onTime: row.totalOnTime, overdue: row.totalOverdue, progressScore: score(row.totalOnTime, row.totalReceived, progressPoints) } : null;
    const explanations: string[] = [];
    const late = (risks.get(unit.unitKey) ?? []).filter((r) => r.reasons.includes('sync_late')).map((r) => r.dossierCode);
    if (!off) explanations.push('the portal publishes no figures for this unit (name not found)');
    else {
      if (off.received < shadow.received) explanations.push(`${shadow.received - off.received} received dossiers not on the portal (never synced or synced late)`);
      if (off.received > shadow.received) explanations.push(`${off.received - shadow.received} dossiers on the portal the gateway did not see (another channel or system)`);
      if (c.dueAtDisagreements > 0) explanations.push(`${c.dueAtDisagreements} dossiers whose city due date differs from the calendar's (the portal judges against the city's)`);
      if (c.multipleSupplements > 0) explanations.push(`${c.multipleSupplements} dossiers with more than one supplement request (overdue on both sides if synced)`);
    }
    result.push({
      unitKey: unit.unitKey,
      unitName: name,
      shadow,
      official: off,
      difference: { received: (off?.received ?? 0) - shadow.received, onTime: (off?.onTime ?? 0) - shadow.onTime, progressScore: Math.round(((off?.progressScore ?? 0) - shadow.progressScore) * 100) / 100 },
      explanations,
      dossiers: late.slice(0, 50),
    });
  }
  for (const row of official) {
    if (seen.has(row.departmentName)) continue;
    const off = { received: row.totalReceived, onTime: row.totalOnTime, overdue: row.totalOverdue, progressScore: score(row.totalOnTime, row.totalReceived, progressPoints) };
    result.push({
      unitKey: null,
      unitName: row.departmentName,
      shadow: null,
      official: off,
      difference: { received: off.received, onTime: off.onTime, progressScore: off.progressScore - progressPoints },
      explanations: ['a unit on the portal that sent the gateway nothing this period'],
      dossiers: [],
    });
  }
  return result.sort((a, b) => Math.abs(b.difference.progressScore) - Math.abs(a.difference.progressScore));
}
