import type { DossierSnapshot } from '../../contracts/api/dossier';
import type { PortalStep } from '../../contracts/portal/progress';
import { maxStepsPerCall } from '../../contracts/portal/progress';
import type { PortalStatusMap } from '../../contracts/portal/status-mapping';
import { optionalPortalTime, toPortalTime } from './portal-time';

type HistoryStep = DossierSnapshot['history'][number];

/** One canonical history step → one `CapNhatTienDoHoSoMC.data[]` item. */
export function toPortalStep(dossierCode: string, step: HistoryStep, statusMap: PortalStatusMap): PortalStep {
  return {
    MaHoSo: dossierCode,
    NguoiXuLy: step.actor.name,
    ChucDanh: step.actor.title,
    ThoiDiemXuLy: toPortalTime(step.at),
    PhongBanXuLy: step.unit,
    NoiDungXuLy: step.action,
    TrangThai: statusMap[step.status],
    NgayBatDau: optionalPortalTime(step.startedAt),
    NgayKetThucTheoQuyDinh: optionalPortalTime(step.dueAt),
  };
}

/**
 * The steps the portal has not acknowledged yet, in the city's order, cut into calls of at most
 * ten (the portal's limit). Each chunk keeps the ids so the worker can record what was sent.
 */
export function pendingStepChunks(
  dossier: DossierSnapshot,
  sentStepIds: ReadonlySet<string>,
  statusMap: PortalStatusMap,
): { ids: string[]; steps: PortalStep[] }[] {
  const pending = dossier.history.filter((step) => !sentStepIds.has(step.id));
  const chunks: { ids: string[]; steps: PortalStep[] }[] = [];
  for (let i = 0; i < pending.length; i += maxStepsPerCall) {
    const slice = pending.slice(i, i + maxStepsPerCall);
    chunks.push({ ids: slice.map((s) => s.id), steps: slice.map((s) => toPortalStep(dossier.dossierCode, s, statusMap)) });
  }
  return chunks;
}
