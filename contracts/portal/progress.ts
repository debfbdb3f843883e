import * as z from 'zod';
import { statusCodeValues } from './dossier';
import { portalServiceHeader, PortalTime } from './envelope';
import { portalFieldLimits, portalListLimits } from './limits';

/** The portal accepts at most this many steps in one CapNhatTienDoHoSoMC call. */
export const maxStepsPerCall = portalListLimits.stepsPerCall;

export const PortalStep = /* @__PURE__ */ z.strictObject({
  MaHoSo: z.string().min(1).max(portalFieldLimits.dossierCode),
  NguoiXuLy: z.string().min(1),
  ChucDanh: z.string().optional(),
  ThoiDiemXuLy: PortalTime,
  PhongBanXuLy: z.string().optional(),
  NoiDungXuLy: z.string().min(1),
  TrangThai: z.enum(statusCodeValues),
  NgayBatDau: PortalTime.optional(),
  NgayKetThucTheoQuyDinh: PortalTime.optional(),
});
export type PortalStep = z.infer<typeof PortalStep>;

export const CapNhatTienDoHoSoMCRequest = /* @__PURE__ */ z.strictObject({
  ...portalServiceHeader,
  service: z.literal('CapNhatTienDoHoSoMC'),
  data: z.array(PortalStep).min(1).max(maxStepsPerCall),
});
export type CapNhatTienDoHoSoMCRequest = z.infer<typeof CapNhatTienDoHoSoMCRequest>;
