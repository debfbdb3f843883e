/**
 * One header of a request, read as an own property whatever the case of its name: API Gateway
 * keeps the caller's spelling, and a header named like an `Object.prototype` member
 * (`constructor`, `__proto__`) must never resolve to the prototype's value. When a name occurs in
 * several spellings, the last one wins, as with a repeated header in API Gateway's `headers` map.
 */
export function headerValue(headers: Record<string, string | undefined> | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  let found: string | undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name && typeof value === 'string') found = value;
  return found;
}
