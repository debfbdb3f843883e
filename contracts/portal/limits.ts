/**
 * The portal's limits, declared once. contracts/portal's schemas enforce them on every payload the
 * gateway sends (and every callback it accepts), and the canonical model (contracts/api/dossier)
 * derives its own limits from them: a snapshot the gateway acknowledges always fits the portal.
 * Keys are the canonical names; the comment names the portal field.
 */
export const portalFieldLimits = {
  /** MaHoSo (also the `mahoso` of TraCuuHoSo and MaHoSo of each step). */
  dossierCode: 64,
  /** SoBienNhan. */
  receiptNumber: 100,
  /** MaDoiTuong. */
  applicantIdNumber: 20,
  /** ThongTinKhac. */
  otherInfo: 1000,
  /** Email. */
  email: 254,
  /** SoDienThoai. */
  phone: 20,
  /** Fax. */
  fax: 20,
  /** TrichYeuHoSo, in Unicode code points (PARTNERS.md §1); the translator cuts a longer summary. */
  summaryCodePoints: 1000,
  /** ThongTinTra. */
  resultInfo: 2000,
  /** GhiChu. */
  note: 2000,
  /** NoiNopHoSo. */
  submissionPlace: 300,
  /** madonvi of every service call. */
  unitCode: 50,
} as const;

/**
 * List lengths. The portal publishes none, so these are the gateway's own caps, applied on both
 * sides: the canonical model holds at most this many, the DongBoHoSoMC the gateway sends therefore
 * too, and a portal callback carrying more is refused before its items are even looked at (a
 * signed body of 80,000 empty documents is one error, not 400,000).
 */
export const portalListLimits = {
  /** DinhDanhCHS (canonical `applicant.identifiers`, which may also hold a tax code). */
  identifiers: 5,
  /** TaiLieuNop. */
  documents: 200,
  /** DanhSachTepDinhKemKhac. */
  paperDocuments: 200,
  /** DanhSachLePhi. */
  fees: 50,
  /** DanhSachHoSoBoSung. */
  supplementRequests: 50,
  /** DanhSachGiayToKetQua. */
  results: 100,
  /** CapNhatTienDoHoSoMC.data: the portal's own rule (PARTNERS.md §1). */
  stepsPerCall: 10,
} as const;

/**
 * PortalTime is `yyyyMMddHHmmss` in GMT+7: four digits of year. An instant outside this range
 * (e.g. `9999-12-31T20:00:00-05:00`, already year 10000 in Hanoi) cannot be written.
 */
export const portalTimeRange = {
  earliest: '0000-01-01T00:00:00+07:00',
  latest: '9999-12-31T23:59:59.999+07:00',
} as const;
