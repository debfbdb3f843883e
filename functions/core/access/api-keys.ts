import { createHash, randomBytes } from 'node:crypto';
import type { Scope } from '../../../contracts/api/scopes';

/**
 * API keys look like `lt_<keyId>_<secret>`: the key id is public (it names the key in listings
 * and logs), the secret is 256 random bits. Only SHA-256(key) is stored. A plain hash suffices
 * because the key is random, not a password: nothing can be guessed, and the lookup needs a
 * deterministic hash.
 */
export interface ApiKeyRecord {
  readonly keyHash: string;
  readonly keyId: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly status: 'active' | 'revoked';
  readonly createdAt: string;
  readonly revokedAt?: string;
}

const keyPattern = /^lt_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export function generateApiKey(): { key: string; keyId: string; keyHash: string } {
  const keyId = randomBytes(6).toString('hex');
  const key = `lt_${keyId}_${randomBytes(32).toString('base64url')}`;
  return { key, keyId, keyHash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Rejects strings that cannot be a key before any storage lookup. */
export function looksLikeApiKey(candidate: string): boolean {
  return keyPattern.test(candidate);
}

/** Extracts the key from `Authorization: Bearer <key>`; the scheme is case-insensitive (RFC 9110). */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}
