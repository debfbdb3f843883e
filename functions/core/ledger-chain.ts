import { createHash } from 'node:crypto';

/**
 * What the ledger keeps of one exchange with a partner (after X-Road's message log): enough to
 * prove what was exchanged and when, and no personal data — the request itself is kept only as
 * a hash, the subject is a dossier code or a keyed hash.
 */
export interface LedgerEntry {
  /** `operator`: an action taken through /v1/ops, recorded with the operator key's name. */
  readonly partner: 'portal' | 'identity' | 'payment' | 'city' | 'operator';
  readonly direction: 'outbound' | 'inbound';
  readonly operation: string;
  /** The queue message, webhook or request id that caused the exchange. */
  readonly messageId: string;
  readonly subject?: string;
  readonly requestHash: string;
  readonly outcome: 'ok' | 'retryable' | 'rejected';
  readonly httpStatus?: number;
  readonly errorCode?: string;
  readonly durationMs: number;
  readonly at: string;
  /** Facts of the exchange that are not personal data: keyed hashes, masks, purposes, verdicts. */
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface ChainedLedgerEntry extends LedgerEntry {
  readonly sequence: number;
  readonly previousHash: string;
  readonly hash: string;
}

/** The chain of each partner and day starts from this value. */
export const genesisHash = '0'.repeat(64);

/** hash = SHA-256(previousHash ‖ canonical JSON of the entry and its sequence). */
export function chainEntry(entry: LedgerEntry, sequence: number, previousHash: string): ChainedLedgerEntry {
  const hash = createHash('sha256').update(previousHash).update(canonicalJson({ ...entry, sequence })).digest('hex');
  return { ...entry, sequence, previousHash, hash };
}

/** Recomputes a day's chain; returns the first sequence whose record was altered, or undefined. */
export function firstBrokenLink(entries: readonly ChainedLedgerEntry[]): number | undefined {
  let previous = genesisHash;
  for (const stored of entries) {
    const { sequence, previousHash, hash, ...entry } = stored;
    const recomputed = chainEntry(entry, sequence, previous);
    if (previousHash !== previous || hash !== recomputed.hash) return sequence;
    previous = hash;
  }
  return undefined;
}

/** Sorted keys at every depth, so the hash does not depend on property order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(typeof body === 'string' ? body : canonicalJson(body)).digest('hex');
}
