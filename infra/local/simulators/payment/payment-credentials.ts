import { randomBytes } from 'node:crypto';

/**
 * What the platform and its channels issue to the city, in the shapes the gateway's secrets
 * take (PAYGOV_CREDENTIALS, VNPAY_CREDENTIALS, MOMO_CREDENTIALS): the simulator verifies and
 * signs with the same values the twin hands the functions.
 */
export interface PaymentCredentials {
  readonly paygov: { readonly partnerCode: string; readonly secret: string };
  readonly vnpay: { readonly tmnCode: string; readonly hashSecret: string };
  readonly momo: { readonly partnerCode: string; readonly accessKey: string; readonly secretKey: string };
}

/** Partner codes stay fixed so logs read the same every run; the secrets are new on every start. */
export function newPaymentCredentials(): PaymentCredentials {
  // VNPay issues an 8-character TmnCode and a 32-character upper-case hash secret.
  const upperAlphanumeric = (length: number) =>
    [...randomBytes(length)].map((byte) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[byte % 36]).join('');
  return {
    paygov: { partnerCode: 'HCM-LIENTHONG-TWIN', secret: randomBytes(24).toString('hex') },
    vnpay: { tmnCode: 'LTTWIN01', hashSecret: upperAlphanumeric(32) },
    momo: { partnerCode: 'MOMOLT2026TWIN', accessKey: upperAlphanumeric(16), secretKey: upperAlphanumeric(32) },
  };
}
