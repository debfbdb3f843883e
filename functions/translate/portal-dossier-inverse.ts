import type { OnlineDossier } from '../../contracts/api/dossier';
import type * as z from 'zod';
import {
  portalApplicantKindCodes,
  portalChannelCodes,
  portalFeeCollectionCodes,
  portalFeeKindCodes,
  portalIdentifierKindCodes,
  portalResultDeliveryCodes,
  portalSupplementStatusCodes,
} from '../../contracts/portal/codes';
import type { PortalDossier } from '../../contracts/portal/dossier';
import type { PortalStatusMap } from '../../contracts/portal/status-mapping';
import { decode, invertCodes } from './invert-codes';
import { fromPortalTime } from './portal-time';

const applicantKinds = invertCodes(portalApplicantKindCodes);
const channels = invertCodes(portalChannelCodes);
const feeCollections = invertCodes(portalFeeCollectionCodes);
const feeKinds = invertCodes(portalFeeKindCodes);
const identifierKinds = invertCodes(portalIdentifierKindCodes);
const resultDeliveries = invertCodes(portalResultDeliveryCodes);
const supplementStatuses = invertCodes(portalSupplementStatusCodes);

const time = (portal: string | undefined) => (portal === undefined ? undefined : fromPortalTime(portal));
const list = (joined: string | undefined) => (joined ? joined.split('; ') : []);

/**
 * A portal dossier (a citizen's online submission) → the canonical model, for the city system.
 * The inverse of toPortalDossier on every field the portal carries; the portal has no version,
 * no history and no unit code, so those stay empty for the city to fill. Throws RangeError on a
 * code the contract does not know.
 */
export function fromPortalDossier(portal: PortalDossier, statusMap: PortalStatusMap): z.input<typeof OnlineDossier> {
  const statuses = invertCodes(statusMap);
  const identifiers = portal.DinhDanhCHS.map((id) => ({ kind: decode(identifierKinds, id.LoaiDinhDanh, 'LoaiDinhDanh'), number: id.SoDinhDanh }));
  return {
    dossierCode: portal.MaHoSo,
    receiptNumber: portal.SoBienNhan,
    procedure: { code: portal.MaTTHC, name: portal.TenTTHC, field: { code: portal.MaLinhVuc, name: portal.TenLinhVuc } },
    applicant: {
      kind: decode(applicantKinds, portal.LoaiDoiTuong, 'LoaiDoiTuong'),
      name: portal.ChuHoSo,
      // MaDoiTuong repeats the first ID number; without DinhDanhCHS it is all the portal gives.
      identifiers: identifiers.length || !portal.MaDoiTuong ? identifiers : [{ kind: portal.MaDoiTuong.length === 9 ? 'legacy_id' : 'personal_id', number: portal.MaDoiTuong }],
      contacts: { email: portal.Email, phone: portal.SoDienThoai, fax: portal.Fax },
      otherInfo: portal.ThongTinKhac,
    },
    channel: decode(channels, portal.KenhThucHien, 'KenhThucHien'),
    submissionPlace: portal.NoiNopHoSo,
    resultDelivery: decode(resultDeliveries, portal.HinhThuc, 'HinhThuc'),
    summary: portal.TrichYeuHoSo,
    note: portal.GhiChu,
    status: decode(statuses, portal.TrangThaiHoSo, 'TrangThaiHoSo'),
    handlingUnit: { name: portal.DonViXuLy },
    submittedAt: fromPortalTime(portal.NgayNopHoSo),
    receivedAt: time(portal.NgayTiepNhan),
    dueAt: time(portal.NgayHenTra),
    refusedAt: time(portal.NgayTuChoi),
    finishedAt: time(portal.NgayKetThucXuLy),
    returnedAt: time(portal.NgayTra),
    resultInfo: portal.ThongTinTra,
    documents: portal.TaiLieuNop.filter((d) => d.IsDeleted !== 'True').map((d) => ({
      id: d.TepDinhKemId,
      name: d.TenTepDinhKem,
      componentCode: d.MaThanhPhanHoSo,
      url: d.DuongDanTaiTepTin,
    })),
    paperDocuments: portal.DanhSachTepDinhKemKhac.map((p) => ({ name: p.TenGiayTo, quantity: p.SoLuong, kind: p.LoaiGiayTo })),
    fees: portal.DanhSachLePhi.map((f) => ({
      code: f.MaPhiLePhi,
      name: f.TenPhiLePhi,
      amount: f.Gia,
      kind: decode(feeKinds, f.LoaiPhiLePhi, 'LoaiPhiLePhi'),
      collectionMethod: f.HinhThucThu === undefined ? undefined : decode(feeCollections, f.HinhThucThu, 'HinhThucThu'),
    })),
    supplementRequests: portal.DanhSachHoSoBoSung.map((s) => ({
      id: s.HoSoBoSungId,
      requestedBy: s.NguoiYeuCauBoSung,
      content: s.NoiDungBoSung,
      requestedAt: fromPortalTime(s.NgayBoSung),
      receivedBy: s.NguoiTiepNhanBoSung,
      receivedInfo: s.ThongTinTiepNhan,
      receivedAt: time(s.NgayTiepNhanBoSung),
      status: decode(supplementStatuses, s.TrangThaiBoSung, 'TrangThaiBoSung'),
      documents: list(s.DanhSachGiayToBoSung),
      fees: list(s.DanhSachLePhiBoSung),
      previousDueAt: time(s.NgayHenTraTruoc),
      newDueAt: time(s.NgayHenTraMoi),
    })),
    results: portal.DanhSachGiayToKetQua.map((r) => ({
      id: r.GiayToId,
      name: r.TenGiayTo,
      componentCode: r.MaThanhPhanHoSo,
      resultCode: r.MaGiayToKetQua,
      url: r.DuongDanTepTinKetQua,
    })),
    history: [],
    project06: {
      vneidVerified: portal.TaiKhoanDuocXacThucVoiVNeID === '1',
      paidOnline: portal.DuocThanhToanTrucTuyen === '1',
      digitised: portal.HoSoCoThanhPhanSoHoa === '1',
    },
  };
}
