import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../functions/core/ledger-chain';
import { chainEntry, firstBrokenLink, genesisHash } from '../../functions/core/ledger-chain';

const entry = (n: number): LedgerEntry => ({
  partner: 'portal',
  direction: 'outbound',
  operation: 'DongBoHoSoMC',
  messageId: `m-${n}`,
  subject: 'H29-1',
  requestHash: 'ab'.repeat(32),
  outcome: 'ok',
  httpStatus: 200,
  durationMs: n,
  at: '2026-11-22T01:00:00.000Z',
});

function chain(length: number) {
  const entries = [];
  let previous = genesisHash;
  for (let i = 1; i <= length; i++) {
    const chained = chainEntry(entry(i), i, previous);
    entries.push(chained);
    previous = chained.hash;
  }
  return entries;
}

describe('ledger hash chain', () => {
  it('verifies an untouched chain', () => {
    expect(firstBrokenLink(chain(5))).toBeUndefined();
  });

  it('finds an altered record', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, outcome: 'rejected' };
    expect(firstBrokenLink(entries)).toBe(3);
  });

  it('finds a removed record', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(firstBrokenLink(entries)).toBe(3);
  });

  it('does not depend on property order', () => {
    const reordered = Object.fromEntries(Object.entries(entry(1)).reverse()) as unknown as LedgerEntry;
    expect(chainEntry(reordered, 1, genesisHash).hash).toBe(chainEntry(entry(1), 1, genesisHash).hash);
  });
});
