import * as z from '../zod-mini';
import { platformLimits, utf8Bytes } from '../platform/limits';

/**
 * The identifiers a payment confirmation carries, bounded once: by the store keys they end up in
 * (functions/adapters/payment/payment-store.ts builds its keys from the prefixes below) and by the shape
 * the gateway issues. A confirmation whose identifiers are out of bounds is refused in the
 * provider's own format before any store access.
 */

/** Key layout of the payments table: `PAYMENT#<reference>` / `PAYMENT`, and one `CONFIRMATION#…` item per confirmation. */
export const paymentKeyParts = {
  paymentPartition: 'PAYMENT#',
  paymentSort: 'PAYMENT',
  confirmationSort: 'CONFIRMATION#',
} as const;

/** The sort key of a kept confirmation: CONFIRMATION#<receivedAt ISO>#<provider>#<provider transaction id>. */
export function confirmationSortKey(receivedAt: string, provider: string, providerTransactionId: string): string {
  return `${paymentKeyParts.confirmationSort}${receivedAt}#${provider}#${providerTransactionId}`;
}

/** The longest provider name and a receipt instant in `Date#toISOString` form (24 characters until year 10000). */
const longestSortKeyPrefix = confirmationSortKey('2026-01-01T00:00:00.000Z', 'paygov', '');

export const paymentIdentifierLimits = {
  /**
   * A payment reference the gateway issues is `LT` + yyMMdd + 10 characters (18); up to 40 is
   * accepted so the format can grow. 40 is within every provider's field (PayGov MaThamChieu ≤ 50,
   * MoMo orderId ≤ 50, VNPay vnp_TxnRef ≤ 100) and far within the partition key.
   */
  referenceChars: 40,
  /** The provider's transaction id ends the confirmation's sort key: what the key leaves for it. */
  providerTransactionIdBytes: platformLimits.dynamoSortKeyBytes - utf8Bytes(longestSortKeyPrefix),
  /** A provider's outcome code (VNPay 2 digits, MoMo an integer, PayGov MaLoi): kept on the payment. */
  providerCodeChars: 16,
} as const;

/** What the partition key leaves for a reference; the reference's own limit must fit in it. */
export const referenceKeyBytes = platformLimits.dynamoPartitionKeyBytes - utf8Bytes(paymentKeyParts.paymentPartition);

/** A payment's reference, which is also its id (`GET /v1/payments/{paymentId}`). */
/** zod/mini, as is every schema here: GET /v1/payments and the payment workers bundle no classic zod for them. */
export const PaymentReference = /* @__PURE__ */ (() => z
  .string()
  .check(z.regex(new RegExp(`^[A-Z0-9]{6,${paymentIdentifierLimits.referenceChars}}$`), 'a payment reference such as LT261122ABCDEFGHJK (6–40 capital letters and digits)')))();

/** A provider transaction id: any text the sort key can hold (providers differ: digits, PG…, MoMo Long). */
// Wrapped in a pure arrow: esbuild keeps a template literal's substitutions as possible side effects,
// which would keep classic zod in bundles (GET /v1/payments) that never use this schema.
export const ProviderTransactionId = /* @__PURE__ */ (() =>
  z.string().check(
    z.refine((id: string) => utf8Bytes(id) <= paymentIdentifierLimits.providerTransactionIdBytes, {
      message: `at most ${paymentIdentifierLimits.providerTransactionIdBytes} UTF-8 bytes`,
    }),
  ))();

/** A provider's outcome code: short letters and digits (a sign for MoMo's negative codes). */
export const ProviderCode = /* @__PURE__ */ (() => z.string().check(z.regex(new RegExp(`^-?[0-9A-Za-z]{1,${paymentIdentifierLimits.providerCodeChars}}$`))))();

/**
 * A confirmed amount in whole VND: a non-negative safe integer, sent as a JSON number or a
 * string of digits. Anything else (a fraction, a sign, 30 digits, text) is a malformed amount.
 */
export function wholeVnd(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || !/^\d{1,16}$/.test(value)) return undefined;
  const amount = Number(value);
  return Number.isSafeInteger(amount) ? amount : undefined;
}

/**
 * Why a confirmation was refused: the stable `errorCode` of its ledger record and the `reason` of
 * the `payment confirmation rejected` WARN line. Each provider maps these to its own answer.
 */
export const confirmationRefusals = [
  /** The body is larger than the functions accept (256 KiB). */
  'body-too-large',
  /** The body is not declared as JSON (MoMo). */
  'unsupported-media-type',
  /** Not JSON, or a field the signature covers is missing or not text/number. */
  'malformed',
  /** The signature does not verify. */
  'bad-signature',
  /** Signed, but the reference is not one the gateway issues (shape or length). */
  'invalid-reference',
  /** Signed, but the provider's transaction id is longer than the store can key. */
  'invalid-transaction-id',
  /** Signed, but the amount is not a whole, non-negative VND amount (VNPay: not a multiple of 100). */
  'malformed-amount',
  /** Signed, but the provider's outcome code is not a short code. */
  'malformed-result-code',
  /** Well-formed, but no payment has this reference. */
  'unknown-reference',
  /** Well-formed, but the amount is not the payment's. */
  'invalid-amount',
  /** The gateway failed (a store unavailable, a bug): the provider should send it again. */
  'internal',
] as const;
export type ConfirmationRefusal = (typeof confirmationRefusals)[number];
