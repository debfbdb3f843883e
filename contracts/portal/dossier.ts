import * as z from 'zod';
import { portalServiceHeader, PortalTime } from './envelope';
import { portalFieldLimits as max, portalListLimits as lists } from './limits';

/** One dossier of `DongBoHoSoMC.data[]` (PARTNERS.md §1). Strict: the simulator rejects extras. */

const code = (values: readonly string[]) => z.enum(values as [string, ...string[]]);
const flag = /* @__PURE__ */ code(['0', '1']);
const optionalText = (max: number) => z.string().max(max).optional();

export const PortalDocument = /* @__PURE__ */ z.strictObject({
  TepDinhKemId: z.string().min(1),
  TenTepDinhKem: z.string().min(1),
  IsDeleted: z.enum(['True', 'False']),
  MaThanhPhanHoSo: z.string().optional(),
  DuongDanTaiTepTin: z.url(),
});

export const PortalFee = /* @__PURE__ */ z.strictObject({
  TenPhiLePhi: z.string().min(1),
  MaPhiLePhi: z.string().min(1),
  HinhThucThu: code(['1', '2', '3']).optional(),
  Gia: z.int().min(0),
  LoaiPhiLePhi: code(['1', '2']),
});

export const PortalPaperDocument = /* @__PURE__ */ z.strictObject({
  TenGiayTo: z.string().min(1),
  SoLuong: z.int().min(1),
  LoaiGiayTo: z.string().optional(),
});

export const PortalSupplement = /* @__PURE__ */ z.strictObject({
  HoSoBoSungId: z.string().min(1),
  NguoiYeuCauBoSung: z.string().min(1),
  NoiDungBoSung: z.string().min(1),
  NgayBoSung: PortalTime,
  NguoiTiepNhanBoSung: z.string().optional(),
  ThongTinTiepNhan: z.string().optional(),
  NgayTiepNhanBoSung: PortalTime.optional(),
  TrangThaiBoSung: code(['1', '2', '3', '4']),
  DanhSachGiayToBoSung: z.string().optional(),
  DanhSachLePhiBoSung: z.string().optional(),
  NgayHenTraTruoc: PortalTime.optional(),
  NgayHenTraMoi: PortalTime.optional(),
});

export const PortalResultDocument = /* @__PURE__ */ z.strictObject({
  TenGiayTo: z.string().min(1),
  MaThanhPhanHoSo: z.string().optional(),
  GiayToId: z.string().min(1),
  DuongDanTepTinKetQua: z.url(),
  MaGiayToKetQua: z.string().optional(),
});

export const PortalIdentifier = /* @__PURE__ */ z.strictObject({
  LoaiDinhDanh: code(['1', '2']),
  SoDinhDanh: z.string().regex(/^(\d{12}|\d{9})$/),
});

export const statusCodeValues = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] as const;

export const PortalDossier = /* @__PURE__ */ z.strictObject({
  MaHoSo: z.string().min(1).max(max.dossierCode),
  MaTTHC: z.string().min(1),
  TenTTHC: z.string().min(1),
  MaLinhVuc: z.string().min(1),
  TenLinhVuc: z.string().min(1),
  SoBienNhan: optionalText(max.receiptNumber),
  ChuHoSo: z.string().min(1),
  LoaiDoiTuong: code(['1', '2', '3', '4']),
  MaDoiTuong: optionalText(max.applicantIdNumber),
  ThongTinKhac: optionalText(max.otherInfo),
  Email: optionalText(max.email),
  Fax: optionalText(max.fax),
  SoDienThoai: optionalText(max.phone),
  TrichYeuHoSo: z.string().refine((s) => [...s].length <= max.summaryCodePoints, `at most ${max.summaryCodePoints} characters`),
  NgayTiepNhan: PortalTime.optional(),
  NgayHenTra: PortalTime.optional(),
  NgayTra: PortalTime.optional(),
  NgayKetThucXuLy: PortalTime.optional(),
  NgayNopHoSo: PortalTime,
  NgayTuChoi: PortalTime.optional(),
  TrangThaiHoSo: code(statusCodeValues),
  ThongTinTra: optionalText(max.resultInfo),
  HinhThuc: code(['0', '1']),
  DonViXuLy: z.string().min(1),
  GhiChu: optionalText(max.note),
  KenhThucHien: code(['1', '2', '3']),
  NoiNopHoSo: optionalText(max.submissionPlace),
  TaiKhoanDuocXacThucVoiVNeID: flag,
  DuocThanhToanTrucTuyen: flag,
  HoSoCoThanhPhanSoHoa: flag,
  DinhDanhCHS: z.array(PortalIdentifier).max(lists.identifiers),
  TaiLieuNop: z.array(PortalDocument).max(lists.documents),
  DanhSachLePhi: z.array(PortalFee).max(lists.fees),
  DanhSachTepDinhKemKhac: z.array(PortalPaperDocument).max(lists.paperDocuments),
  DanhSachHoSoBoSung: z.array(PortalSupplement).max(lists.supplementRequests),
  DanhSachGiayToKetQua: z.array(PortalResultDocument).max(lists.results),
});
export type PortalDossier = z.infer<typeof PortalDossier>;

export const DongBoHoSoMCRequest = /* @__PURE__ */ z.strictObject({
  ...portalServiceHeader,
  service: z.literal('DongBoHoSoMC'),
  isUpdating: z.enum(['True', 'False']),
  data: z.array(PortalDossier).min(1),
});
export type DongBoHoSoMCRequest = z.infer<typeof DongBoHoSoMCRequest>;

export const TraCuuHoSoRequest = /* @__PURE__ */ z.strictObject({
  ...portalServiceHeader,
  service: z.literal('TraCuuHoSo'),
  mahoso: z.string().min(1).max(max.dossierCode),
});

/**
 * One dossier of a `TraCuuHoSo` answer: the DongBoHoSoMC fields as the portal holds them. Loose
 * and mostly optional: the read-back compares only what the portal returns. Whether it returns the
 * process history (`QuaTrinhXuLy`) is unconfirmed (PARTNERS.md §1), so that list is optional.
 */
export const PortalHeldDossier = /* @__PURE__ */ z.looseObject({
  MaHoSo: z.string().min(1),
  TrangThaiHoSo: z.union([z.string(), z.number()]).transform(String).optional(),
  QuaTrinhXuLy: z.array(z.looseObject({ ThoiDiemXuLy: z.string(), NoiDungXuLy: z.string(), TrangThai: z.union([z.string(), z.number()]).transform(String) })).optional(),
});
export type PortalHeldDossier = z.output<typeof PortalHeldDossier>;
