import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { $ZodString, $ZodType, output } from 'zod/v4/core';
import * as z from '../../../contracts/zod-mini';

export const UsernamePassword = /* @__PURE__ */ (() => z.object({ username: z.string().check(z.minLength(1)), password: z.string().check(z.minLength(1)) }))();
export type UsernamePassword = z.infer<typeof UsernamePassword>;

/** Secrets are cached in the container this long, so a rotation is picked up within minutes. */
const secretMaxAgeSeconds = 300;

/**
 * Reads a partner secret (credentials, signing keys): from Secrets Manager (Powertools caches them) in AWS, or from an
 * inline JSON variable in the twin. The shape is checked either way.
 */
export async function loadPartnerSecret<S extends $ZodType>(
  schema: S,
  source: { secretArn?: string; inline?: string },
): Promise<output<S>> {
  const raw = source.secretArn
    ? await getSecret(source.secretArn, { maxAge: secretMaxAgeSeconds })
    : source.inline;
  if (typeof raw !== 'string') throw new Error('partner credentials are missing or not a string secret');
  // zod's top-level parse takes classic and mini schemas alike (contracts/zod-mini.ts).
  return z.parse(schema, JSON.parse(raw));
}

/**
 * A secret that is a single string (a signing secret, a hashing key). In Secrets Manager it is
 * stored as a JSON string like every other secret; the twin passes the bare value inline.
 */
export function loadStringSecret(schema: $ZodString, source: { secretArn?: string; inline?: string }): Promise<string> {
  return loadPartnerSecret(schema, { secretArn: source.secretArn, inline: source.inline === undefined ? undefined : JSON.stringify(source.inline) });
}
