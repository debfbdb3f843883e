import * as z from '../zod-mini';
import { portalFieldLimits as portalMax, portalListLimits as portalLists } from '../portal/limits';
import { httpsUrl, instant, stableId, text } from './text';

/**
 * The canonical dossier: the gateway's own model of a one-stop-shop dossier. City systems push
 * snapshots of it; translators map it to each partner's format (contracts/portal for the portal).
 * Every object is strict: an unknown field is a caller bug and is rejected, never passed on unseen.
 * Limits of fields that reach the portal come from contracts/portal/limits: whatever this model
 * accepts, the portal accepts too (the PUT handler re-checks the translated payload as a net).
 *
 * Written in zod/mini (../zod-mini.ts): the PUT function validates with these and bundles no
 * classic zod. Same core, checks and messages; classic schemas elsewhere compose them
 * (`z.optional(DossierCode)`), zod-openapi reads the `register`ed metadata as it reads `.meta()`.
 */

export const dossierCodePattern = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${portalMax.dossierCode - 1}}$`);
export const DossierCode = /* @__PURE__ */ (() => z
  .string()
  .check(
    z.maxLength(portalMax.dossierCode),
    z.regex(dossierCodePattern, `a dossier code is 1–${portalMax.dossierCode} letters, digits, ".", "_" or "-", starting with a letter or digit`),
  )
  .register(z.globalRegistry, { id: 'DossierCode', example: '000.00.21.H29-261122-0001' }))();

/** The portal's rule, worded for the caller: the field is refused because the portal would refuse it. */
const portalRule = (max: number) => `the national portal accepts at most ${max} characters`;
/** Text that reaches a portal field of at most `max` characters. */
const portalText = (max: number) => text(max, portalRule(max));
/** A phone or fax number: digits, spaces, dots and dashes, an optional leading "+", as long as the portal allows. */
const contactNumber = (what: string, max: number) => z.string().check(z.regex(/^\+?[0-9 .-]{6,}$/, what), z.maxLength(max, portalRule(max)));

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
export const DossierStatus = /* @__PURE__ */ (() => z.enum(dossierStatuses).register(z.globalRegistry, { id: 'DossierStatus' }))();
export type DossierStatus = z.output<typeof DossierStatus>;

export const Procedure = /* @__PURE__ */ (() => z
  .strictObject({
    code: z
      .string()
      .check(z.minLength(3), z.maxLength(40), z.regex(/^[0-9A-Za-z.]+$/, 'procedure code as in the national catalogue, e.g. 1.000494.000.00.00.H29')),
    name: text(500),
    field: z.strictObject({ code: text(50), name: text(300) }),
  })
  .register(z.globalRegistry, { id: 'Procedure' }))();

export const ApplicantIdentifier = /* @__PURE__ */ (() => z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('personal_id'), number: z.string().check(z.regex(/^\d{12}$/, '12 digits')) }),
  z.strictObject({ kind: z.literal('legacy_id'), number: z.string().check(z.regex(/^\d{9}$/, '9 digits')) }),
  z.strictObject({ kind: z.literal('tax_code'), number: z.string().check(z.regex(/^\d{10}(-\d{3})?$/, '10 digits, optionally -NNN')) }),
]))();

export const Applicant = /* @__PURE__ */ (() => z
  .strictObject({
    kind: z.enum(['individual', 'enterprise', 'state_agency', 'other_organisation']),
    name: text(300),
    identifiers: z._default(z.array(ApplicantIdentifier).check(z.maxLength(portalLists.identifiers)), []),
    contacts: z._default(
      z.strictObject({
        email: z.optional(z.email().check(z.maxLength(portalMax.email, portalRule(portalMax.email)))),
        phone: z.optional(contactNumber('a phone number', portalMax.phone)),
        fax: z.optional(contactNumber('a fax number', portalMax.fax)),
        address: z.optional(text(500)),
      }),
      {},
    ),
    otherInfo: z.optional(portalText(portalMax.otherInfo)),
  })
  .register(z.globalRegistry, { id: 'Applicant' }))();

export const Document = /* @__PURE__ */ (() => z
  .strictObject({
    id: stableId(),
    name: text(500),
    componentCode: z.optional(text(100)),
    url: httpsUrl(),
  })
  .register(z.globalRegistry, { id: 'Document' }))();

export const PaperDocument = /* @__PURE__ */ (() => z.strictObject({
  name: text(500),
  quantity: z.int().check(z.minimum(1), z.maximum(1000)),
  kind: z.optional(text(100)),
}))();

/** Amounts are whole Vietnamese đồng: the currency has no minor unit, so never a float. */
export const VndAmount = /* @__PURE__ */ (() => z
  .int()
  .check(z.minimum(0), z.maximum(1_000_000_000_000))
  .register(z.globalRegistry, { description: 'whole VND' }))();

export const Fee = /* @__PURE__ */ (() => z
  .strictObject({
    code: text(50),
    name: text(300),
    amount: VndAmount,
    kind: z._default(z.enum(['fee', 'charge']), 'fee').register(z.globalRegistry, { description: 'phí (fee) or lệ phí (charge)' }),
    collectionMethod: z.optional(z.enum(['counter', 'online', 'bank_transfer'])),
  })
  .register(z.globalRegistry, { id: 'Fee' }))();

export const SupplementRequest = /* @__PURE__ */ (() => z
  .strictObject({
    id: stableId(),
    requestedBy: text(300),
    content: text(2000),
    requestedAt: instant(),
    receivedBy: z.optional(text(300)),
    receivedInfo: z.optional(text(1000)),
    receivedAt: z.optional(instant()),
    status: z.enum(['requested', 'submitted', 'accepted', 'rejected']),
    documents: z._default(z.array(text(500)).check(z.maxLength(100)), []),
    fees: z._default(z.array(text(300)).check(z.maxLength(50)), []),
    previousDueAt: z.optional(instant()),
    newDueAt: z.optional(instant()),
  })
  .register(z.globalRegistry, { id: 'SupplementRequest' }))();

export const ResultDocument = /* @__PURE__ */ (() => z
  .strictObject({
    id: stableId(),
    name: text(500),
    componentCode: z.optional(text(100)),
    resultCode: z.optional(text(100)),
    url: httpsUrl(),
  })
  .register(z.globalRegistry, { id: 'ResultDocument' }))();

export const HistoryStep = /* @__PURE__ */ (() => z
  .strictObject({
    id: stableId().register(z.globalRegistry, { description: 'stable per step: the sync sends each step once, by id' }),
    actor: z.strictObject({ name: text(300), title: z.optional(text(200)) }),
    unit: z.optional(text(300)),
    at: instant(),
    action: text(2000),
    status: DossierStatus,
    startedAt: z.optional(instant()),
    dueAt: z.optional(instant()),
  })
  .register(z.globalRegistry, { id: 'HistoryStep' }))();

export const Project06Flags = /* @__PURE__ */ (() => z
  .strictObject({
    vneidVerified: z._default(z.boolean(), false),
    paidOnline: z._default(z.boolean(), false),
    digitised: z._default(z.boolean(), false),
  })
  .register(z.globalRegistry, { id: 'Project06Flags' }))();

/** A unit's code is optional: dossiers submitted on the portal name the unit only. */
export const Unit = /* @__PURE__ */ (() => z.strictObject({ code: z.optional(text(50)), name: text(300) }))();

/** Every field of a dossier; the schemas below add the rules that span fields. */
/**
 * A function, not a shared object: an object of schemas at the top level is built in every bundle
 * that imports this module (the insight worker needs only DossierCode).
 */
const dossierFields = () => ({
  dossierCode: z.optional(DossierCode),
  version: z
    .int()
    .check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER))
    .register(z.globalRegistry, { description: 'monotonic per dossier; the city system owns it' }),
  receiptNumber: z.optional(portalText(portalMax.receiptNumber)),
  procedure: Procedure,
  applicant: Applicant,
  channel: z.enum(['in_person', 'online', 'postal']),
  submissionPlace: z.optional(portalText(portalMax.submissionPlace)),
  resultDelivery: z._default(z.enum(['counter', 'post']), 'counter'),
  summary: z._default(z.string().check(z.normalize('NFC'), z.maxLength(10_000)), ''),
  note: z.optional(portalText(portalMax.note)),
  status: DossierStatus,
  handlingUnit: Unit,
  submittedAt: instant(),
  receivedAt: z.optional(instant()),
  dueAt: z.optional(instant()),
  refusedAt: z.optional(instant()),
  finishedAt: z.optional(instant()),
  returnedAt: z.optional(instant()),
  resultInfo: z.optional(portalText(portalMax.resultInfo)),
  documents: z._default(z.array(Document).check(z.maxLength(portalLists.documents)), []),
  paperDocuments: z._default(z.array(PaperDocument).check(z.maxLength(portalLists.paperDocuments)), []),
  fees: z._default(z.array(Fee).check(z.maxLength(portalLists.fees)), []),
  supplementRequests: z._default(z.array(SupplementRequest).check(z.maxLength(portalLists.supplementRequests)), []),
  results: z._default(z.array(ResultDocument).check(z.maxLength(portalLists.results)), []),
  history: z._default(z.array(HistoryStep).check(z.maxLength(500)), []),
  project06: z._default(Project06Flags, { vneidVerified: false, paidOnline: false, digitised: false }),
});

function uniqueStepIds(dossier: { history: { id: string }[] }, ctx: z.core.$RefinementCtx<{ history: { id: string }[] }>): void {
  const seen = new Set<string>();
  dossier.history.forEach((step, index) => {
    if (seen.has(step.id)) ctx.addIssue({ code: 'custom', path: ['history', index, 'id'], message: `duplicate history step id "${step.id}"` });
    seen.add(step.id);
  });
}

/** What a city system PUTs. The code comes from the path; `dossierCode` in the body must match it. */
export const DossierSnapshotInput = /* @__PURE__ */ (() => z
  .strictObject(dossierFields())
  .check(z.superRefine(uniqueStepIds))
  .register(z.globalRegistry, { id: 'DossierSnapshotInput' }))();

/**
 * A dossier a citizen submitted on the national portal, as the gateway hands it to the city:
 * the city system takes ownership and assigns `version` when it stores it.
 */
export const OnlineDossier = /* @__PURE__ */ (() => {
  const { version: _cityOwnedVersion, ...onlineDossierFields } = dossierFields();
  return z
    .strictObject({ ...onlineDossierFields, dossierCode: DossierCode })
    .check(z.superRefine(uniqueStepIds))
    .register(z.globalRegistry, { id: 'OnlineDossier' });
})();
export type OnlineDossier = z.output<typeof OnlineDossier>;

export type DossierSnapshotInput = z.input<typeof DossierSnapshotInput>;
/** The snapshot as stored: defaults applied, text normalised, code filled from the path. */
export type DossierSnapshot = z.output<typeof DossierSnapshotInput> & { dossierCode: string };

export const DossierPathParameters = /* @__PURE__ */ (() => z.object({ code: DossierCode }))();
