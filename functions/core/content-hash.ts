import { createHash } from 'node:crypto';

/**
 * Fingerprint of a parsed snapshot, used to tell "the same version resent" from "the same version
 * with different content". zod emits object keys in schema order whatever the input order, and
 * NFC-normalises text, so equal content gives equal JSON and an equal hash.
 */
export function contentHash(parsed: unknown): string {
  return contentHashOfJson(JSON.stringify(parsed));
}

/** The same hash from JSON text already serialised (the upsert serialises once for size and hash). */
export function contentHashOfJson(json: string): string {
  return createHash('sha256').update(json).digest('base64url');
}
