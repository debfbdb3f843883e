/**
 * Codes of the National Public Service Portal (PARTNERS.md §1). Items marked unconfirmed are
 * inferences from public integration code; they live here so a real specification replaces them
 * without touching the translator or the client.
 */

/** TrangThaiHoSo — also the TrangThai of a process step. */
export const portalStatusCodes = {
  newOnline: '1',
  received: '2',
  refused: '3',
  processing: '4',
  supplementRequested: '5',
  paymentRequired: '6',
  withdrawalRequested: '7',
  stopped: '8',
  done: '9',
  returned: '10',
} as const;
export type PortalStatusCode = (typeof portalStatusCodes)[keyof typeof portalStatusCodes];

/** KenhThucHien. */
export const portalChannelCodes = { in_person: '1', online: '2', postal: '3' } as const;

/** LoaiDoiTuong. */
export const portalApplicantKindCodes = { individual: '1', enterprise: '2', state_agency: '3', other_organisation: '4' } as const;

/** HinhThuc (result delivery) — unconfirmed: 0 at the counter, 1 by post. */
export const portalResultDeliveryCodes = { counter: '0', post: '1' } as const;

/** LoaiDinhDanh of DinhDanhCHS. */
export const portalIdentifierKindCodes = { personal_id: '1', legacy_id: '2' } as const;

/** LoaiPhiLePhi — unconfirmed: 1 phí (fee), 2 lệ phí (charge). */
export const portalFeeKindCodes = { fee: '1', charge: '2' } as const;

/** HinhThucThu — unconfirmed: 1 at the counter, 2 online, 3 bank transfer. */
export const portalFeeCollectionCodes = { counter: '1', online: '2', bank_transfer: '3' } as const;

/** TrangThaiBoSung — unconfirmed. */
export const portalSupplementStatusCodes = { requested: '1', submitted: '2', accepted: '3', rejected: '4' } as const;

/** Flags such as TaiKhoanDuocXacThucVoiVNeID — unconfirmed: 1 yes, 0 no. */
export const portalFlag = (value: boolean) => (value ? '1' : '0');

/**
 * `error_code` of the answer envelope. Success is 0 / "00". The rest are unconfirmed: the
 * adapter decides retryability from these groups.
 */
export const portalErrorCodes = {
  success: ['0', '00'],
  /** The session is unknown or expired: log in again once, then retry. */
  sessionInvalid: ['-1', '401'],
  /** Quota or rate limit of the portal or the LGSP: retry later. */
  quotaExceeded: ['429'],
  /** The portal failed internally: retry later. */
  internal: ['500', '-500'],
  /** `isUpdating: "False"` for a dossier the portal already has. */
  dossierExists: ['409'],
  /** `isUpdating: "True"` for a dossier the portal does not have. */
  dossierUnknown: ['404'],
  /** Anything else is a validation answer: permanent. */
} as const;
