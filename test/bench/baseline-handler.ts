import middy from '@middy/core';
import * as z from 'zod';

/**
 * The smallest handler built the way the gateway's are (middy core + zod namespace import), so the
 * bundle and load tables show what the gateway adds on top of its two unavoidable libraries.
 * Bundled by the bench only; no route uses it.
 */
const Greeting = z.object({ name: z.string().min(1).max(100) });

export const handler = middy<{ body?: string | null }, { statusCode: number; body: string }>().handler(async (event) => {
  const { name } = Greeting.parse(JSON.parse(event.body ?? '{}'));
  return { statusCode: 200, body: JSON.stringify({ hello: name }) };
});
