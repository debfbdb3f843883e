import type { ConfirmationRefusal } from '../../contracts/payment/identifiers';
import { vnpayIpnCodes } from '../../contracts/payment/vnpay';
import { vnpayCredentials } from '../adapters/payment/payment-config';
import type { ConfirmationOutcome } from '../core/payment/payment-confirmation';
import { json } from '../http/response';
import { fromVnpayIpn } from '../translate/payment-confirmations';
import type { ProviderCallback } from './provider-callback';
import { decide } from './provider-callback';

type VnpayAnswer = (typeof vnpayIpnCodes)[keyof typeof vnpayIpnCodes];

/** VNPay's RspCode for each outcome (PARTNERS.md §3.2): 00, 01, 02, 04, 97, 99 as VNPay defines them. */
const vnpayAnswers: Record<ConfirmationOutcome | ConfirmationRefusal, VnpayAnswer> = {
  confirmed: vnpayIpnCodes.confirmed,
  // The money was taken: VNPay must stop resending; the refund review happens on our side.
  'exception-recorded': vnpayIpnCodes.confirmed,
  'already-confirmed': vnpayIpnCodes.alreadyConfirmed,
  'unknown-reference': vnpayIpnCodes.orderNotFound,
  'invalid-reference': vnpayIpnCodes.orderNotFound,
  'invalid-amount': vnpayIpnCodes.invalidAmount,
  'malformed-amount': vnpayIpnCodes.invalidAmount,
  'bad-signature': vnpayIpnCodes.invalidSignature,
  'body-too-large': vnpayIpnCodes.unknownError,
  'unsupported-media-type': vnpayIpnCodes.unknownError,
  malformed: vnpayIpnCodes.unknownError,
  'invalid-transaction-id': vnpayIpnCodes.unknownError,
  'malformed-result-code': vnpayIpnCodes.unknownError,
  internal: vnpayIpnCodes.unknownError,
};

/** VNPay IPN: a signed GET, answered with exactly VNPay's `{ RspCode, Message }` (HTTP 200). */
export const vnpayCallback: ProviderCallback = {
  provider: 'vnpay',
  answer: async (event, authenticated) => {
    // A GET: the body, if any, is not VNPay's and is ignored, as is its content type.
    const params = Object.fromEntries(Object.entries(event.queryStringParameters ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const decided = await decide(fromVnpayIpn(params, (await vnpayCredentials()).hashSecret, new Date().toISOString()), authenticated);
    if ('refusal' in decided) return { ...json(200, vnpayAnswers[decided.refusal]), subject: decided.reference, refused: decided.refusal };
    return { ...json(200, vnpayAnswers[decided.outcome]), subject: decided.reference };
  },
  failed: async () => json(200, vnpayAnswers.internal),
};
