/**
 * One header of a request, read as an own property whatever the case of its name: API Gateway
 * keeps the caller's spelling, and a header named like an `Object.prototype` member
 * (`constructor`, `__proto__`) must never resolve to the prototype's value. When a name occurs in
 * several spellings, the last one wins, as with a repeated header in API Gateway's `headers` map.
 * `name` is lower-case ASCII (a header name is an HTTP token): only a key of its length can match
 * it, so the others are skipped without lower-casing them (every request pays this, twice).
 */
export function headerValue(headers: Record<string, string | undefined> | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  let found: string | undefined;
  for (const key of Object.keys(headers)) {
    if (key.length !== name.length || key.toLowerCase() !== name) continue;
    const value = headers[key];
    if (typeof value === 'string') found = value;
  }
  return found;
}
