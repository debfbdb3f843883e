/** Partner times are yyyyMMddHHmmss in GMT+7 (PARTNERS.md), whatever the machine's zone. */
export function platformTime(at: Date = new Date()): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
