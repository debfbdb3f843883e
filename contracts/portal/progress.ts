import * as z from '../zod-mini';
import { statusCodeValues } from './dossier';
import { portalServiceHeader, PortalTime } from './envelope';
import { portalFieldLimits, portalListLimits } from './limits';

/** The portal accepts at most this many steps in one CapNhatTienDoHoSoMC call. */
export const maxStepsPerCall = portalListLimits.stepsPerCall;

export const PortalStep = /* @__PURE__ */ (() => z.strictObject({
  MaHoSo: z.string().check(z.minLength(1), z.maxLength(portalFieldLimits.dossierCode)),
  NguoiXuLy: z.string().check(z.minLength(1)),
  ChucDanh: z.optional(z.string()),
  ThoiDiemXuLy: PortalTime,
  PhongBanXuLy: z.optional(z.string()),
  NoiDungXuLy: z.string().check(z.minLength(1)),
  TrangThai: z.enum(statusCodeValues),
  NgayBatDau: z.optional(PortalTime),
  NgayKetThucTheoQuyDinh: z.optional(PortalTime),
}))();
export type PortalStep = z.output<typeof PortalStep>;

export const CapNhatTienDoHoSoMCRequest = /* @__PURE__ */ (() => z.strictObject({
  ...portalServiceHeader,
  service: z.literal('CapNhatTienDoHoSoMC'),
  data: z.array(PortalStep).check(z.minLength(1), z.maxLength(maxStepsPerCall)),
}))();
export type CapNhatTienDoHoSoMCRequest = z.output<typeof CapNhatTienDoHoSoMCRequest>;
