import type { LedgerPartner, LedgerRecord } from '../../functions/core/ledger/ledger-record';

/** A partner's ledger records of the last day, straight from the twin's table, in key order. */
export async function recentLedgerRecords(partner: LedgerPartner): Promise<LedgerRecord[]> {
  const { readLedgerRecords } = await import('../../functions/adapters/ledger/ledger-store');
  const now = Date.now();
  return (await readLedgerRecords(partner, new Date(now - 86_400_000).toISOString(), new Date(now + 60_000).toISOString())).map((stored) => stored.record);
}
