import { createHash, createPublicKey, verify } from 'node:crypto';
import { ledgerRetentionDays } from '../../../contracts/platform/resources';
import type { LedgerPartner, LedgerRecord } from '../../core/ledger/ledger-record';
import { ledgerPartners, recordCanonical } from '../../core/ledger/ledger-record';
import type { Anchor, TreeHead } from '../../core/ledger/ledger-seal';
import { headCanonical, sealTiming } from '../../core/ledger/ledger-seal';
import type { ReadAnchor, VerifyReport } from '../../core/ledger/ledger-verify';
import { verifyPartner } from '../../core/ledger/ledger-verify';
import { inclusionPath } from '../../core/ledger/merkle';
import type { AnchorStore } from './ledger-anchor-store';
import { readSealState } from './ledger-seal-store';
import { findLedgerRecords, readLedgerRecords } from './ledger-store';

/*
 * What `ops ledger verify` and `ops ledger prove` do with the table and the anchors. The public
 * key comes from the caller (the twin's key file, or KMS GetPublicKey in AWS), never from an anchor.
 */

export function headSignatureValid(head: TreeHead, signatureBase64: string, publicKeyPem: string): boolean {
  const key = createPublicKey(publicKeyPem);
  const keyId = createHash('sha256').update(key.export({ format: 'der', type: 'spki' })).digest('hex');
  if (head.keyId !== keyId) return false;
  try {
    return verify('sha256', Buffer.from(headCanonical(head)), key, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}

async function readAnchors(store: AnchorStore, partner: LedgerPartner, publicKeyPem: string): Promise<ReadAnchor[]> {
  const anchors: ReadAnchor[] = [];
  for (const seq of await store.list(partner)) {
    try {
      const anchor = JSON.parse((await store.get(partner, seq)) ?? '') as Anchor;
      anchors.push({ seq, anchor, signatureValid: headSignatureValid(anchor.head, anchor.signature, publicKeyPem) });
    } catch {
      anchors.push({ seq, signatureValid: false });
    }
  }
  return anchors;
}

export interface VerifyOptions {
  readonly partners?: readonly LedgerPartner[];
  /** ISO times; records written in [from, to) are judged. */
  readonly from?: string;
  readonly to?: string;
  readonly publicKeyPem: string;
  readonly anchors: AnchorStore;
  readonly now?: Date;
  /** The most a genuine write can be late (seconds); the caller derives it from the function topology. */
  readonly lateBoundSeconds: number;
}

export async function verifyLedger(options: VerifyOptions): Promise<VerifyReport[]> {
  const now = options.now ?? new Date();
  const expiredBefore = new Date(now.getTime() - ledgerRetentionDays * 86_400_000).toISOString();
  const reports: VerifyReport[] = [];
  for (const partner of options.partners ?? ledgerPartners) {
    const anchors = await readAnchors(options.anchors, partner, options.publicKeyPem);
    // Every record a tree could name: from the first tree's start, less the late window (where late
    // leaves come from); without trees, the last day (records not sealed yet).
    const firstFrom = anchors.find((read) => read.anchor)?.anchor?.head.from;
    const earliest = firstFrom
      ? new Date(Date.parse(firstFrom) - sealTiming.lateWindowSeconds * 1000).toISOString()
      : new Date(now.getTime() - 86_400_000).toISOString();
    const from = [options.from ?? earliest, expiredBefore].sort().at(-1)!;
    const to = options.to ?? new Date(now.getTime() + 60_000).toISOString();
    const records = await readLedgerRecords(partner, from, to);
    reports.push(verifyPartner({ partner, anchors, state: await readSealState(partner), records, from: options.from, to: options.to, expiredBefore, now, lateBoundSeconds: options.lateBoundSeconds }));
  }
  return reports;
}

/** An inclusion proof: everything needed to check one record with nothing but the public key. */
export interface InclusionProof {
  readonly record: LedgerRecord;
  /** The exact bytes of the leaf: SHA-256(0x00 ‖ recordCanonical) is the leaf hash. */
  readonly recordCanonical: string;
  readonly leafIndex: number;
  readonly treeSize: number;
  /** Sibling hashes from the leaf up (RFC 9162 audit path), hex. */
  readonly path: readonly string[];
  readonly head: TreeHead;
  /** The exact bytes that were signed (ECDSA P-256, SHA-256). */
  readonly headCanonical: string;
  /** DER, base64. */
  readonly signature: string;
}

export type ProofResult = { readonly record: LedgerRecord; readonly proof?: InclusionProof };

/** Proofs for every record of a message; a record not sealed yet has none (the next sealing run gives it one). */
export async function proveMessage(messageId: string, anchorStore: AnchorStore): Promise<ProofResult[]> {
  const records = await findLedgerRecords(messageId);
  const results: ProofResult[] = [];
  const anchorCache = new Map<string, Anchor[]>();
  for (const { key, record } of records.sort((a, b) => (a.key < b.key ? -1 : 1))) {
    if (!anchorCache.has(record.partner)) {
      const list: Anchor[] = [];
      for (const seq of await anchorStore.list(record.partner)) list.push(JSON.parse((await anchorStore.get(record.partner, seq))!) as Anchor);
      anchorCache.set(record.partner, list);
    }
    const anchor = anchorCache.get(record.partner)!.find((a) => a.leaves.some(([leafKey]) => leafKey === key));
    if (!anchor) {
      results.push({ record });
      continue;
    }
    const leafIndex = anchor.leaves.findIndex(([leafKey]) => leafKey === key);
    // The path comes from the anchor's leaves, the record from the table: a rewritten record no
    // longer hashes to its leaf, and its proof fails, as it should.
    const leaves = anchor.leaves.map(([, hash]) => Buffer.from(hash, 'hex'));
    results.push({
      record,
      proof: {
        record,
        recordCanonical: recordCanonical(record),
        leafIndex,
        treeSize: anchor.head.size,
        path: inclusionPath(leaves, leafIndex).map((hash) => hash.toString('hex')),
        head: anchor.head,
        headCanonical: headCanonical(anchor.head),
        signature: anchor.signature,
      },
    });
  }
  return results;
}
