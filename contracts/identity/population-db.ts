import * as z from '../zod-mini';

/** A value the database sends as a string or a number; the gateway compares strings. */
const textOrNumber = () => z.pipe(z.union([z.string(), z.number()]), z.transform(String));

/**
 * The population-database lookup through the city's relay (PARTNERS.md §2). Field names are the
 * national platform's; they appear only here and in functions/translate.
 */
export const CitizenLookupRequest = /* @__PURE__ */ (() => z.strictObject({
  HoVaTen: z.string().check(z.minLength(1)),
  SoDinhDanh: z.optional(z.string().check(z.regex(/^\d{12}$/))),
  SoCMND: z.optional(z.string().check(z.regex(/^\d{9}$/))),
  NgayThangNam: z.optional(z.string().check(z.regex(/^\d{8}$/))),
  Nam: z.optional(z.string().check(z.regex(/^\d{4}$/))),
  MaTichHop: z.string().check(z.minLength(1)),
  MaDVC: z.string().check(z.minLength(1)),
  MaCanBo: z.string().check(z.minLength(1)),
  MaYeuCau: z.string().check(z.minLength(1)),
  OTP: z.optional(z.string()),
}))();
export type CitizenLookupRequest = z.infer<typeof CitizenLookupRequest>;

/** `{ error_code, message }` where message is the SOAP envelope as an XML string. */
export const CitizenLookupAnswer = /* @__PURE__ */ (() => z.looseObject({
  error_code: textOrNumber(),
  message: z.string(),
}))();

/** The part of `CongDan` the gateway compares; the XML holds much more, which is never kept. */
export const CongDan = /* @__PURE__ */ (() => z.looseObject({
  SoDinhDanh: z.optional(textOrNumber()),
  SoCMND: z.optional(textOrNumber()),
  HoVaTen: z.looseObject({
    Ho: z.optional(z.string()),
    ChuDem: z.optional(z.string()),
    Ten: z.optional(z.string()),
  }),
  /** 1 male, 2 female (unconfirmed). */
  GioiTinh: z.optional(textOrNumber()),
  NgayThangNamSinh: z.looseObject({
    Nam: z.optional(textOrNumber()),
    NgayThangNam: z.optional(textOrNumber()),
  }),
}))();
export type CongDan = z.output<typeof CongDan>;

export const populationSexCodes = { male: '1', female: '2' } as const;
