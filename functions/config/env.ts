import type { $ZodType, output } from 'zod/v4/core';
import { safeParse } from '../../contracts/zod-mini';
import { ConfigurationError } from '../core/errors';

/**
 * Parses the environment against a schema once, at cold start. A missing or malformed value
 * fails the function loudly instead of surfacing later as a confusing runtime error.
 */
export function loadEnv<S extends $ZodType>(schema: S, source: NodeJS.ProcessEnv = process.env): output<S> {
  // zod's top-level safeParse takes classic and mini schemas alike (contracts/zod-mini.ts).
  const result = safeParse(schema, source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigurationError(`invalid configuration: ${problems}`);
  }
  return result.data;
}

export { once } from './once';
