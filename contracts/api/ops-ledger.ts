import * as z from '../zod-mini';

/**
 * The ledger as operators check it from the API (GET /v1/ops/ledger/verify): the verification
 * `npm run ops -- ledger verify` runs (every tree recomputed, head signatures checked against the
 * public key, anchors compared with the table), for one partner and one UTC day. Read-only; the
 * records themselves carry no personal data, and the answer carries positions and codes only.
 * zod/mini: the operators' read function bundles no classic zod for it.
 */

/** The ledger's partners (functions/core/ledger/ledger-record.ts), `operator` for the operators' own actions. */
export const ledgerVerifyPartners = ['portal', 'identity', 'payment', 'city', 'operator'] as const;

export const LedgerVerifyQuery = /* @__PURE__ */ (() =>
  z.strictObject({
    partner: z.optional(z.enum(ledgerVerifyPartners).check(z.describe('one partner; every partner when absent'))),
    day: z.optional(z.iso.date().check(z.describe('a UTC day, YYYY-MM-DD, not after today: records written in it are judged; today (UTC) when absent'))),
  }))();

const Position = /* @__PURE__ */ (() =>
  z.strictObject({
    seq: z.nullable(z.int()),
    leaf: z.nullable(z.int()),
    key: z.nullable(z.string()),
  }))();

const PartnerVerification = /* @__PURE__ */ (() =>
  z.strictObject({
    partner: z.enum(ledgerVerifyPartners),
    /** No finding: every sealed record of the day is in the table unchanged, every anchor signed and chained. */
    intact: z.boolean(),
    anchors: z.int().check(z.describe("the partner's anchors checked: the whole signed chain, every day's (a day is judged against the chain), not the anchors of this day")),
    sealedChecked: z.int().check(z.describe('sealed records of the day compared with the table')),
    /** True when no record of the day was sealed (none written, or none sealed yet): `intact` then vouches for nothing of the day. */
    nothingSealed: z.boolean(),
    unsealed: z.int().check(z.describe('records of the day not sealed yet (written after the last tree, or still inside the late window)')),
    findings: z.array(
      z.strictObject({
        kind: z.enum(['rewritten', 'deleted', 'inserted', 'inserted-late', 'reordered', 'truncated', 'anchor-edited', 'anchor-missing', 'anchor-chain-broken']),
        position: Position,
        detail: z.string(),
      }),
    ),
    /** Warnings: records sealed after their own period (a slow write looks like this), with how late. */
    sealedLate: z.array(z.strictObject({ position: Position, writtenAt: z.string(), treeFrom: z.string(), sealedAt: z.string(), lateSeconds: z.number() })),
  }))();

export const LedgerVerifyAnswer = /* @__PURE__ */ (() =>
  z
    .strictObject({
      day: z.string(),
      /** [from, to): the records judged. */
      from: z.string(),
      to: z.string(),
      /** Every partner verified is intact. */
      intact: z.boolean(),
      /** No partner had a sealed record that day: nothing of the day was checked (the chains were). */
      nothingSealed: z.boolean(),
      /** The most a genuine write can be late; a record sealed later than this is a finding (inserted-late). */
      lateBoundSeconds: z.int(),
      partners: z.array(PartnerVerification),
    })
    .register(z.globalRegistry, { id: 'OpsLedgerVerification' }))();
export type LedgerVerifyAnswer = z.infer<typeof LedgerVerifyAnswer>;
