import * as z from '../zod-mini';
import { portalServiceHeader, PortalTime } from './envelope';
import { portalFieldLimits as max, portalListLimits as lists } from './limits';

/**
 * One dossier of `DongBoHoSoMC.data[]` (PARTNERS.md §1). Strict: the simulator rejects extras.
 * zod/mini (../zod-mini.ts): the PUT function re-checks every translated dossier with it.
 */

const code = (values: readonly string[]) => z.enum(values as [string, ...string[]]);
const flag = /* @__PURE__ */ (() => code(['0', '1']))();
const optionalText = (max: number) => z.optional(z.string().check(z.maxLength(max)));

export const PortalDocument = /* @__PURE__ */ (() => z.strictObject({
  TepDinhKemId: z.string().check(z.minLength(1)),
  TenTepDinhKem: z.string().check(z.minLength(1)),
  IsDeleted: z.enum(['True', 'False']),
  MaThanhPhanHoSo: z.optional(z.string()),
  DuongDanTaiTepTin: z.url(),
}))();

export const PortalFee = /* @__PURE__ */ (() => z.strictObject({
  TenPhiLePhi: z.string().check(z.minLength(1)),
  MaPhiLePhi: z.string().check(z.minLength(1)),
  HinhThucThu: z.optional(code(['1', '2', '3'])),
  Gia: z.int().check(z.minimum(0)),
  LoaiPhiLePhi: code(['1', '2']),
}))();

export const PortalPaperDocument = /* @__PURE__ */ (() => z.strictObject({
  TenGiayTo: z.string().check(z.minLength(1)),
  SoLuong: z.int().check(z.minimum(1)),
  LoaiGiayTo: z.optional(z.string()),
}))();

export const PortalSupplement = /* @__PURE__ */ (() => z.strictObject({
  HoSoBoSungId: z.string().check(z.minLength(1)),
  NguoiYeuCauBoSung: z.string().check(z.minLength(1)),
  NoiDungBoSung: z.string().check(z.minLength(1)),
  NgayBoSung: PortalTime,
  NguoiTiepNhanBoSung: z.optional(z.string()),
  ThongTinTiepNhan: z.optional(z.string()),
  NgayTiepNhanBoSung: z.optional(PortalTime),
  TrangThaiBoSung: code(['1', '2', '3', '4']),
  DanhSachGiayToBoSung: z.optional(z.string()),
  DanhSachLePhiBoSung: z.optional(z.string()),
  NgayHenTraTruoc: z.optional(PortalTime),
  NgayHenTraMoi: z.optional(PortalTime),
}))();

export const PortalResultDocument = /* @__PURE__ */ (() => z.strictObject({
  TenGiayTo: z.string().check(z.minLength(1)),
  MaThanhPhanHoSo: z.optional(z.string()),
  GiayToId: z.string().check(z.minLength(1)),
  DuongDanTepTinKetQua: z.url(),
  MaGiayToKetQua: z.optional(z.string()),
}))();

export const PortalIdentifier = /* @__PURE__ */ (() => z.strictObject({
  LoaiDinhDanh: code(['1', '2']),
  SoDinhDanh: z.string().check(z.regex(/^(\d{12}|\d{9})$/)),
}))();

export const statusCodeValues = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] as const;

export const PortalDossier = /* @__PURE__ */ (() => z.strictObject({
  MaHoSo: z.string().check(z.minLength(1), z.maxLength(max.dossierCode)),
  MaTTHC: z.string().check(z.minLength(1)),
  TenTTHC: z.string().check(z.minLength(1)),
  MaLinhVuc: z.string().check(z.minLength(1)),
  TenLinhVuc: z.string().check(z.minLength(1)),
  SoBienNhan: optionalText(max.receiptNumber),
  ChuHoSo: z.string().check(z.minLength(1)),
  LoaiDoiTuong: code(['1', '2', '3', '4']),
  MaDoiTuong: optionalText(max.applicantIdNumber),
  ThongTinKhac: optionalText(max.otherInfo),
  Email: optionalText(max.email),
  Fax: optionalText(max.fax),
  SoDienThoai: optionalText(max.phone),
  TrichYeuHoSo: z.string().check(z.refine((s) => [...s].length <= max.summaryCodePoints, `at most ${max.summaryCodePoints} characters`)),
  NgayTiepNhan: z.optional(PortalTime),
  NgayHenTra: z.optional(PortalTime),
  NgayTra: z.optional(PortalTime),
  NgayKetThucXuLy: z.optional(PortalTime),
  NgayNopHoSo: PortalTime,
  NgayTuChoi: z.optional(PortalTime),
  TrangThaiHoSo: code(statusCodeValues),
  ThongTinTra: optionalText(max.resultInfo),
  HinhThuc: code(['0', '1']),
  DonViXuLy: z.string().check(z.minLength(1)),
  GhiChu: optionalText(max.note),
  KenhThucHien: code(['1', '2', '3']),
  NoiNopHoSo: optionalText(max.submissionPlace),
  TaiKhoanDuocXacThucVoiVNeID: flag,
  DuocThanhToanTrucTuyen: flag,
  HoSoCoThanhPhanSoHoa: flag,
  DinhDanhCHS: z.array(PortalIdentifier).check(z.maxLength(lists.identifiers)),
  TaiLieuNop: z.array(PortalDocument).check(z.maxLength(lists.documents)),
  DanhSachLePhi: z.array(PortalFee).check(z.maxLength(lists.fees)),
  DanhSachTepDinhKemKhac: z.array(PortalPaperDocument).check(z.maxLength(lists.paperDocuments)),
  DanhSachHoSoBoSung: z.array(PortalSupplement).check(z.maxLength(lists.supplementRequests)),
  DanhSachGiayToKetQua: z.array(PortalResultDocument).check(z.maxLength(lists.results)),
}))();
export type PortalDossier = z.output<typeof PortalDossier>;

export const DongBoHoSoMCRequest = /* @__PURE__ */ (() => z.strictObject({
  ...portalServiceHeader,
  service: z.literal('DongBoHoSoMC'),
  isUpdating: z.enum(['True', 'False']),
  data: z.array(PortalDossier).check(z.minLength(1)),
}))();
export type DongBoHoSoMCRequest = z.output<typeof DongBoHoSoMCRequest>;

export const TraCuuHoSoRequest = /* @__PURE__ */ (() => z.strictObject({
  ...portalServiceHeader,
  service: z.literal('TraCuuHoSo'),
  mahoso: z.string().check(z.minLength(1), z.maxLength(max.dossierCode)),
}))();

/**
 * One dossier of a `TraCuuHoSo` answer: the DongBoHoSoMC fields as the portal holds them. Loose
 * and mostly optional: the read-back compares only what the portal returns. Whether it returns the
 * process history (`QuaTrinhXuLy`) is unconfirmed (PARTNERS.md §1), so that list is optional.
 */
/** A string or a number, as text. */
const asText = () => z.pipe(z.union([z.string(), z.number()]), z.transform(String));

export const PortalHeldDossier = /* @__PURE__ */ (() => z.looseObject({
  MaHoSo: z.string().check(z.minLength(1)),
  TrangThaiHoSo: z.optional(asText()),
  QuaTrinhXuLy: z.optional(z.array(z.looseObject({ ThoiDiemXuLy: z.string(), NoiDungXuLy: z.string(), TrangThai: asText() }))),
}))();
export type PortalHeldDossier = z.output<typeof PortalHeldDossier>;
