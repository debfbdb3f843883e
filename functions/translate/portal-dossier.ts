import type { DossierSnapshot } from '../../contracts/api/dossier';
import {
  portalApplicantKindCodes,
  portalChannelCodes,
  portalFeeCollectionCodes,
  portalFeeKindCodes,
  portalFlag,
  portalIdentifierKindCodes,
  portalResultDeliveryCodes,
  portalSupplementStatusCodes,
} from '../../contracts/portal/codes';
import type { PortalDossier } from '../../contracts/portal/dossier';
import { portalFieldLimits } from '../../contracts/portal/limits';
import type { PortalStatusMap } from '../../contracts/portal/status-mapping';
import { optionalPortalTime, toPortalTime } from './portal-time';
import { truncateText } from './portal-text';

/** TrichYeuHoSo holds at most this many characters; a longer canonical summary is cut, not refused. */
export const portalSummaryMaxCharacters = portalFieldLimits.summaryCodePoints;

/**
 * Canonical fields the portal's DongBoHoSoMC has no place for. They stay in the gateway (GET
 * shows them) and are listed here so dropping them is a decision, not an accident; a test checks
 * that every other field reaches the payload.
 */
export const fieldsWithoutPortalPlace = [
  'applicant.contacts.address',
  'applicant.identifiers[kind=tax_code]',
  'handlingUnit.code',
  'history[].id',
  'version',
] as const;

/** Canonical snapshot → one `DongBoHoSoMC.data[]` item. Pure: no I/O, no clock. */
export function toPortalDossier(dossier: DossierSnapshot, statusMap: PortalStatusMap): PortalDossier {
  const { applicant } = dossier;
  const personIdentifiers = applicant.identifiers.filter(
    (id): id is typeof id & { kind: 'personal_id' | 'legacy_id' } => id.kind === 'personal_id' || id.kind === 'legacy_id',
  );
  return {
    MaHoSo: dossier.dossierCode,
    MaTTHC: dossier.procedure.code,
    TenTTHC: dossier.procedure.name,
    MaLinhVuc: dossier.procedure.field.code,
    TenLinhVuc: dossier.procedure.field.name,
    SoBienNhan: dossier.receiptNumber,
    ChuHoSo: applicant.name,
    LoaiDoiTuong: portalApplicantKindCodes[applicant.kind],
    MaDoiTuong: personIdentifiers[0]?.number ?? applicant.identifiers[0]?.number,
    ThongTinKhac: applicant.otherInfo,
    Email: applicant.contacts.email,
    Fax: applicant.contacts.fax,
    SoDienThoai: applicant.contacts.phone,
    TrichYeuHoSo: truncateText(dossier.summary, portalSummaryMaxCharacters),
    NgayTiepNhan: optionalPortalTime(dossier.receivedAt),
    NgayHenTra: optionalPortalTime(dossier.dueAt),
    NgayTra: optionalPortalTime(dossier.returnedAt),
    NgayKetThucXuLy: optionalPortalTime(dossier.finishedAt),
    NgayNopHoSo: toPortalTime(dossier.submittedAt),
    NgayTuChoi: optionalPortalTime(dossier.refusedAt),
    TrangThaiHoSo: statusMap[dossier.status],
    ThongTinTra: dossier.resultInfo,
    HinhThuc: portalResultDeliveryCodes[dossier.resultDelivery],
    DonViXuLy: dossier.handlingUnit.name,
    GhiChu: dossier.note,
    KenhThucHien: portalChannelCodes[dossier.channel],
    NoiNopHoSo: dossier.submissionPlace,
    TaiKhoanDuocXacThucVoiVNeID: portalFlag(dossier.project06.vneidVerified),
    DuocThanhToanTrucTuyen: portalFlag(dossier.project06.paidOnline),
    HoSoCoThanhPhanSoHoa: portalFlag(dossier.project06.digitised),
    DinhDanhCHS: personIdentifiers.map((id) => ({ LoaiDinhDanh: portalIdentifierKindCodes[id.kind], SoDinhDanh: id.number })),
    TaiLieuNop: dossier.documents.map((d) => ({
      TepDinhKemId: d.id,
      TenTepDinhKem: d.name,
      IsDeleted: 'False' as const,
      MaThanhPhanHoSo: d.componentCode,
      DuongDanTaiTepTin: d.url,
    })),
    DanhSachLePhi: dossier.fees.map((f) => ({
      TenPhiLePhi: f.name,
      MaPhiLePhi: f.code,
      HinhThucThu: f.collectionMethod ? portalFeeCollectionCodes[f.collectionMethod] : undefined,
      Gia: f.amount,
      LoaiPhiLePhi: portalFeeKindCodes[f.kind],
    })),
    DanhSachTepDinhKemKhac: dossier.paperDocuments.map((p) => ({ TenGiayTo: p.name, SoLuong: p.quantity, LoaiGiayTo: p.kind })),
    DanhSachHoSoBoSung: dossier.supplementRequests.map((s) => ({
      HoSoBoSungId: s.id,
      NguoiYeuCauBoSung: s.requestedBy,
      NoiDungBoSung: s.content,
      NgayBoSung: toPortalTime(s.requestedAt),
      NguoiTiepNhanBoSung: s.receivedBy,
      ThongTinTiepNhan: s.receivedInfo,
      NgayTiepNhanBoSung: optionalPortalTime(s.receivedAt),
      TrangThaiBoSung: portalSupplementStatusCodes[s.status],
      // The portal takes these lists as text; "; " cannot occur inside a name the city sends.
      DanhSachGiayToBoSung: s.documents.length ? s.documents.join('; ') : undefined,
      DanhSachLePhiBoSung: s.fees.length ? s.fees.join('; ') : undefined,
      NgayHenTraTruoc: optionalPortalTime(s.previousDueAt),
      NgayHenTraMoi: optionalPortalTime(s.newDueAt),
    })),
    DanhSachGiayToKetQua: dossier.results.map((r) => ({
      TenGiayTo: r.name,
      MaThanhPhanHoSo: r.componentCode,
      GiayToId: r.id,
      DuongDanTepTinKetQua: r.url,
      MaGiayToKetQua: r.resultCode,
    })),
  };
}
