import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../canonical-json';

/**
 * What the ledger keeps of one exchange with a partner (after X-Road's message log): enough to
 * prove what was exchanged and when, and no personal data — the request itself is kept only as
 * a hash, the subject is a dossier code or a keyed hash.
 */
export interface LedgerEntry {
  readonly partner: LedgerPartner;
  readonly direction: 'outbound' | 'inbound';
  readonly operation: string;
  /** The queue message, webhook or request id that caused the exchange. */
  readonly messageId: string;
  readonly subject?: string;
  readonly requestHash: string;
  readonly outcome: 'ok' | 'retryable' | 'rejected';
  readonly httpStatus?: number;
  /** A stable code (`portal-http-503`, `bad-signature`), never a class name: bundles rename classes. */
  readonly errorCode?: string;
  readonly durationMs: number;
  readonly at: string;
  /** Facts of the exchange that are not personal data: keyed hashes, masks, purposes, verdicts. */
  readonly attributes?: Readonly<Record<string, string>>;
}

/**
 * Each partner's records are sealed into their own trees. `operator` holds the actions taken
 * through /v1/ops, recorded with the operator key's name (DESIGN §8).
 */
export const ledgerPartners = ['portal', 'identity', 'payment', 'city', 'operator'] as const;
export type LedgerPartner = (typeof ledgerPartners)[number];

/**
 * A stored record: the entry plus a unique id and the time it was written. `key` (writtenAt#id)
 * orders the partner's records and is how an anchor names a sealed leaf; both fields are inside
 * the hashed content, so moving a record to another key is a change of the record.
 */
export interface LedgerRecord extends LedgerEntry {
  readonly recordId: string;
  readonly writtenAt: string;
}

/**
 * A record as read back with the key it is stored under. The stored key, not the record's own
 * fields, is its position: contents moved between keys show up as reordered.
 */
export interface StoredLedgerRecord {
  readonly key: string;
  readonly record: LedgerRecord;
}

/** The time part of a record key (`<writtenAt>#<recordId>`). */
export const keyTime = (key: string) => key.slice(0, key.indexOf('#'));

export function newLedgerRecord(entry: LedgerEntry, now: Date = new Date()): LedgerRecord {
  return { ...entry, recordId: randomUUID(), writtenAt: now.toISOString() };
}

export const recordKey = (record: Pick<LedgerRecord, 'writtenAt' | 'recordId'>) => `${record.writtenAt}#${record.recordId}`;

/** The exact bytes a record's Merkle leaf hashes (what an inclusion proof shows). */
export const recordCanonical = (record: LedgerRecord): string => canonicalJson(record);

export function requestHash(body: unknown): string {
  return createHash('sha256').update(typeof body === 'string' ? body : canonicalJson(body)).digest('hex');
}
