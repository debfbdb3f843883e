import * as z from 'zod';
import { DossierCode } from './dossier';
import { text } from './text';

/** A code the ledger records as is (purpose, officer): bounded so the ledger item stays small. */
const shortCode = /* @__PURE__ */ (() => z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" or "-"'))();

/**
 * A request to confirm that an applicant's ID number, name and date of birth match the
 * population database. The answer says whether each matches — never what the record holds.
 */
export const VerificationRequest = /* @__PURE__ */ (() => z
  .strictObject({
    personalId: z.string().regex(/^\d{12}$/, '12 digits').optional(),
    legacyId: z.string().regex(/^\d{9}$/, '9 digits').optional(),
    fullName: text(200),
    dateOfBirth: z
      .string()
      .regex(/^\d{4}(-\d{2}-\d{2})?$/, 'YYYY-MM-DD, or YYYY where only the year is known')
      .describe('YYYY-MM-DD, or the year alone'),
    sex: z.enum(['male', 'female']).optional(),
    purpose: z.strictObject({ code: shortCode, text: text(500) }),
    dossierCode: z.optional(DossierCode),
    officerId: shortCode,
  })
  .superRefine((request, ctx) => {
    if ((request.personalId === undefined) === (request.legacyId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['personalId'], message: 'give exactly one of personalId (12 digits) or legacyId (9 digits)' });
    }
  })
  .meta({ id: 'VerificationRequest' }))();
export type VerificationRequest = z.output<typeof VerificationRequest>;

export const CheckResult = /* @__PURE__ */ (() => z.enum(['match', 'mismatch', 'not_checked']))();

export const VerificationAnswer = /* @__PURE__ */ (() => z
  .strictObject({
    verdict: z.enum(['MATCH', 'MISMATCH', 'NOT_FOUND']),
    checks: z.strictObject({ personalId: CheckResult, fullName: CheckResult, dateOfBirth: CheckResult, sex: CheckResult }),
    requestId: z.string(),
  })
  .meta({ id: 'VerificationAnswer' }))();
export type VerificationAnswer = z.infer<typeof VerificationAnswer>;
