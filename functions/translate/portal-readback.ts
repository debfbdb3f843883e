import type { PortalDossier, PortalHeldDossier } from '../../contracts/portal/dossier';
import type { PortalStep } from '../../contracts/portal/progress';

/**
 * Comparisons between what the gateway sends the portal and what TraCuuHoSo says the portal
 * holds. Partner field names stay here; the sync and the verifier only see the verdicts.
 */

/** Key order and `undefined` members must not make equal content look different. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * The fields of the payload the portal holds differently. Only fields the portal returned are
 * compared (a portal may return a subset): a field it leaves out can neither prove nor disprove.
 */
export function dossierDifferences(sent: PortalDossier, held: PortalHeldDossier): string[] {
  const returned = held as Record<string, unknown>;
  return Object.entries(sent)
    .filter(([field, value]) => value !== undefined && field in returned && canonical(value) !== canonical(fieldValue(returned[field])))
    .map(([field]) => field);
}

/** The portal may answer a code as a number; the gateway always sends strings. */
function fieldValue(value: unknown): unknown {
  return typeof value === 'number' ? String(value) : value;
}

/** What identifies a step at the portal, which keeps no id of ours. */
function stepKey(step: { ThoiDiemXuLy: string; NoiDungXuLy: string; TrangThai: string }): string {
  return `${step.ThoiDiemXuLy}|${step.TrangThai}|${step.NoiDungXuLy}`;
}

export interface StepReadBack {
  /** Ids of pending steps the portal already holds: record them as sent, do not resend. */
  readonly held: string[];
  /** Ids of steps the gateway recorded as sent that the portal does not hold. */
  readonly missing: string[];
  /** How many steps the portal holds more than once (duplicates nobody can take back). */
  readonly duplicated: number;
}

/**
 * Matches the gateway's steps (id → translated step) against the history the portal returned, as
 * multisets: each step the portal holds accounts for one of ours, so a step sent twice shows up.
 * `recorded` are the ids the gateway believes sent, `pending` the others.
 */
export function readBackSteps(
  history: NonNullable<PortalHeldDossier['QuaTrinhXuLy']>,
  recorded: readonly { id: string; step: PortalStep }[],
  pending: readonly { id: string; step: PortalStep }[],
): StepReadBack {
  const counts = new Map<string, number>();
  for (const step of history) counts.set(stepKey(step), (counts.get(stepKey(step)) ?? 0) + 1);
  const take = (step: PortalStep) => {
    const left = counts.get(stepKey(step)) ?? 0;
    if (left === 0) return false;
    counts.set(stepKey(step), left - 1);
    return true;
  };
  const missing = recorded.filter((s) => !take(s.step)).map((s) => s.id);
  const held = pending.filter((s) => take(s.step)).map((s) => s.id);
  const ours = new Set([...recorded, ...pending].map((s) => stepKey(s.step)));
  const duplicated = [...counts.entries()].filter(([key]) => ours.has(key)).reduce((sum, [, left]) => sum + left, 0);
  return { held, missing, duplicated };
}

/**
 * Without the history, a step call whose answer was lost counts as applied only if the dossier's
 * status shows it (PARTNERS.md §1): the portal holds the last step's status, and that status is
 * not simply the one the dossier push set. Anything else is resent.
 */
export function statusShowsSteps(held: PortalHeldDossier, steps: readonly PortalStep[], pushed: PortalDossier): boolean {
  const last = steps.at(-1);
  if (!last || held.TrangThaiHoSo === undefined) return false;
  return held.TrangThaiHoSo === last.TrangThai && last.TrangThai !== pushed.TrangThaiHoSo;
}
