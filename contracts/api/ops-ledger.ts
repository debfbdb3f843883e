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
    partner: z.enum(ledgerVerifyPartners),
    day: z.iso.date().register(z.globalRegistry, { description: 'a UTC day, YYYY-MM-DD: records written in it are judged' }),
  }))();

const Position = /* @__PURE__ */ (() =>
  z.strictObject({
    seq: z.nullable(z.int()),
    leaf: z.nullable(z.int()),
    key: z.nullable(z.string()),
  }))();

export const LedgerVerifyAnswer = /* @__PURE__ */ (() =>
  z
    .strictObject({
      partner: z.enum(ledgerVerifyPartners),
      day: z.string(),
      /** [from, to): the records judged. */
      from: z.string(),
      to: z.string(),
      /** No finding: every sealed record of the day is in the table unchanged, every anchor signed and chained. */
      intact: z.boolean(),
      anchors: z.int(),
      sealedChecked: z.int(),
      unsealed: z.int(),
      findings: z.array(
        z.strictObject({
          kind: z.enum(['rewritten', 'deleted', 'inserted', 'inserted-late', 'reordered', 'truncated', 'anchor-edited', 'anchor-missing', 'anchor-chain-broken']),
          position: Position,
          detail: z.string(),
        }),
      ),
      /** Warnings: records sealed after their own period (a slow write looks like this), with how late. */
      sealedLate: z.array(z.strictObject({ position: Position, writtenAt: z.string(), treeFrom: z.string(), sealedAt: z.string(), lateSeconds: z.number() })),
      /** The most a genuine write can be late; a record sealed later than this is a finding (inserted-late). */
      lateBoundSeconds: z.int(),
    })
    .register(z.globalRegistry, { id: 'OpsLedgerVerification' }))();
export type LedgerVerifyAnswer = z.infer<typeof LedgerVerifyAnswer>;
