import type { ConfirmationRefusal } from '../../contracts/payment/identifiers';
import type { MomoRefusalBody } from '../../contracts/payment/momo';
import { MomoIpn, momoReplyCodes } from '../../contracts/payment/momo';
import { momoCredentials } from '../adapters/payment/payment-config';
import type { InboundAnswer } from '../http/inbound-ledger';
import { parseJsonBody, readRawBody } from '../http/json-body';
import { json } from '../http/response';
import { fromMomoIpn } from '../translate/payment-confirmations';
import type { ProviderCallback } from './provider-callback';
import { bodyRefusal, decide } from './provider-callback';

/**
 * MoMo answers: 204 once an IPN is handled (PARTNERS.md §3.3). A refused IPN gets a 4xx — MoMo's
 * convention for a caller's error, so it does not resend — with a JSON body in MoMo's own shape
 * (resultCode, message); a gateway failure gets 503, the one answer that asks MoMo to send again.
 */
const momoRefusals: Record<ConfirmationRefusal, readonly [number, number, string]> = {
  'body-too-large': [413, momoReplyCodes.badFormat, 'Request body too large'],
  'unsupported-media-type': [415, momoReplyCodes.badFormat, 'Content-Type must be application/json'],
  malformed: [400, momoReplyCodes.badFormat, 'Bad format request'],
  'invalid-transaction-id': [400, momoReplyCodes.badFormat, 'Bad format request: transId too long'],
  'malformed-result-code': [400, momoReplyCodes.badFormat, 'Bad format request: resultCode'],
  'bad-signature': [401, momoReplyCodes.accessDenied, 'Access denied: invalid signature'],
  'invalid-reference': [422, momoReplyCodes.orderNotFound, 'Invalid orderId or orderId is not found'],
  'unknown-reference': [422, momoReplyCodes.orderNotFound, 'Invalid orderId or orderId is not found'],
  'malformed-amount': [422, momoReplyCodes.invalidAmount, 'Invalid amount'],
  'invalid-amount': [422, momoReplyCodes.invalidAmount, 'Invalid amount'],
  internal: [503, momoReplyCodes.unknownError, 'Unknown error; send the IPN again'],
};

/** MoMo's ids are at most 50 characters; anything else is not echoed back. */
const echoable = (value: unknown) => (typeof value === 'string' && value.length <= 50 ? value : undefined);

async function momoRefusal(refusal: ConfirmationRefusal, ipn?: Record<string, unknown>): Promise<InboundAnswer> {
  const [status, resultCode, message] = momoRefusals[refusal];
  const partnerCode = (await momoCredentials().catch(() => undefined))?.partnerCode ?? '';
  const body: MomoRefusalBody = { partnerCode, orderId: echoable(ipn?.orderId), requestId: echoable(ipn?.requestId), resultCode, message, responseTime: Date.now() };
  return { ...json(status, body), refused: refusal };
}

export const momoCallback: ProviderCallback = {
  provider: 'momo',
  answer: async (event, authenticated) => {
    let body: unknown;
    try {
      body = parseJsonBody(readRawBody(event), event.headers);
    } catch (error) {
      return momoRefusal(bodyRefusal(error));
    }
    const parsed = MomoIpn.safeParse(body);
    if (!parsed.success) return momoRefusal('malformed', isRecord(body) ? body : undefined);
    const decided = await decide(fromMomoIpn(parsed.data, await momoCredentials(), new Date().toISOString()), authenticated);
    if ('refusal' in decided) return { ...(await momoRefusal(decided.refusal, parsed.data)), subject: decided.reference };
    return { ...json(204, undefined), subject: decided.reference };
  },
  failed: () => momoRefusal('internal'),
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
