/**
 * The size DynamoDB counts for an item, by its documented rules (Developer Guide, "Item sizes and
 * formats"): names and strings in UTF-8 bytes; a number about one byte per two significant digits
 * plus one; a boolean or null one byte; a list or map three bytes plus one per element plus its
 * contents. Used by tests to prove an acknowledged item fits the 400 KB limit.
 */
export function dynamoItemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((sum, [name, value]) => (value === undefined ? sum : sum + Buffer.byteLength(name, 'utf8') + valueBytes(value)), 0);
}

function valueBytes(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') {
    const digits = String(Math.abs(value)).replace(/[.e+-]/g, '').replace(/^0+/, '').replace(/0+$/, '').length || 1;
    return Math.ceil(digits / 2) + 1;
  }
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + 1 + valueBytes(element), 0);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return 3 + entries.reduce((sum, [name, v]) => sum + 1 + Buffer.byteLength(name, 'utf8') + valueBytes(v), 0);
  }
  throw new TypeError(`not a DynamoDB value: ${typeof value}`);
}
