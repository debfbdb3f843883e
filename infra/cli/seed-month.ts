import type { DossierSnapshotInput } from '../../contracts/api/dossier';
import type { ProcedureCatalogue } from '../../contracts/insight/procedures';
import type { CalendarIndex } from '../../functions/core/deadlines/calendar';
import { WarningSink } from '../../functions/core/deadlines/calendar';
import { dueInstant } from '../../functions/core/deadlines/due-date';
import { toLocalIso } from '../../functions/core/deadlines/local-time';
import { addWorkingMinutes, isWorkingDay } from '../../functions/core/deadlines/working-time';

/**
 * A realistic month of dossiers, as a plan of snapshots (each dossier's versions in order):
 * channels (about 60 % online), procedures from the catalogue, receptions on working days,
 * supplements (some twice), fees paid online or at the counter, dossiers finished early, on the
 * day or late, some still open, some online dossiers left unreceived. Deterministic for a seed.
 */

export interface SeedOptions {
  readonly days: number;
  readonly units: number;
  readonly perUnitPerDay: number;
  readonly seed: number;
  readonly now: Date;
}

export interface PlannedDossier {
  readonly code: string;
  readonly versions: DossierSnapshotInput[];
}

/** mulberry32: small, seedable, good enough for traffic shapes. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const procedureNames: Record<string, { name: string; field: { code: string; name: string } }> = {
  '1.000494.000.00.00.H29': { name: 'Chứng thực bản sao từ bản chính', field: { code: 'CT', name: 'Chứng thực' } },
  '1.001193.000.00.00.H29': { name: 'Đăng ký khai sinh', field: { code: 'HT', name: 'Hộ tịch' } },
  '1.000656.000.00.00.H29': { name: 'Đăng ký kết hôn', field: { code: 'HT', name: 'Hộ tịch' } },
  '2.000986.000.00.00.H29': { name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', field: { code: 'XD', name: 'Xây dựng' } },
  '1.004227.000.00.00.H29': { name: 'Đăng ký biến động đất đai', field: { code: 'DD', name: 'Đất đai' } },
  '2.001023.000.00.00.H29': { name: 'Xác nhận thông tin cư trú', field: { code: 'CT', name: 'Cư trú' } },
  '1.003003.000.00.00.H29': { name: 'Tiếp nhận thông báo tổ chức lễ hội', field: { code: 'VH', name: 'Văn hóa' } },
};

export function planMonth(options: SeedOptions, calendar: CalendarIndex, catalogue: ProcedureCatalogue): PlannedDossier[] {
  const rnd = random(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const procedures = Object.keys(catalogue.procedures);
  const plan: PlannedDossier[] = [];
  const nowMs = options.now.getTime();
  const minute = 60_000;
  for (let u = 1; u <= options.units; u++) {
    const unitCode = `H29.SEED.${String(u).padStart(3, '0')}`;
    const unit = { code: unitCode, name: `UBND phường mẫu ${u}` };
    // Units differ: some are slow, some never digitise; that is what the scorecard should show.
    const slowness = rnd() * 0.35;
    const digitises = rnd() > 0.2;
    const ctx = { calendar, unitCode, warnings: new WarningSink() };
    let serial = 0;
    for (let back = options.days; back >= 0; back--) {
      const dayStart = Date.parse(`${new Date(nowMs + 7 * 3_600_000 - back * 86_400_000).toISOString().slice(0, 10)}T07:00:00+07:00`);
      if (!isWorkingDay(dayStart, ctx)) continue;
      const count = Math.max(0, Math.round(options.perUnitPerDay * (0.5 + rnd())));
      for (let n = 0; n < count; n++) {
        const submitted = dayStart + Math.floor(rnd() * 11 * 60) * minute - 60 * minute;
        if (submitted > nowMs) continue;
        const code = `SEED-${unitCode.slice(-3)}-${new Date(dayStart).toISOString().slice(2, 10).replace(/-/g, '')}-${String(++serial).padStart(4, '0')}`;
        const procedureCode = pick(procedures);
        const rule = catalogue.procedures[procedureCode]!;
        const online = rnd() < 0.6;
        // Online dossiers wait on the portal for the officer; a few wait too long, a few forever.
        const receptionDelay = online ? (rnd() < 0.08 ? 9 * 60 + rnd() * 16 * 60 : rnd() * 3 * 60) : 0;
        const received = addWorkingMinutes(submitted, receptionDelay, ctx);
        const neverReceived = online && rnd() < 0.02 && nowMs - submitted > 2 * 86_400_000;
        const feeBearing = rule.feeBearing && rnd() < 0.9;
        const fee = feeBearing ? pick([15_000, 20_000, 50_000, 100_000]) : 0;
        const paidOnline = feeBearing && online && rnd() < 0.7;
        const base: DossierSnapshotInput = {
          version: 1,
          procedure: { code: procedureCode, ...(procedureNames[procedureCode] ?? { name: 'Thủ tục', field: { code: 'KH', name: 'Khác' } }) },
          applicant: { kind: 'individual', name: 'Công dân mẫu', identifiers: [], contacts: {} },
          channel: online ? 'online' : 'in_person',
          status: 'submitted',
          handlingUnit: unit,
          submittedAt: toLocalIso(submitted, 420),
          documents: digitises || rnd() < 0.3 ? [{ id: 'doc-1', name: 'Tờ khai', url: `https://dms.tphcm.example/files/${code}.pdf` }] : [],
          fees: rule.feeBearing ? [{ code: 'LP', name: 'Lệ phí', amount: fee, kind: 'charge' }] : [],
          project06: { vneidVerified: online && rnd() < 0.8, paidOnline, digitised: digitises && rnd() < 0.75 },
        };
        if (neverReceived || received > nowMs) {
          if (online) plan.push({ code, versions: [base] });
          continue;
        }
        const duration = online && rule.onlineDuration ? rule.onlineDuration : rule.duration;
        const due = duration ? dueInstant(received, duration, ctx) : undefined;
        // The city's own due date: usually the computed one, now and then a day off.
        const cityDue = due === undefined ? undefined : rnd() < 0.05 ? addWorkingMinutes(due, 480, ctx) : due;
        const receivedView: DossierSnapshotInput = {
          ...base,
          version: 2,
          status: 'received',
          receivedAt: toLocalIso(received, 420),
          ...(cityDue !== undefined ? { dueAt: toLocalIso(cityDue, 420) } : {}),
        };
        const versions: DossierSnapshotInput[] = online ? [base, receivedView] : [{ ...receivedView, version: 1 }];
        // How it ends: early, on the due day, or late (more for slow units); maybe still open.
        const span = due !== undefined ? due - received : 3 * 86_400_000;
        const roll = rnd();
        const finishAt = roll < slowness ? (due ?? received) + (1 + rnd() * 48) * 60 * minute : received + span * (0.3 + rnd() * 0.68);
        const supplements = rnd() < 0.1 ? (rnd() < 0.25 ? 2 : 1) : 0;
        const supplementRequests = Array.from({ length: supplements }, (_, i) => {
          const asked = received + (i + 1) * 60 * minute;
          return {
            id: `sup-${i + 1}`,
            requestedBy: 'Cán bộ một cửa',
            content: 'Bổ sung bản sao giấy tờ',
            requestedAt: toLocalIso(asked, 420),
            receivedAt: toLocalIso(asked + 24 * 60 * minute, 420),
            status: 'accepted' as const,
          };
        });
        const last = versions.at(-1)!;
        if (finishAt > nowMs) {
          versions.push({ ...last, version: last.version + 1, status: 'processing', supplementRequests });
        } else {
          const results = rule.paperResult && rnd() < 0.7 ? [{ id: 'res-1', name: 'Kết quả', resultCode: `KQ-${code}`, url: `https://dms.tphcm.example/results/${code}.pdf` }] : [];
          versions.push({ ...last, version: last.version + 1, status: 'done', finishedAt: toLocalIso(finishAt, 420), supplementRequests, results });
        }
        plan.push({ code, versions });
      }
    }
  }
  return plan;
}
