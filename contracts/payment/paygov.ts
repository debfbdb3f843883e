import * as z from 'zod';
import * as zm from '../zod-mini';
import { ProviderTransactionId, wholeVnd } from './identifiers';

/**
 * The national payment platform ("PayGov", PARTNERS.md §3.1). MaXacThuc is a plain SHA-256 over
 * pipe-joined fields plus the partner secret (not an HMAC); the field orders live here.
 */

export const paygovVersion = '1.0.6';

/**
 * INIT field limits. PayGov's specification is not public (PARTNERS.md): these are the limits the
 * gateway holds itself to (unconfirmed beyond MaThamChieu and ThongTinGiaoDich), the simulator
 * enforces them, and `POST /v1/payments` derives what it accepts from them, so nothing accepted
 * is refused by INIT.
 */
export const paygovInitLimits = {
  referenceChars: 50,
  descriptionChars: 255,
  payerNameChars: 200,
  feeCodeChars: 50,
  feeNameChars: 300,
  fees: 20,
  returnUrlChars: 1000,
} as const;

export const PaygovInitRequest = /* @__PURE__ */ (() => z.strictObject({
  LoaiBanTin: z.literal('INIT'),
  PhienBan: z.string(),
  MaDoiTac: z.string().min(1),
  MaThamChieu: z.string().min(1).max(paygovInitLimits.referenceChars),
  SoTien: z.int().positive(),
  LoaiHinhThanhToan: z.literal('PAY'),
  MaKenhThanhToan: z.string(),
  MaThietBi: z.string(),
  NgonNgu: z.string(),
  MaTienTe: z.literal('VND'),
  MaNganHang: z.string(),
  ThongTinGiaoDich: z.string().max(paygovInitLimits.descriptionChars),
  ThoiGianGD: z.string().regex(/^\d{14}$/),
  Ip: z.string(),
  MaXacThuc: z.string().regex(/^[0-9a-f]{64}$/),
  ThongTinBienLai: z.looseObject({
    MaHoSo: z.string(),
    HoTenNguoiNop: z.string().min(1).max(paygovInitLimits.payerNameChars),
    SoCMNDNguoiNop: z.string().optional(),
    MaDVC: z.string().optional(),
    TenDVC: z.string().optional(),
    MaTTHC: z.string().optional(),
    TenTTHC: z.string().optional(),
    MaDonVi: z.string().optional(),
    TenDonVi: z.string().optional(),
  }),
  PhiLePhi: z
    .array(
      z.strictObject({
        LoaiPhiLePhi: z.string(),
        MaPhiLePhi: z.string().min(1).max(paygovInitLimits.feeCodeChars),
        TenPhiLePhi: z.string().min(1).max(paygovInitLimits.feeNameChars),
        SoTien: z.int().nonnegative(),
      }),
    )
    .min(1)
    .max(paygovInitLimits.fees),
  UrlTraVe: z.string().max(paygovInitLimits.returnUrlChars).optional(),
}))();
export type PaygovInitRequest = z.infer<typeof PaygovInitRequest>;

export const paygovInitMacFields = [
  'LoaiBanTin', 'PhienBan', 'MaDoiTac', 'MaThamChieu', 'SoTien', 'LoaiHinhThanhToan', 'MaKenhThanhToan',
  'MaThietBi', 'NgonNgu', 'MaTienTe', 'MaNganHang', 'ThongTinGiaoDich', 'ThoiGianGD', 'Ip',
] as const;

/** `{ error_code, message }` where message is a JSON string holding UrlThanhToan. */
// The answers are zod/mini (the requests are built by functions/translate, checked only by the
// simulator): the reconciler bundles no classic zod.
const textOrNumber = () => zm.pipe(zm.union([zm.string(), zm.number()]), zm.transform(String));
export const PaygovAnswer = /* @__PURE__ */ (() => zm.looseObject({ error_code: textOrNumber(), message: zm.string() }))();
export const PaygovInitResult = /* @__PURE__ */ (() => zm.looseObject({ UrlThanhToan: zm.url() }))();

/**
 * A Confirm as it arrives, before its MAC is checked: every signed field is text or a JSON number
 * (SoTien), signed as its text. The values' meaning (reference, amount, codes) is checked only
 * after the MAC verifies (functions/translate/payment-confirmations.ts); unknown fields are kept.
 */
const signedValue = /* @__PURE__ */ (() => zm.union([zm.string(), zm.number()]))();
export const PaygovConfirm = /* @__PURE__ */ (() => zm.looseObject({
  LoaiBanTin: signedValue,
  MaLoi: signedValue,
  MaDoiTac: signedValue,
  MaThamChieu: signedValue,
  SoTien: signedValue,
  MaTienTe: signedValue,
  MaGiaoDich: signedValue,
  MaNganHang: signedValue,
  ThoiGianGD: signedValue,
  ThongTinGiaoDich: signedValue,
  MaXacThuc: zm.string(),
}))();
export type PaygovConfirm = zm.infer<typeof PaygovConfirm>;

export const paygovConfirmMacFields = [
  'LoaiBanTin', 'MaLoi', 'MaDoiTac', 'MaThamChieu', 'SoTien', 'MaTienTe', 'MaGiaoDich', 'MaNganHang', 'ThoiGianGD', 'ThongTinGiaoDich',
] as const;

/** The reply to a Confirm; its MaXacThuc covers MaLoi|MoTaLoi|MaDoiTac|ThoiGianGD|secret (unconfirmed). */
export const paygovReplyMacFields = ['MaLoi', 'MoTaLoi', 'MaDoiTac', 'ThoiGianGD'] as const;

/** MaLoi of our reply (unconfirmed; mirrors VNPay's codes, which the platform's banks share). */
export const paygovReplyCodes = {
  confirmed: '00',
  unknownReference: '01',
  alreadyConfirmed: '02',
  invalidAmount: '04',
  invalidSignature: '97',
  error: '99',
} as const;

export const PaygovQueryRequest = /* @__PURE__ */ (() => z.strictObject({
  LoaiBanTin: z.literal('QUERY'),
  PhienBan: z.string(),
  MaDoiTac: z.string(),
  MaThamChieu: z.string(),
  ThoiGianGD: z.string().regex(/^\d{14}$/),
  MaXacThuc: z.string().regex(/^[0-9a-f]{64}$/),
}))();
export const paygovQueryMacFields = ['LoaiBanTin', 'PhienBan', 'MaDoiTac', 'MaThamChieu', 'ThoiGianGD'] as const;

/** QUERY answer (inside message JSON): TrangThaiGD 1 paid, 3 pending/unknown, 4 failed. */
/** Bounded like a Confirm's fields: what QUERY answers goes into the same store keys and amounts. */
export const PaygovQueryResult = /* @__PURE__ */ (() => zm.looseObject({
  TrangThaiGD: textOrNumber(),
  SoTien: zm.optional(
    zm.pipe(
      zm.union([zm.string(), zm.number()]),
      zm.transform((value: string | number, ctx) => wholeVnd(value) ?? (ctx.issues.push({ code: 'custom', message: 'not a whole VND amount', input: value }), zm.NEVER)),
    ),
  ),
  MaGiaoDich: zm.optional(ProviderTransactionId),
}))();
export const paygovTransactionStates = { paid: '1', pending: '3', failed: '4' } as const;
