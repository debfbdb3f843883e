import type { PortalDossier } from '../../contracts/portal/dossier';
import { maskIdentifier } from '../core/identity/personal-data';

/**
 * The portal payload as an operator may see it in a re-sync dry run: every field and its exact
 * value, except the personal ones — masked like the ledger masks them (edges of an ID number,
 * initials of a name) — and free text, which may name people, shown only by its length.
 */
export function previewPortalDossier(payload: PortalDossier): Record<string, unknown> {
  const text = (value: string | undefined) => (value === undefined ? undefined : `[${[...value].length} characters]`);
  return {
    ...payload,
    ChuHoSo: initials(payload.ChuHoSo),
    MaDoiTuong: payload.MaDoiTuong === undefined ? undefined : maskIdentifier(payload.MaDoiTuong),
    ThongTinKhac: text(payload.ThongTinKhac),
    Email: payload.Email === undefined ? undefined : maskEmail(payload.Email),
    Fax: payload.Fax === undefined ? undefined : maskIdentifier(payload.Fax),
    SoDienThoai: payload.SoDienThoai === undefined ? undefined : maskIdentifier(payload.SoDienThoai),
    TrichYeuHoSo: text(payload.TrichYeuHoSo),
    GhiChu: text(payload.GhiChu),
    ThongTinTra: text(payload.ThongTinTra),
    DinhDanhCHS: payload.DinhDanhCHS?.map((id) => ({ ...id, SoDinhDanh: maskIdentifier(id.SoDinhDanh) })),
    DanhSachHoSoBoSung: payload.DanhSachHoSoBoSung?.map((s) => ({
      ...s,
      NguoiYeuCauBoSung: initials(s.NguoiYeuCauBoSung),
      NguoiTiepNhanBoSung: initials(s.NguoiTiepNhanBoSung),
      NoiDungBoSung: text(s.NoiDungBoSung),
      ThongTinTiepNhan: text(s.ThongTinTiepNhan),
    })),
  };
}

/** `Nguyễn Thị Minh Khai` → `N. T. M. K.` */
function initials<T extends string | undefined>(name: T): T {
  if (name === undefined) return name;
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${[...part][0] ?? ''}.`)
    .join(' ') as T;
}

function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at <= 0 ? maskIdentifier(email) : `${email[0]}***${email.slice(at)}`;
}
