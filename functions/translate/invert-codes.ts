/** Inverts a code table (canonical value → partner code); the tables are one-to-one. */
export function invertCodes<K extends string, C extends string>(table: Record<K, C>): Record<string, K> {
  const inverse: Record<string, K> = {};
  for (const [key, code] of Object.entries(table) as [K, C][]) {
    if (code in inverse) throw new Error(`code ${code} maps from both ${inverse[code]} and ${key}: not invertible`);
    inverse[code] = key;
  }
  return inverse;
}

/** Looks a partner code up, failing loudly on a code the contract does not know. */
export function decode<K extends string>(inverse: Record<string, K>, code: string, field: string): K {
  const value = inverse[code];
  if (value === undefined) throw new RangeError(`${field}: unknown code ${JSON.stringify(code)}`);
  return value;
}
