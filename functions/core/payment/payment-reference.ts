import { randomBytes } from 'node:crypto';

const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * A payment reference: `LT` + the GMT+7 date (yyMMdd) + 10 random characters. Unique per day as
 * VNPay requires (vnp_TxnRef), short enough for every provider, readable over the phone (no I/O).
 */
export function newPaymentReference(now: Date = new Date()): string {
  const day = new Date(now.getTime() + 7 * 3600_000).toISOString().slice(2, 10).replaceAll('-', '');
  const random = [...randomBytes(10)].map((byte) => alphabet[byte % alphabet.length]).join('');
  return `LT${day}${random}`;
}
