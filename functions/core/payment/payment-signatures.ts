import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The payment providers' signatures (PARTNERS.md §3). Pure functions: the gateway verifies with
 * them, the payment simulator signs with them, and a test checks VNPay's against the public
 * `vnpay` package as an independent reference.
 */

/** PayGov MaXacThuc: hex(SHA-256("f1|f2|…|fn|secret")) — plain SHA-256, not an HMAC. */
export function paygovMac(fields: Readonly<Record<string, unknown>>, order: readonly string[], secret: string): string {
  const joined = [...order.map((name) => String(fields[name] ?? '')), secret].join('|');
  return createHash('sha256').update(joined, 'utf8').digest('hex');
}

/**
 * VNPay's canonical query string: `vnp_*` keys sorted, values URL-encoded with space as `+`.
 * VNPay's own samples disagree on empty values (the Node sample signs `key=`, the Java one skips
 * them), so verification accepts either form; what the gateway signs never has empty values.
 */
export function vnpaySignedData(params: Readonly<Record<string, string>>, options: { skipEmpty?: boolean } = {}): string {
  return Object.keys(params)
    .filter((key) => key.startsWith('vnp_') && key !== 'vnp_SecureHash' && key !== 'vnp_SecureHashType')
    .filter((key) => !options.skipEmpty || (params[key] ?? '') !== '')
    .sort()
    .map((key) => `${key}=${encodeURIComponent(params[key] ?? '').replace(/%20/g, '+')}`)
    .join('&');
}

/** VNPay vnp_SecureHash: hex(HMAC-SHA512(hashSecret, signed data)). */
export function vnpaySecureHash(params: Readonly<Record<string, string>>, hashSecret: string, options: { skipEmpty?: boolean } = {}): string {
  return createHmac('sha512', hashSecret).update(vnpaySignedData(params, options), 'utf8').digest('hex');
}

/** MoMo IPN signature: hex(HMAC-SHA256(secretKey, "accessKey=…&amount=…&…&transId=…")). */
export function momoSignature(fields: Readonly<Record<string, unknown>>, signedFields: readonly string[], accessKey: string, secretKey: string): string {
  const data = [`accessKey=${accessKey}`, ...signedFields.map((name) => `${name}=${fields[name] ?? ''}`)].join('&');
  return createHmac('sha256', secretKey).update(data, 'utf8').digest('hex');
}

/** Compares two hex signatures in constant time (case-insensitive, as providers differ). */
export function sameSignature(expectedHex: string, receivedHex: unknown): boolean {
  if (typeof receivedHex !== 'string') return false;
  const a = Buffer.from(expectedHex.toLowerCase(), 'utf8');
  const b = Buffer.from(receivedHex.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
