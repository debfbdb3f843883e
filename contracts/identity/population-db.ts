import * as z from 'zod';

/**
 * The population-database lookup through the city's relay (PARTNERS.md §2). Field names are the
 * national platform's; they appear only here and in functions/translate.
 */
export const CitizenLookupRequest = /* @__PURE__ */ (() => z.strictObject({
  HoVaTen: z.string().min(1),
  SoDinhDanh: z.string().regex(/^\d{12}$/).optional(),
  SoCMND: z.string().regex(/^\d{9}$/).optional(),
  NgayThangNam: z.string().regex(/^\d{8}$/).optional(),
  Nam: z.string().regex(/^\d{4}$/).optional(),
  MaTichHop: z.string().min(1),
  MaDVC: z.string().min(1),
  MaCanBo: z.string().min(1),
  MaYeuCau: z.string().min(1),
  OTP: z.string().optional(),
}))();
export type CitizenLookupRequest = z.infer<typeof CitizenLookupRequest>;

/** `{ error_code, message }` where message is the SOAP envelope as an XML string. */
export const CitizenLookupAnswer = /* @__PURE__ */ (() => z.looseObject({
  error_code: z.union([z.string(), z.number()]).transform(String),
  message: z.string(),
}))();

/** The part of `CongDan` the gateway compares; the XML holds much more, which is never kept. */
export const CongDan = /* @__PURE__ */ (() => z.looseObject({
  SoDinhDanh: z.union([z.string(), z.number()]).transform(String).optional(),
  SoCMND: z.union([z.string(), z.number()]).transform(String).optional(),
  HoVaTen: z.looseObject({
    Ho: z.string().optional(),
    ChuDem: z.string().optional(),
    Ten: z.string().optional(),
  }),
  /** 1 male, 2 female (unconfirmed). */
  GioiTinh: z.union([z.string(), z.number()]).transform(String).optional(),
  NgayThangNamSinh: z.looseObject({
    Nam: z.union([z.string(), z.number()]).transform(String).optional(),
    NgayThangNam: z.union([z.string(), z.number()]).transform(String).optional(),
  }),
}))();
export type CongDan = z.output<typeof CongDan>;

export const populationSexCodes = { male: '1', female: '2' } as const;
