import * as z from '../zod-mini';
import { DossierCode } from './dossier';
import { text } from './text';

/** A code the ledger records as is (purpose, officer): bounded so the ledger item stays small. */
const shortCode = /* @__PURE__ */ (() => z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" or "-"')))();

/**
 * A request to confirm that an applicant's ID number, name and date of birth match the
 * population database. The answer says whether each matches — never what the record holds.
 */
export const VerificationRequest = /* @__PURE__ */ (() => z
  .strictObject({
    personalId: z.optional(z.string().check(z.regex(/^\d{12}$/, '12 digits'))),
    legacyId: z.optional(z.string().check(z.regex(/^\d{9}$/, '9 digits'))),
    fullName: text(200),
    dateOfBirth: z
      .string()
      .check(z.regex(/^\d{4}(-\d{2}-\d{2})?$/, 'YYYY-MM-DD, or YYYY where only the year is known'))
      .register(z.globalRegistry, { description: 'YYYY-MM-DD, or the year alone' }),
    sex: z.optional(z.enum(['male', 'female'])),
    purpose: z.strictObject({ code: shortCode, text: text(500) }),
    dossierCode: z.optional(DossierCode),
    officerId: shortCode,
  })
  .check(
    z.superRefine((request, ctx) => {
      if ((request.personalId === undefined) === (request.legacyId === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['personalId'], message: 'give exactly one of personalId (12 digits) or legacyId (9 digits)' });
      }
    }),
  )
  .register(z.globalRegistry, { id: 'VerificationRequest' }))();
export type VerificationRequest = z.output<typeof VerificationRequest>;

export const CheckResult = /* @__PURE__ */ (() => z.enum(['match', 'mismatch', 'not_checked']))();

export const VerificationAnswer = /* @__PURE__ */ (() => z
  .strictObject({
    verdict: z.enum(['MATCH', 'MISMATCH', 'NOT_FOUND']),
    checks: z.strictObject({ personalId: CheckResult, fullName: CheckResult, dateOfBirth: CheckResult, sex: CheckResult }),
    requestId: z.string(),
  })
  .register(z.globalRegistry, { id: 'VerificationAnswer' }))();
export type VerificationAnswer = z.infer<typeof VerificationAnswer>;
