import type { DossierSnapshot } from '../../contracts/api/dossier';
import type { FieldError } from '../../contracts/api/problem';
import type {
  PortalDocument,
  PortalDossier,
  PortalFee,
  PortalPaperDocument,
  PortalResultDocument,
  PortalSupplement,
} from '../../contracts/portal/dossier';
import type { PortalStep } from '../../contracts/portal/progress';
import type * as z from 'zod';

/**
 * Where each portal field comes from in the canonical snapshot: the inverse of toPortalDossier and
 * toPortalStep, as JSON Pointers into the PUT body. Typed as complete records of the portal's
 * fields, so a field added to the portal contract does not compile until its source is named.
 * `null` marks a constant the translator writes itself (it cannot be the caller's fault).
 */
type Sources<T> = Record<keyof T, string | null>;

const documentSources: Sources<z.infer<typeof PortalDocument>> = {
  TepDinhKemId: '/id',
  TenTepDinhKem: '/name',
  IsDeleted: null,
  MaThanhPhanHoSo: '/componentCode',
  DuongDanTaiTepTin: '/url',
};
const feeSources: Sources<z.infer<typeof PortalFee>> = {
  TenPhiLePhi: '/name',
  MaPhiLePhi: '/code',
  HinhThucThu: '/collectionMethod',
  Gia: '/amount',
  LoaiPhiLePhi: '/kind',
};
const paperSources: Sources<z.infer<typeof PortalPaperDocument>> = { TenGiayTo: '/name', SoLuong: '/quantity', LoaiGiayTo: '/kind' };
const supplementSources: Sources<z.infer<typeof PortalSupplement>> = {
  HoSoBoSungId: '/id',
  NguoiYeuCauBoSung: '/requestedBy',
  NoiDungBoSung: '/content',
  NgayBoSung: '/requestedAt',
  NguoiTiepNhanBoSung: '/receivedBy',
  ThongTinTiepNhan: '/receivedInfo',
  NgayTiepNhanBoSung: '/receivedAt',
  TrangThaiBoSung: '/status',
  DanhSachGiayToBoSung: '/documents',
  DanhSachLePhiBoSung: '/fees',
  NgayHenTraTruoc: '/previousDueAt',
  NgayHenTraMoi: '/newDueAt',
};
const resultSources: Sources<z.infer<typeof PortalResultDocument>> = {
  TenGiayTo: '/name',
  MaThanhPhanHoSo: '/componentCode',
  GiayToId: '/id',
  DuongDanTepTinKetQua: '/url',
  MaGiayToKetQua: '/resultCode',
};

/** A list of the portal dossier: the canonical list it is made from and its items' sources. */
interface ListSource {
  readonly list: string;
  readonly items: Record<string, string | null>;
}

export const portalDossierSources: Record<keyof PortalDossier, string | null | ListSource> = {
  MaHoSo: '/dossierCode',
  MaTTHC: '/procedure/code',
  TenTTHC: '/procedure/name',
  MaLinhVuc: '/procedure/field/code',
  TenLinhVuc: '/procedure/field/name',
  SoBienNhan: '/receiptNumber',
  ChuHoSo: '/applicant/name',
  LoaiDoiTuong: '/applicant/kind',
  MaDoiTuong: '/applicant/identifiers',
  ThongTinKhac: '/applicant/otherInfo',
  Email: '/applicant/contacts/email',
  Fax: '/applicant/contacts/fax',
  SoDienThoai: '/applicant/contacts/phone',
  TrichYeuHoSo: '/summary',
  NgayTiepNhan: '/receivedAt',
  NgayHenTra: '/dueAt',
  NgayTra: '/returnedAt',
  NgayKetThucXuLy: '/finishedAt',
  NgayNopHoSo: '/submittedAt',
  NgayTuChoi: '/refusedAt',
  TrangThaiHoSo: '/status',
  ThongTinTra: '/resultInfo',
  HinhThuc: '/resultDelivery',
  DonViXuLy: '/handlingUnit/name',
  GhiChu: '/note',
  KenhThucHien: '/channel',
  NoiNopHoSo: '/submissionPlace',
  TaiKhoanDuocXacThucVoiVNeID: '/project06/vneidVerified',
  DuocThanhToanTrucTuyen: '/project06/paidOnline',
  HoSoCoThanhPhanSoHoa: '/project06/digitised',
  DinhDanhCHS: { list: '/applicant/identifiers', items: { LoaiDinhDanh: '/kind', SoDinhDanh: '/number' } },
  TaiLieuNop: { list: '/documents', items: documentSources },
  DanhSachLePhi: { list: '/fees', items: feeSources },
  DanhSachTepDinhKemKhac: { list: '/paperDocuments', items: paperSources },
  DanhSachHoSoBoSung: { list: '/supplementRequests', items: supplementSources },
  DanhSachGiayToKetQua: { list: '/results', items: resultSources },
};

export const portalStepSources: Sources<PortalStep> = {
  MaHoSo: '/dossierCode',
  NguoiXuLy: '/actor/name',
  ChucDanh: '/actor/title',
  ThoiDiemXuLy: '/at',
  PhongBanXuLy: '/unit',
  NoiDungXuLy: '/action',
  TrangThai: '/status',
  NgayBatDau: '/startedAt',
  NgayKetThucTheoQuyDinh: '/dueAt',
};

/** The code travels in the path; the body may repeat it. */
const codeInPath = { location: 'path', path: '/code' } as const;

/** A path of a zod issue on a `DongBoHoSoMC.data[]` item → the canonical field it came from. */
export function canonicalFieldOfDossier(portalPath: readonly PropertyKey[], dossier: DossierSnapshot): Pick<FieldError, 'location' | 'path'> {
  const [field, index, itemField] = portalPath;
  if (field === 'MaHoSo') return codeInPath;
  const source = portalDossierSources[field as keyof PortalDossier];
  if (source === undefined || source === null) return { location: 'body', path: '' };
  if (typeof source === 'string') {
    // MaDoiTuong is the first ID number: the first personal or legacy ID, else the first of any kind.
    if (field === 'MaDoiTuong') return { location: 'body', path: `${source}/${personIdentifierIndexes(dossier)[0] ?? 0}/number` };
    return { location: 'body', path: source };
  }
  if (typeof index !== 'number') return { location: 'body', path: source.list };
  // DinhDanhCHS lists only personal and legacy IDs: its n-th item is the n-th such identifier.
  const canonicalIndex = field === 'DinhDanhCHS' ? (personIdentifierIndexes(dossier)[index] ?? index) : index;
  const item = itemField === undefined ? undefined : source.items[String(itemField)];
  return { location: 'body', path: `${source.list}/${canonicalIndex}${item ?? ''}` };
}

/** A path of a zod issue on one `CapNhatTienDoHoSoMC.data[]` item made from `history[index]`. */
export function canonicalFieldOfStep(portalPath: readonly PropertyKey[], historyIndex: number): Pick<FieldError, 'location' | 'path'> {
  const [field] = portalPath;
  if (field === 'MaHoSo') return codeInPath;
  const source = portalStepSources[field as keyof PortalStep];
  return { location: 'body', path: `/history/${historyIndex}${source ?? ''}` };
}

function personIdentifierIndexes(dossier: DossierSnapshot): number[] {
  return dossier.applicant.identifiers.flatMap((id, i) => (id.kind === 'personal_id' || id.kind === 'legacy_id' ? [i] : []));
}

/**
 * The other way, for callbacks: a canonical field of a dossier made by fromPortalDossier → the
 * portal field it came from, as a JSON Pointer into the callback's `dossier`. Deleted documents
 * are dropped by the translation, so a document's index is counted among the kept ones.
 */
export function portalFieldOfCanonical(canonicalPath: readonly PropertyKey[], portal: PortalDossier): string {
  const canonical = `/${canonicalPath.map(String).join('/')}`;
  const sources = Object.entries(portalDossierSources);
  // Lists first: MaDoiTuong's source is the identifier list as a whole.
  for (const [field, source] of sources) {
    if (source === null || typeof source === 'string' || !canonical.startsWith(`${source.list}/`)) continue;
    // Without DinhDanhCHS the one identifier came from MaDoiTuong.
    if (field === 'DinhDanhCHS' && portal.DinhDanhCHS.length === 0) return '/MaDoiTuong';
    const [index, ...rest] = canonical.slice(source.list.length + 1).split('/');
    const item = Object.entries(source.items).find(([, itemSource]) => itemSource !== null && `/${rest.join('/')}`.startsWith(itemSource));
    const portalIndex = field === 'TaiLieuNop' ? keptDocumentIndex(portal, Number(index)) : Number(index);
    return `/${field}/${portalIndex}${item ? `/${item[0]}` : ''}`;
  }
  for (const [field, source] of sources) {
    if (typeof source === 'string' && (canonical === source || canonical.startsWith(`${source}/`))) return `/${field}`;
  }
  return '';
}

function keptDocumentIndex(portal: PortalDossier, keptIndex: number): number {
  let kept = -1;
  const index = portal.TaiLieuNop.findIndex((document) => document.IsDeleted !== 'True' && ++kept === keptIndex);
  return index === -1 ? keptIndex : index;
}
