import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import type { LedgerPartner, LedgerRecord, StoredLedgerRecord } from './ledger-record';
import { keyTime, recordCanonical } from './ledger-record';
import { leafHash, merkleRoot } from './merkle';

/**
 * The signed head of one partner's tree. `previous` is the hash of the partner's previous head,
 * so the heads form a chain; the anchor store (S3 Object Lock, append-only) keeps every head with
 * the keys and leaf hashes it covers, so a table rewrite cannot also rewrite the evidence.
 */
export interface TreeHead {
  readonly version: 1;
  readonly partner: LedgerPartner;
  /** 1, 2, 3… per partner: a missing number is a missing anchor. */
  readonly seq: number;
  /** Records written in [from, through) are sealed by this head or an earlier one. */
  readonly from: string;
  readonly through: string;
  readonly size: number;
  readonly root: string;
  readonly previous: string;
  readonly sealedAt: string;
  /** SHA-256 of the signing public key (SPKI DER), so a rotated key names itself. */
  readonly keyId: string;
}

/** What an anchor object holds: the head, its signature, and the leaves in tree order. */
export interface Anchor {
  readonly head: TreeHead;
  /** ECDSA P-256 / SHA-256 over canonicalJson(head), DER, base64. */
  readonly signature: string;
  /** [record key, leaf hash hex], in tree order. */
  readonly leaves: readonly (readonly [string, string])[];
}

export const genesisHead = '0'.repeat(64);

export const headCanonical = (head: TreeHead): string => canonicalJson(head);
export const headHash = (head: TreeHead): string => createHash('sha256').update(headCanonical(head)).digest('hex');
export const recordLeaf = (record: LedgerRecord): Buffer => leafHash(recordCanonical(record));

/** A partner's sealing position, kept in the table beside the records. */
export interface SealState {
  readonly seq: number;
  readonly headHash: string;
  readonly through: string;
}

/** Sealing rules, declared once for the sealer and the verifier. */
export const sealTiming = {
  /**
   * A record is written by one PutItem whose attempts end within seconds; the sealer leaves this
   * much of the recent past unsealed so a write in flight lands before its time is sealed.
   */
  graceSeconds: 60,
  /**
   * A write that still lands after its time was sealed (a slow retry, a stalled connection) is
   * sealed into the next tree: each run looks this far back for records no tree holds yet. A
   * function awaits its appends, so a record lands within its invocation: the window is longer
   * than the longest function timeout (test/infra/ledger-sealing.test.ts holds it to that).
   * A record landing later still is reported by `ledger verify` as inserted, never ignored.
   */
  lateWindowSeconds: 5 * 60,
} as const;

/**
 * The end of the sealable period at `now`: the grace behind, on a whole second. The grace is
 * configurable (LEDGER_SEAL_GRACE_SECONDS) so tests can seal what they just wrote; in-flight
 * writes it misses are late records, sealed by the next run.
 */
export function sealableThrough(now: Date, graceSeconds: number = sealTiming.graceSeconds): string {
  const ms = now.getTime() - graceSeconds * 1000;
  return new Date(ms - (ms % 1000)).toISOString();
}

/**
 * The next tree: every record written since the last head's `through`, plus late records of the
 * late window that no tree holds yet (`alreadySealed`), in key order. Undefined when there is
 * nothing to seal (no head is written for an empty interval; the next head covers it).
 */
export function planTree(
  partner: LedgerPartner,
  state: SealState | undefined,
  through: string,
  candidates: readonly StoredLedgerRecord[],
  alreadySealed: ReadonlySet<string>,
): { records: StoredLedgerRecord[]; from: string } | undefined {
  const from = state?.through ?? '';
  if (state && through <= state.through) return undefined;
  const records = candidates
    .filter((stored) => stored.record.partner === partner && keyTime(stored.key) < through && !alreadySealed.has(stored.key))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  if (records.length === 0) return undefined;
  return { records, from };
}

export function buildHead(
  partner: LedgerPartner,
  state: SealState | undefined,
  from: string,
  through: string,
  records: readonly StoredLedgerRecord[],
  keyId: string,
  now: Date,
): { head: TreeHead; leaves: [string, string][] } {
  const hashes = records.map((stored) => recordLeaf(stored.record));
  const head: TreeHead = {
    version: 1,
    partner,
    seq: (state?.seq ?? 0) + 1,
    from,
    through,
    size: records.length,
    root: merkleRoot(hashes).toString('hex'),
    previous: state?.headHash ?? genesisHead,
    sealedAt: now.toISOString(),
    keyId,
  };
  return { head, leaves: records.map((stored, i) => [stored.key, hashes[i]!.toString('hex')]) };
}
