import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inclusionPath, leafHash, merkleRoot, nodeHash, rootFromPath } from '../../functions/core/ledger/merkle';

/** RFC 9162 §2.1.1, literally: split at the largest power of two below n. */
function referenceRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(`record ${i}`));

describe('Merkle tree (RFC 9162)', () => {
  it('has the RFC root for every size up to 70', () => {
    for (let n = 0; n <= 70; n++) expect(merkleRoot(leaves(n)).toString('hex'), `size ${n}`).toBe(referenceRoot(leaves(n)).toString('hex'));
  });

  it('proves every leaf of every size up to 40, and nothing else', () => {
    for (let n = 1; n <= 40; n++) {
      const tree = leaves(n);
      const root = merkleRoot(tree);
      for (let i = 0; i < n; i++) {
        const path = inclusionPath(tree, i);
        expect(rootFromPath(tree[i]!, i, n, path)?.equals(root), `leaf ${i} of ${n}`).toBe(true);
        expect(rootFromPath(leafHash('forged'), i, n, path)?.equals(root) ?? false).toBe(false);
        if (n > 1) expect(rootFromPath(tree[i]!, (i + 1) % n, n, path)?.equals(root) ?? false).toBe(false);
      }
    }
  });

  it('separates leaves from nodes, so an inner node cannot pass as a record', () => {
    const tree = leaves(4);
    const inner = nodeHash(tree[0]!, tree[1]!);
    expect(merkleRoot([inner, nodeHash(tree[2]!, tree[3]!)]).equals(merkleRoot(tree))).toBe(true);
    expect(leafHash(Buffer.concat([tree[0]!, tree[1]!]).toString('latin1')).equals(inner)).toBe(false);
  });
});
