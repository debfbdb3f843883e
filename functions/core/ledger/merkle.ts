import { createHash } from 'node:crypto';

/*
 * A Merkle tree as Certificate Transparency defines it (RFC 9162 §2.1): leaves and inner nodes are
 * hashed with different prefixes (so a leaf can never pass for a node), and a tree of n leaves
 * splits at the largest power of two below n. Standard, so a proof can be checked by anyone with
 * a few lines of code (infra/cli/verify-ledger-proof.mjs).
 */

const sha256 = (...parts: (Buffer | string)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

export const leafHash = (data: string): Buffer => sha256(Buffer.from([0]), data);
export const nodeHash = (left: Buffer, right: Buffer): Buffer => sha256(Buffer.from([1]), left, right);

/** The root of an empty tree is the hash of nothing (RFC 9162). */
export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  // Bottom-up, level by level: pairing left to right and promoting an odd last node gives the
  // same tree as the RFC's recursive split, in O(n) without recursion.
  let level = [...leaves];
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? nodeHash(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/** The audit path of leaf `index`: sibling hashes from the leaf up (RFC 9162 §2.1.3). */
export function inclusionPath(leaves: readonly Buffer[], index: number): Buffer[] {
  if (index < 0 || index >= leaves.length) throw new RangeError(`leaf ${index} is not in a tree of ${leaves.length}`);
  const path: Buffer[] = [];
  let level = [...leaves];
  let position = index;
  while (level.length > 1) {
    const sibling = position ^ 1;
    if (sibling < level.length) path.push(level[sibling]!);
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? nodeHash(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
    position >>= 1;
  }
  return path;
}

/** Recomputes the root from a leaf and its audit path (RFC 9162 §2.1.3.2). */
export function rootFromPath(leaf: Buffer, index: number, size: number, path: readonly Buffer[]): Buffer | undefined {
  if (index < 0 || index >= size) return undefined;
  let fn = index;
  let sn = size - 1;
  let hash = leaf;
  for (const sibling of path) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      hash = nodeHash(sibling, hash);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      hash = nodeHash(hash, sibling);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 ? hash : undefined;
}
