import type { LedgerPartner, StoredLedgerRecord } from './ledger-record';
import { keyTime } from './ledger-record';
import type { Anchor, SealState } from './ledger-seal';
import { buildHead, headCanonical, headHash, planTree, sealableThrough, sealTiming } from './ledger-seal';

export interface SealerPorts {
  readonly readRecords: (partner: LedgerPartner, from: string, to: string) => Promise<StoredLedgerRecord[]>;
  readonly readState: (partner: LedgerPartner) => Promise<SealState | undefined>;
  readonly saveState: (partner: LedgerPartner, previousSeq: number, state: SealState) => Promise<boolean>;
  readonly putAnchor: (partner: LedgerPartner, seq: number, body: string) => Promise<boolean>;
  readonly getAnchor: (partner: LedgerPartner, seq: number) => Promise<string | undefined>;
  readonly signer: () => Promise<{ readonly keyId: string; sign(data: string): Promise<Buffer> }>;
  readonly now: () => Date;
  readonly graceSeconds?: number;
}

export interface SealOutcome {
  readonly partner: LedgerPartner;
  /** Records sealed by this run (0: nothing new). */
  readonly sealed: number;
  /** Of those, records written into an interval an earlier tree had already sealed. */
  readonly late: number;
  readonly seq?: number;
  /** The tree with this number existed already (a rerun, or a sealer that crashed after writing it): adopted, not rewritten. */
  readonly adopted?: boolean;
}

/**
 * The very first tree of a partner looks this far back: the sealer is scheduled each minute from
 * the deployment that creates it, so only records of the first minutes can precede it.
 */
const firstSealLookbackMs = 3_600_000;

/**
 * Seals a partner's new records into the next tree: reads everything written since the last head
 * (and, for late writes, the late window before it), leaves out what an earlier tree holds, builds
 * the Merkle tree, signs the head that names the previous one, writes the anchor once, then moves
 * the partner's position. Safe to run twice: the anchor's number can be written only once, and a
 * run that finds it taken adopts the existing tree.
 */
export async function sealPartner(partner: LedgerPartner, ports: SealerPorts): Promise<SealOutcome> {
  const now = ports.now();
  const state = await ports.readState(partner);
  const through = sealableThrough(now, ports.graceSeconds);
  if (state && through <= state.through) return { partner, sealed: 0, late: 0 };

  const from = state?.through ?? new Date(Date.parse(through) - firstSealLookbackMs).toISOString();
  const lateFrom = state ? new Date(Date.parse(state.through) - sealTiming.lateWindowSeconds * 1000).toISOString() : from;
  const candidates = await ports.readRecords(partner, lateFrom, through);
  const alreadySealed = state ? await sealedKeysSince(partner, state.seq, lateFrom, ports) : new Set<string>();
  const plan = planTree(partner, state, through, candidates, alreadySealed);
  if (!plan) return { partner, sealed: 0, late: 0 };

  const signer = await ports.signer();
  const { head, leaves } = buildHead(partner, state, from, through, plan.records, signer.keyId, now);
  const signature = (await signer.sign(headCanonical(head))).toString('base64');
  const anchor: Anchor = { head, signature, leaves };
  const late = plan.records.filter((stored) => keyTime(stored.key) < from).length;

  if (!(await ports.putAnchor(partner, head.seq, `${JSON.stringify(anchor)}\n`))) {
    const existing = JSON.parse((await ports.getAnchor(partner, head.seq)) ?? 'null') as Anchor | null;
    if (!existing) throw new Error(`anchor ${partner}/${head.seq} exists but cannot be read`);
    await ports.saveState(partner, state?.seq ?? 0, { seq: existing.head.seq, headHash: headHash(existing.head), through: existing.head.through });
    return { partner, sealed: 0, late: 0, seq: existing.head.seq, adopted: true };
  }
  await ports.saveState(partner, state?.seq ?? 0, { seq: head.seq, headHash: headHash(head), through });
  return { partner, sealed: plan.records.length, late, seq: head.seq };
}

/** Keys of the records the latest trees hold, back to the first tree that ends before `since`. */
async function sealedKeysSince(partner: LedgerPartner, lastSeq: number, since: string, ports: SealerPorts): Promise<Set<string>> {
  const keys = new Set<string>();
  for (let seq = lastSeq; seq >= 1; seq--) {
    const body = await ports.getAnchor(partner, seq);
    if (!body) break;
    const anchor = JSON.parse(body) as Anchor;
    for (const [key] of anchor.leaves) keys.add(key);
    if (anchor.head.through <= since) break;
  }
  return keys;
}
