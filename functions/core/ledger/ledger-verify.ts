import type { LedgerPartner, StoredLedgerRecord } from './ledger-record';
import { keyTime } from './ledger-record';
import type { Anchor, SealState } from './ledger-seal';
import { headHash, recordLeaf, sealTiming } from './ledger-seal';
import { merkleRoot } from './merkle';

/** One anchor as read from the anchor store: its sequence number from the name, and the parse. */
export interface ReadAnchor {
  readonly seq: number;
  readonly anchor?: Anchor;
  /** Whether head's signature verified with the ledger's public key. */
  readonly signatureValid: boolean;
}

export type FindingKind =
  | 'rewritten'
  | 'deleted'
  | 'inserted'
  | 'inserted-late'
  | 'reordered'
  | 'truncated'
  | 'anchor-edited'
  | 'anchor-missing'
  | 'anchor-chain-broken';

export interface LedgerPosition {
  /** The tree (head sequence number) and the leaf index in it; for an inserted record, where it would sort. */
  readonly seq?: number;
  readonly leaf?: number;
  readonly key?: string;
}

export interface LedgerFinding {
  readonly kind: FindingKind;
  readonly partner: LedgerPartner;
  readonly position: LedgerPosition;
  readonly detail: string;
}

/**
 * A sealed record whose time lies before the start of the tree that sealed it: the previous head
 * had already sealed its time. A genuine slow write looks like this, and so does a record
 * back-dated into a sealed period within the late window; `lateSeconds` tells them apart as far
 * as anything can (see `lateBoundSeconds`).
 */
export interface SealedLate {
  readonly partner: LedgerPartner;
  readonly position: LedgerPosition;
  readonly writtenAt: string;
  /** The start of the sealing tree (the previous head's `through`) and when that tree was sealed. */
  readonly treeFrom: string;
  readonly sealedAt: string;
  /** How far before its tree's start the record's time lies. */
  readonly lateSeconds: number;
}

export interface VerifyReport {
  readonly partner: LedgerPartner;
  readonly anchors: number;
  readonly sealedChecked: number;
  /** Records written after the last head (or late records still inside the late window). */
  readonly unsealed: number;
  /** Warnings: every record sealed later than its own period (beyond the bound, also a finding). */
  readonly sealedLate: SealedLate[];
  readonly findings: LedgerFinding[];
}

export interface VerifyInput {
  readonly partner: LedgerPartner;
  readonly anchors: readonly ReadAnchor[];
  readonly state?: SealState;
  /** The partner's records from the table, for the range. */
  readonly records: readonly StoredLedgerRecord[];
  /** Only records written in [from, to) are judged (ISO times). */
  readonly from?: string;
  readonly to?: string;
  /** Records older than this were removed by the table's TTL, not by someone. */
  readonly expiredBefore: string;
  readonly now: Date;
  /**
   * The most a genuine write can be late, in seconds of `lateSeconds`: a sealed-late record
   * further back than this is reported as inserted-late (a finding), not just a warning.
   */
  readonly lateBoundSeconds: number;
}

interface SealedLeaf {
  readonly seq: number;
  readonly leaf: number;
  readonly key: string;
  readonly hash: string;
  readonly treeFrom: string;
  readonly sealedAt: string;
}

/**
 * Recomputes every tree and the chain of heads from the anchors, then compares the table with
 * the sealed leaves: a leaf whose record is gone was deleted (a gone tail: truncated), one whose
 * record hashes differently was rewritten (or reordered, when its hash is another leaf's), and a
 * record no tree holds in a sealed period was inserted.
 */
export function verifyPartner(input: VerifyInput): VerifyReport {
  const findings: LedgerFinding[] = [];
  const add = (kind: FindingKind, position: LedgerPosition, detail: string) => findings.push({ kind, partner: input.partner, position, detail });

  const sealed = checkAnchors(input, add);
  const inRange = (key: string) => {
    const writtenAt = keyTime(key);
    return writtenAt >= input.expiredBefore && (!input.from || writtenAt >= input.from) && (!input.to || writtenAt < input.to);
  };
  const leaves = sealed.leaves.filter((leaf) => inRange(leaf.key));

  const byKey = new Map(input.records.map((stored) => [stored.key, stored.record]));
  const leafByHash = new Map(sealed.leaves.map((leaf) => [leaf.hash, leaf]));
  const deleted: SealedLeaf[] = [];
  for (const leaf of leaves) {
    const record = byKey.get(leaf.key);
    if (!record) {
      deleted.push(leaf);
      continue;
    }
    const hash = recordLeaf(record).toString('hex');
    if (hash === leaf.hash) continue;
    const moved = leafByHash.get(hash);
    if (moved) add('reordered', at(leaf), `the record at this position is the one sealed at tree ${moved.seq} leaf ${moved.leaf}`);
    else add('rewritten', at(leaf), 'the record does not hash to its sealed leaf');
  }
  reportDeletions(leaves, deleted, add);
  const sealedLate = reportSealedLate(input, leaves, add);

  const sealedKeys = new Set(sealed.leaves.map((leaf) => leaf.key));
  const pendingSince = new Date(input.now.getTime() - (sealTiming.lateWindowSeconds + sealTiming.graceSeconds + 60) * 1000).toISOString();
  let unsealed = 0;
  for (const { key } of input.records) {
    if (sealedKeys.has(key) || !inRange(key)) continue;
    // Not yet sealed: written after the last head, or still inside the late window (the next
    // sealing run takes it). Older than that and in no tree, it was put there by someone.
    if (keyTime(key) >= sealed.through || keyTime(key) >= pendingSince) {
      unsealed++;
      continue;
    }
    const next = leaves.find((leaf) => leaf.key > key);
    add('inserted', { ...(next ? { seq: next.seq, leaf: next.leaf } : {}), key }, next ? 'no tree holds this record; it sorts before the leaf shown' : 'no tree holds this record; it sorts after the last leaf');
  }
  return { partner: input.partner, anchors: input.anchors.length, sealedChecked: leaves.length, unsealed, sealedLate, findings };
}

/**
 * Every leaf whose time the previous head had already sealed. Its lateness is measured against
 * the tree's `from` (the previous head's `through`), not against when the tree was sealed: a
 * genuine late record missed the previous run's read, which came after that head's `through`, and
 * landed within its writing function's invocation, so `from - writtenAt` stays under the
 * function's timeout however long the sealer itself was down. Lateness beyond the bound cannot
 * come from a write and is a finding; the late window caps it, so a back-dated insertion closer
 * than the bound stays indistinguishable from a slow write (a warning, listed all the same).
 */
function reportSealedLate(input: VerifyInput, leaves: readonly SealedLeaf[], add: (kind: FindingKind, p: LedgerPosition, d: string) => void): SealedLate[] {
  const late: SealedLate[] = [];
  for (const leaf of leaves) {
    const writtenAt = keyTime(leaf.key);
    if (writtenAt >= leaf.treeFrom) continue;
    const lateSeconds = (Date.parse(leaf.treeFrom) - Date.parse(writtenAt)) / 1000;
    late.push({ partner: input.partner, position: at(leaf), writtenAt, treeFrom: leaf.treeFrom, sealedAt: leaf.sealedAt, lateSeconds });
    if (lateSeconds > input.lateBoundSeconds) {
      add('inserted-late', at(leaf), `sealed ${lateSeconds} s inside a period an earlier tree had sealed (through ${leaf.treeFrom}); a genuine write is at most ${input.lateBoundSeconds} s late`);
    }
  }
  return late;
}

const at = (leaf: SealedLeaf): LedgerPosition => ({ seq: leaf.seq, leaf: leaf.leaf, key: leaf.key });

function reportDeletions(leaves: readonly SealedLeaf[], deleted: readonly SealedLeaf[], add: (kind: FindingKind, p: LedgerPosition, d: string) => void): void {
  // A run of deleted leaves that reaches the last sealed leaf is a truncated tail: one finding
  // naming where the tail starts, rather than one per record.
  let tail = 0;
  while (tail < deleted.length && deleted[deleted.length - 1 - tail] === leaves[leaves.length - 1 - tail]) tail++;
  for (const leaf of deleted.slice(0, deleted.length - tail)) add('deleted', at(leaf), 'a sealed record is missing from the table');
  if (tail > 0) {
    const first = deleted[deleted.length - tail]!;
    add('truncated', at(first), `the last ${tail} sealed record(s), from this position on, are missing from the table`);
  }
}

function checkAnchors(
  input: VerifyInput,
  add: (kind: FindingKind, position: LedgerPosition, detail: string) => void,
): { leaves: SealedLeaf[]; through: string } {
  const leaves: SealedLeaf[] = [];
  const ordered = [...input.anchors].sort((a, b) => a.seq - b.seq);
  let expectedSeq = 1;
  let previousHash: string | undefined;
  let through = '';
  for (const read of ordered) {
    for (; expectedSeq < read.seq; expectedSeq++) add('anchor-missing', { seq: expectedSeq }, 'the anchor of this tree is missing');
    expectedSeq = read.seq + 1;
    const anchor = read.anchor;
    if (!anchor) {
      add('anchor-edited', { seq: read.seq }, 'the anchor cannot be read');
      previousHash = undefined;
      continue;
    }
    if (!read.signatureValid) add('anchor-edited', { seq: read.seq }, 'the head signature does not verify');
    if (anchor.head.seq !== read.seq || anchor.head.partner !== input.partner) add('anchor-edited', { seq: read.seq }, 'the head names another tree');
    const root = merkleRoot(anchor.leaves.map(([, hash]) => Buffer.from(hash, 'hex'))).toString('hex');
    if (root !== anchor.head.root || anchor.leaves.length !== anchor.head.size) add('anchor-edited', { seq: read.seq }, 'the leaves do not make the signed root');
    if (previousHash !== undefined && anchor.head.previous !== previousHash) add('anchor-chain-broken', { seq: read.seq }, 'the head does not name the previous head');
    if (read.seq === 1 && anchor.head.previous !== '0'.repeat(64)) add('anchor-chain-broken', { seq: 1 }, 'the first head names a previous head');
    previousHash = headHash(anchor.head);
    through = anchor.head.through > through ? anchor.head.through : through;
    anchor.leaves.forEach(([key, hash], leaf) => leaves.push({ seq: read.seq, leaf, key, hash, treeFrom: anchor.head.from, sealedAt: anchor.head.sealedAt }));
  }
  if (input.state) {
    // Anchors are append-only in AWS; in a folder, removing the newest files would otherwise pass.
    for (let seq = expectedSeq; seq <= input.state.seq; seq++) add('anchor-missing', { seq }, 'the sealer wrote this tree but its anchor is gone');
    const last = ordered.find((read) => read.seq === input.state!.seq)?.anchor;
    if (last && headHash(last.head) !== input.state.headHash) add('anchor-chain-broken', { seq: input.state.seq }, "the anchor differs from the head the sealer recorded");
  }
  return { leaves, through };
}
