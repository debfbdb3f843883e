import { EvaluationRequest, type EvaluationRow } from '../../../../contracts/portal/evaluation';
import * as z from '../../../../contracts/zod-mini';
import type { PortalDossier } from '../../../../contracts/portal/dossier';

/**
 * The portal's published scores, computed by the simulator from what was synced to it — the
 * portal's own view and its own implementation of the 766 method (INSIGHT.md §1.1), independent of
 * the gateway's shadow scorecard, so reconciliation has real differences to explain (dossiers
 * never synced or synced late, finished after NgayHenTra, negative ratings the gateway cannot
 * count). Every kind answers one row per department (the dossiers' DonViXuLy: the portal knows
 * the unit by name) with `total*` figures and the points given (`score*`).
 */

export interface HeldForEvaluation {
  readonly dossier: PortalDossier;
  /** When the portal first got a version carrying NgayTiepNhan (the received state). */
  readonly receivedSyncAt?: number;
}

export interface EvaluationFacts {
  readonly dossiers: Iterable<HeldForEvaluation>;
  /** Dossiers a citizen rated 1 or 2 (a negative rating), or complained about. */
  readonly negativelyRated: ReadonlySet<string>;
  readonly now: Date;
}

/** The portal counts a received dossier's sync on time when it arrives within a day of NgayTiepNhan (simulated rule). */
const syncOnTimeMs = 24 * 3_600_000;

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
const msOf = (t: string) => Date.parse(`${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}+07:00`);
const round = (n: number) => Math.round(n * 100) / 100;
/** points × ratio ÷ fullAt, capped; `whenNone` when there is nothing to judge. */
const points = (max: number, num: number, den: number, fullAt = 1, whenNone = 0) => (den > 0 ? round(Math.min(max, (max * num) / den / fullAt)) : whenNone);

interface Tally {
  received: number;
  onTime: number;
  overdue: number;
  completed: number;
  processingDays: number[];
  syncedOnTime: number;
  online: number;
  feeBearing: number;
  paidOnline: number;
  feeProcedures: Set<string>;
  feeProceduresPaidOnline: Set<string>;
  feeProceduresWithFeeData: Set<string>;
  completedPaperResult: number;
  eResult: number;
  digitized: number;
  reused: number;
  populationData: number;
  satisfied: number;
}

const emptyTally = (): Tally => ({
  received: 0,
  onTime: 0,
  overdue: 0,
  completed: 0,
  processingDays: [],
  syncedOnTime: 0,
  online: 0,
  feeBearing: 0,
  paidOnline: 0,
  feeProcedures: new Set(),
  feeProceduresPaidOnline: new Set(),
  feeProceduresWithFeeData: new Set(),
  completedPaperResult: 0,
  eResult: 0,
  digitized: 0,
  reused: 0,
  populationData: 0,
  satisfied: 0,
});

function tally(request: EvaluationRequest, facts: EvaluationFacts): Map<string, Tally> {
  const prefixes = periodPrefixes(request);
  const nowText = portalNow(facts.now);
  const byDepartment = new Map<string, Tally>();
  for (const { dossier: d, receivedSyncAt } of facts.dossiers) {
    if (!d.NgayTiepNhan || !prefixes.some((p) => d.NgayTiepNhan!.startsWith(p))) continue;
    const t = byDepartment.get(d.DonViXuLy) ?? emptyTally();
    byDepartment.set(d.DonViXuLy, t);
    t.received++;
    const end = d.NgayKetThucXuLy;
    if (end) {
      t.completed++;
      t.processingDays.push((msOf(end) - msOf(d.NgayTiepNhan)) / 86_400_000);
    }
    // Progress: more than one supplement request is overdue; otherwise the end (or now) against NgayHenTra.
    const onTime = d.DanhSachHoSoBoSung.length <= 1 && (d.NgayHenTra ? (end ?? nowText) <= d.NgayHenTra : true);
    if (onTime) t.onTime++;
    else t.overdue++;
    if (receivedSyncAt !== undefined && receivedSyncAt - msOf(d.NgayTiepNhan) <= syncOnTimeMs) t.syncedOnTime++;
    const results = d.DanhSachGiayToKetQua;
    const eResult = results.some((r) => r.MaGiayToKetQua !== undefined);
    if (d.KenhThucHien === '2' && (!end || results.length === 0 || eResult)) t.online++;
    const fees = d.DanhSachLePhi.filter((f) => f.Gia > 0);
    if (fees.length > 0) {
      t.feeBearing++;
      t.feeProcedures.add(d.MaTTHC);
      t.feeProceduresWithFeeData.add(d.MaTTHC);
      if (d.DuocThanhToanTrucTuyen === '1') {
        t.paidOnline++;
        t.feeProceduresPaidOnline.add(d.MaTTHC);
      }
    }
    if (end && results.length > 0) {
      t.completedPaperResult++;
      if (eResult) t.eResult++;
    }
    if (d.TaiLieuNop.length > 0 || results.length > 0) t.digitized++;
    if (d.HoSoCoThanhPhanSoHoa === '1') t.reused++;
    if (d.TaiKhoanDuocXacThucVoiVNeID === '1') t.populationData++;
    if (onTime && !facts.negativelyRated.has(d.MaHoSo)) t.satisfied++;
  }
  return byDepartment;
}

function rowOf(kind: string, department: string, t: Tally): EvaluationRow | undefined {
  const base = { departmentId: department, departmentName: department };
  switch (kind) {
    case 'transparency':
      return { ...base, totalReceived: t.received, totalSyncedOnTime: t.syncedOnTime, scoreSyncOnTime: points(6, t.syncedOnTime, t.received) };
    case 'dvc-progress-tree':
      return {
        ...base,
        totalReceived: t.received,
        totalOnTime: t.onTime,
        totalOverdue: t.overdue,
        totalCompleted: t.completed,
        avgProcessingDays: t.processingDays.length > 0 ? round(t.processingDays.reduce((a, b) => a + b, 0) / t.processingDays.length) : null,
        scoreProgress: points(20, t.onTime, t.received, 1, 20),
      };
    case 'provide-online-tree': {
      const syncRatio = t.received > 0 ? t.syncedOnTime / t.received : 0;
      return { ...base, totalReceived: t.received, totalOnline: t.online, scoreOnline: round(points(12, t.online, t.received) * syncRatio) };
    }
    case 'formality-online-payment-tree': {
      const procedures = t.feeProcedures.size;
      const a = t.feeBearing > 0 ? t.paidOnline / t.feeBearing : 0;
      const b = procedures > 0 ? t.feeProceduresPaidOnline.size / procedures : 0;
      const c = procedures > 0 ? t.feeProceduresWithFeeData.size / procedures : 0;
      return {
        ...base,
        totalFeeBearing: t.feeBearing,
        totalPaidOnline: t.paidOnline,
        totalFeeProcedures: procedures,
        scoreOnlinePayment: t.feeBearing === 0 ? 10 : round(Math.min(10, 6 * a + Math.min(2, 2.5 * b) + 2.5 * c)),
      };
    }
    case 'dossier-digitized':
      return {
        ...base,
        totalReceived: t.received,
        totalCompletedPaperResult: t.completedPaperResult,
        totalEResult: t.eResult,
        totalDigitized: t.digitized,
        totalReused: t.reused,
        totalPopulationData: t.populationData,
        scoreEResult: points(6, t.eResult, t.completedPaperResult),
        scoreDigitized: points(4, t.digitized, t.received),
        scoreReused: points(2, t.reused, t.received, 0.8),
        scorePopulationData: points(2, t.populationData, t.received),
      };
    case 'handling-satisfaction':
      return { ...base, totalReceived: t.received, totalSatisfied: t.satisfied, scoreSatisfaction: points(6, t.satisfied, t.received, 0.9) };
    default:
      return undefined;
  }
}

export function evaluate(kind: string, body: unknown, facts: EvaluationFacts): { status: number; body: unknown } {
  const parsed = z.safeParse(EvaluationRequest, body);
  if (!parsed.success) return { status: 400, body: { code: 'BAD_REQUEST', message: parsed.error.message } };
  const rows: EvaluationRow[] = [];
  for (const [department, t] of tally(parsed.data, facts)) {
    const row = rowOf(kind, department, t);
    if (!row) return { status: 404, body: { code: 'NOT_FOUND', message: `no evaluation ${kind}` } };
    rows.push(row);
  }
  if (!rowOf(kind, '-', emptyTally())) return { status: 404, body: { code: 'NOT_FOUND', message: `no evaluation ${kind}` } };
  const { currentPage, pageSize } = parsed.data;
  return { status: 201, body: { code: 'OK', data: { rows: rows.slice((currentPage - 1) * pageSize, currentPage * pageSize), total: rows.length } } };
}
