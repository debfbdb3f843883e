import * as z from 'zod';
import { portalFieldLimits as portalMax, portalListLimits as portalLists } from '../portal/limits';
import { httpsUrl, instant, stableId, text } from './text';

/**
 * The canonical dossier: the gateway's own model of a one-stop-shop dossier. City systems push
 * snapshots of it; translators map it to each partner's format (contracts/portal for the portal).
 * Every object is strict: an unknown field is a caller bug and is rejected, never passed on unseen.
 * Limits of fields that reach the portal come from contracts/portal/limits: whatever this model
 * accepts, the portal accepts too (the PUT handler re-checks the translated payload as a net).
 */

export const dossierCodePattern = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${portalMax.dossierCode - 1}}$`);
export const DossierCode = /* @__PURE__ */ z
  .string()
  .max(portalMax.dossierCode)
  .regex(dossierCodePattern, `a dossier code is 1–${portalMax.dossierCode} letters, digits, ".", "_" or "-", starting with a letter or digit`)
  .meta({ id: 'DossierCode', example: '000.00.21.H29-261122-0001' });

/** The portal's rule, worded for the caller: the field is refused because the portal would refuse it. */
const portalRule = (max: number) => `the national portal accepts at most ${max} characters`;
/** Text that reaches a portal field of at most `max` characters. */
const portalText = (max: number) => text(max, portalRule(max));
/** A phone or fax number: digits, spaces, dots and dashes, an optional leading "+", as long as the portal allows. */
const contactNumber = (what: string, max: number) =>
  z.string().regex(/^\+?[0-9 .-]{6,}$/, what).max(max, portalRule(max));

/** The gateway's own status vocabulary; contracts/portal maps it to TrangThaiHoSo by configuration. */
export const dossierStatuses = [
  'submitted',
  'received',
  'refused',
  'processing',
  'supplement_requested',
  'payment_required',
  'withdrawal_requested',
  'stopped',
  'done',
  'returned',
] as const;
export const DossierStatus = /* @__PURE__ */ z.enum(dossierStatuses).meta({ id: 'DossierStatus' });
export type DossierStatus = z.infer<typeof DossierStatus>;

export const Procedure = /* @__PURE__ */ z
  .strictObject({
    code: z
      .string()
      .min(3)
      .max(40)
      .regex(/^[0-9A-Za-z.]+$/, 'procedure code as in the national catalogue, e.g. 1.000494.000.00.00.H29'),
    name: text(500),
    field: z.strictObject({ code: text(50), name: text(300) }),
  })
  .meta({ id: 'Procedure' });

export const ApplicantIdentifier = /* @__PURE__ */ z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('personal_id'), number: z.string().regex(/^\d{12}$/, '12 digits') }),
  z.strictObject({ kind: z.literal('legacy_id'), number: z.string().regex(/^\d{9}$/, '9 digits') }),
  z.strictObject({ kind: z.literal('tax_code'), number: z.string().regex(/^\d{10}(-\d{3})?$/, '10 digits, optionally -NNN') }),
]);

export const Applicant = /* @__PURE__ */ z
  .strictObject({
    kind: z.enum(['individual', 'enterprise', 'state_agency', 'other_organisation']),
    name: text(300),
    identifiers: z.array(ApplicantIdentifier).max(portalLists.identifiers).default([]),
    contacts: z
      .strictObject({
        email: z.email().max(portalMax.email, portalRule(portalMax.email)).optional(),
        phone: contactNumber('a phone number', portalMax.phone).optional(),
        fax: contactNumber('a fax number', portalMax.fax).optional(),
        address: text(500).optional(),
      })
      .default({}),
    otherInfo: portalText(portalMax.otherInfo).optional(),
  })
  .meta({ id: 'Applicant' });

export const Document = /* @__PURE__ */ z
  .strictObject({
    id: stableId(),
    name: text(500),
    componentCode: text(100).optional(),
    url: httpsUrl(),
  })
  .meta({ id: 'Document' });

export const PaperDocument = /* @__PURE__ */ z.strictObject({
  name: text(500),
  quantity: z.int().min(1).max(1000),
  kind: text(100).optional(),
});

/** Amounts are whole Vietnamese đồng: the currency has no minor unit, so never a float. */
export const VndAmount = /* @__PURE__ */ z.int().min(0).max(1_000_000_000_000).describe('whole VND');

export const Fee = /* @__PURE__ */ z
  .strictObject({
    code: text(50),
    name: text(300),
    amount: VndAmount,
    kind: z.enum(['fee', 'charge']).default('fee').describe('phí (fee) or lệ phí (charge)'),
    collectionMethod: z.enum(['counter', 'online', 'bank_transfer']).optional(),
  })
  .meta({ id: 'Fee' });

export const SupplementRequest = /* @__PURE__ */ z
  .strictObject({
    id: stableId(),
    requestedBy: text(300),
    content: text(2000),
    requestedAt: instant(),
    receivedBy: text(300).optional(),
    receivedInfo: text(1000).optional(),
    receivedAt: instant().optional(),
    status: z.enum(['requested', 'submitted', 'accepted', 'rejected']),
    documents: z.array(text(500)).max(100).default([]),
    fees: z.array(text(300)).max(50).default([]),
    previousDueAt: instant().optional(),
    newDueAt: instant().optional(),
  })
  .meta({ id: 'SupplementRequest' });

export const ResultDocument = /* @__PURE__ */ z
  .strictObject({
    id: stableId(),
    name: text(500),
    componentCode: text(100).optional(),
    resultCode: text(100).optional(),
    url: httpsUrl(),
  })
  .meta({ id: 'ResultDocument' });

export const HistoryStep = /* @__PURE__ */ z
  .strictObject({
    id: stableId().describe('stable per step: the sync sends each step once, by id'),
    actor: z.strictObject({ name: text(300), title: text(200).optional() }),
    unit: text(300).optional(),
    at: instant(),
    action: text(2000),
    status: DossierStatus,
    startedAt: instant().optional(),
    dueAt: instant().optional(),
  })
  .meta({ id: 'HistoryStep' });

export const Project06Flags = /* @__PURE__ */ z
  .strictObject({
    vneidVerified: z.boolean().default(false),
    paidOnline: z.boolean().default(false),
    digitised: z.boolean().default(false),
  })
  .meta({ id: 'Project06Flags' });

/** A unit's code is optional: dossiers submitted on the portal name the unit only. */
export const Unit = /* @__PURE__ */ z.strictObject({ code: text(50).optional(), name: text(300) });

/** Every field of a dossier; the schemas below add the rules that span fields. */
const dossierFields = {
  dossierCode: DossierCode.optional(),
  version: z.int().min(1).max(Number.MAX_SAFE_INTEGER).describe('monotonic per dossier; the city system owns it'),
  receiptNumber: portalText(portalMax.receiptNumber).optional(),
  procedure: Procedure,
  applicant: Applicant,
  channel: z.enum(['in_person', 'online', 'postal']),
  submissionPlace: portalText(portalMax.submissionPlace).optional(),
  resultDelivery: z.enum(['counter', 'post']).default('counter'),
  summary: z.string().normalize('NFC').max(10_000).default(''),
  note: portalText(portalMax.note).optional(),
  status: DossierStatus,
  handlingUnit: Unit,
  submittedAt: instant(),
  receivedAt: instant().optional(),
  dueAt: instant().optional(),
  refusedAt: instant().optional(),
  finishedAt: instant().optional(),
  returnedAt: instant().optional(),
  resultInfo: portalText(portalMax.resultInfo).optional(),
  documents: z.array(Document).max(portalLists.documents).default([]),
  paperDocuments: z.array(PaperDocument).max(portalLists.paperDocuments).default([]),
  fees: z.array(Fee).max(portalLists.fees).default([]),
  supplementRequests: z.array(SupplementRequest).max(portalLists.supplementRequests).default([]),
  results: z.array(ResultDocument).max(portalLists.results).default([]),
  history: z.array(HistoryStep).max(500).default([]),
  project06: Project06Flags.default({ vneidVerified: false, paidOnline: false, digitised: false }),
};

function uniqueStepIds(dossier: { history: { id: string }[] }, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  dossier.history.forEach((step, index) => {
    if (seen.has(step.id)) ctx.addIssue({ code: 'custom', path: ['history', index, 'id'], message: `duplicate history step id "${step.id}"` });
    seen.add(step.id);
  });
}

/** What a city system PUTs. The code comes from the path; `dossierCode` in the body must match it. */
export const DossierSnapshotInput = /* @__PURE__ */ z.strictObject(dossierFields).superRefine(uniqueStepIds).meta({ id: 'DossierSnapshotInput' });

/**
 * A dossier a citizen submitted on the national portal, as the gateway hands it to the city:
 * the city system takes ownership and assigns `version` when it stores it.
 */
const { version: _cityOwnedVersion, ...onlineDossierFields } = dossierFields;
export const OnlineDossier = /* @__PURE__ */ z
  .strictObject({ ...onlineDossierFields, dossierCode: DossierCode })
  .superRefine(uniqueStepIds)
  .meta({ id: 'OnlineDossier' });
export type OnlineDossier = z.output<typeof OnlineDossier>;

export type DossierSnapshotInput = z.input<typeof DossierSnapshotInput>;
/** The snapshot as stored: defaults applied, text normalised, code filled from the path. */
export type DossierSnapshot = z.output<typeof DossierSnapshotInput> & { dossierCode: string };

export const DossierPathParameters = /* @__PURE__ */ z.object({ code: DossierCode });
