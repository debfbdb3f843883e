import { createHmac } from 'node:crypto';

/**
 * What the ledger may keep of a personal identifier (Decree 13/2023, PARTNERS.md §2): a keyed
 * hash — the same citizen correlates across records, but the number cannot be recovered by
 * hashing all 10^12 candidates without the key — and a mask that shows only its edges.
 */
export function keyedHash(key: string, value: string): string {
  return createHmac('sha256', key).update(value).digest('hex');
}

/** `079190012345` → `079******345`: province and last three digits, the rest hidden. */
export function maskIdentifier(value: string): string {
  if (value.length <= 6) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 6) + value.slice(-3);
}
