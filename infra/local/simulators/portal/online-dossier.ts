import type { PortalDossier } from '../../../../contracts/portal/dossier';

/** Formats a moment as the portal writes it: yyyyMMddHHmmss in GMT+7. */
export function portalNow(at: Date = new Date()): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * A dossier as a citizen submits it on the national portal (status 1, online channel), in the
 * portal's own format. Realistic Vietnamese content; synthetic names and numbers.
 */
export function onlineDossier(code: string, overrides: Partial<PortalDossier> = {}): PortalDossier {
  const now = portalNow();
  return {
    MaHoSo: code,
    MaTTHC: '1.001193.000.00.00.H29',
    TenTTHC: 'Đăng ký khai sinh',
    MaLinhVuc: 'HT',
    TenLinhVuc: 'Hộ tịch',
    ChuHoSo: 'Võ Thị Sáu',
    LoaiDoiTuong: '1',
    MaDoiTuong: '079303004567',
    Email: 'vothisau@example.vn',
    SoDienThoai: '0912345678',
    TrichYeuHoSo: 'Đăng ký khai sinh cho con: Lý Gia Hân, sinh ngày 10/11/2026 tại Bệnh viện Từ Dũ',
    NgayNopHoSo: now,
    TrangThaiHoSo: '1',
    HinhThuc: '0',
    DonViXuLy: 'UBND phường Bến Thành',
    KenhThucHien: '2',
    NoiNopHoSo: 'Cổng Dịch vụ công quốc gia',
    TaiKhoanDuocXacThucVoiVNeID: '1',
    DuocThanhToanTrucTuyen: '0',
    HoSoCoThanhPhanSoHoa: '1',
    DinhDanhCHS: [{ LoaiDinhDanh: '1', SoDinhDanh: '079303004567' }],
    TaiLieuNop: [
      {
        TepDinhKemId: 'gcs-1',
        TenTepDinhKem: 'Giấy chứng sinh',
        IsDeleted: 'False',
        MaThanhPhanHoSo: 'GCS',
        DuongDanTaiTepTin: `https://dichvucong.gov.example/files/${encodeURIComponent(code)}/gcs-1.pdf`,
      },
    ],
    DanhSachLePhi: [{ TenPhiLePhi: 'Lệ phí hộ tịch', MaPhiLePhi: 'LPHT', Gia: 0, LoaiPhiLePhi: '2' }],
    DanhSachTepDinhKemKhac: [],
    DanhSachHoSoBoSung: [],
    DanhSachGiayToKetQua: [],
    ...overrides,
  };
}
