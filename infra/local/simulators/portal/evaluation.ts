import { EvaluationRequest, type ProgressRow } from '../../../../contracts/portal/evaluation';
import type { PortalDossier } from '../../../../contracts/portal/dossier';

/**
 * The portal's published scores, computed by the simulator from what was synced to it — the
 * portal's own view, independent of the gateway's shadow scorecard, so reconciliation has a real
 * difference to explain (dossiers never synced, synced late, finished after NgayHenTra).
 * Only dvc-progress-tree is computed; the other kinds answer rows flagged NO_NATIONAL_REPORT_DATA.
 * Departments are the dossiers' DonViXuLy (the portal knows the unit by name).
 */

const periodPrefixes = (request: EvaluationRequest): string[] => {
  const y = String(request.year);
  if (request.timeType === 'month') return [`${y}${String(request.month ?? 1).padStart(2, '0')}`];
  if (request.timeType === 'quarter') {
    const first = ((request.quarter ?? 1) - 1) * 3 + 1;
    return [0, 1, 2].map((i) => `${y}${String(first + i).padStart(2, '0')}`);
  }
  return [y];
};

/** yyyyMMddHHmmss in GMT+7, as the portal writes times. */
const portalNow = (now: Date) => new Date(now.getTime() + 7 * 3_600_000).toISOString().replace(/[-T:]/g, '').slice(0, 14);

export function evaluate(kind: string, body: unknown, dossiers: Iterable<PortalDossier>, now: Date): { status: number; body: unknown } {
  const parsed = EvaluationRequest.safeParse(body);
  if (!parsed.success) return { status: 400, body: { code: 'BAD_REQUEST', message: parsed.error.message } };
  if (kind !== 'dvc-progress-tree') {
    return { status: 201, body: { code: 'OK', data: { rows: [], total: 0, dataQualityStatus: 'NO_NATIONAL_REPORT_DATA', dataQualityMessage: 'not simulated' } } };
  }
  const prefixes = periodPrefixes(parsed.data);
  const nowText = portalNow(now);
  const rows = new Map<string, ProgressRow & { processingDays: number[] }>();
  for (const d of dossiers) {
    if (!d.NgayTiepNhan || !prefixes.some((p) => d.NgayTiepNhan!.startsWith(p))) continue;
    const row = rows.get(d.DonViXuLy) ?? {
      departmentId: d.DonViXuLy,
      departmentName: d.DonViXuLy,
      totalReceived: 0,
      totalOnTime: 0,
      totalOverdue: 0,
      totalCompleted: 0,
      avgProcessingDays: null,
      processingDays: [],
    };
    row.totalReceived++;
    const end = d.NgayKetThucXuLy;
    if (end) row.totalCompleted++;
    const judged = end ?? nowText;
    const supplements = d.DanhSachHoSoBoSung.length;
    const onTime = supplements <= 1 && (d.NgayHenTra ? judged <= d.NgayHenTra : true);
    if (onTime) row.totalOnTime++;
    else row.totalOverdue++;
    if (end) {
      const ms = (t: string) => Date.parse(`${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}+07:00`);
      row.processingDays.push((ms(end) - ms(d.NgayTiepNhan)) / 86_400_000);
    }
    rows.set(d.DonViXuLy, row);
  }
  const data = [...rows.values()].map(({ processingDays, ...row }) => ({
    ...row,
    avgProcessingDays: processingDays.length > 0 ? Math.round((processingDays.reduce((a, b) => a + b, 0) / processingDays.length) * 100) / 100 : null,
  }));
  const { currentPage, pageSize } = parsed.data;
  return { status: 201, body: { code: 'OK', data: { rows: data.slice((currentPage - 1) * pageSize, currentPage * pageSize), total: data.length } } };
}
