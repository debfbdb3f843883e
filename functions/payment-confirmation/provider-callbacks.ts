import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { ConfirmationRefusal } from '../../contracts/payment/identifiers';
import { MomoIpn, momoReplyCodes } from '../../contracts/payment/momo';
import type { MomoRefusalBody } from '../../contracts/payment/momo';
import { PaygovConfirm, paygovReplyCodes } from '../../contracts/payment/paygov';
import { vnpayIpnCodes } from '../../contracts/payment/vnpay';
import { confirmationPorts } from '../adapters/payment/confirmation-ports';
import { momoCredentials, paygovCredentials, vnpayCredentials } from '../adapters/payment/payment-config';
import type { ConfirmationOutcome } from '../core/payment-confirmation';
import { applyConfirmation } from '../core/payment-confirmation';
import { GatewayError } from '../core/errors';
import type { InboundAnswer } from '../http/inbound-ledger';
import { parseJsonBody, readRawBody } from '../http/json-body';
import { json } from '../http/response';
import type { ConfirmationReading } from '../translate/payment-confirmations';
import { fromMomoIpn, fromPaygovConfirm, fromVnpayIpn, paygovReply } from '../translate/payment-confirmations';
import { toPortalTime } from '../translate/portal-time';

/**
 * The three providers' confirmation callbacks. Each answers every request in its provider's own
 * format — never a problem document, never a 5xx for anything the request holds — because a
 * provider reads only its own protocol and resends what it cannot read. `answer` never throws
 * for a request's content; `failed` is the answer when the gateway itself failed.
 */
export interface ProviderCallback {
  readonly provider: 'paygov' | 'vnpay' | 'momo';
  readonly answer: (event: APIGatewayProxyEvent) => Promise<InboundAnswer>;
  readonly failed: (event: APIGatewayProxyEvent) => Promise<InboundAnswer>;
}

/** The outcomes of a well-formed, signed confirmation that are refusals, in refusal terms. */
const refusalOf: Partial<Record<ConfirmationOutcome, ConfirmationRefusal>> = { 'unknown-reference': 'unknown-reference', 'invalid-amount': 'invalid-amount' };

type Decided = { readonly outcome: ConfirmationOutcome; readonly reference: string } | { readonly refusal: ConfirmationRefusal; readonly reference?: string };

/** Applies a verified confirmation; a refused reading goes no further (no store access). */
async function decide(reading: ConfirmationReading): Promise<Decided> {
  if (reading.kind === 'refused') return { refusal: reading.refusal, reference: reading.reference };
  const outcome = await applyConfirmation(reading.confirmation, confirmationPorts);
  const refusal = refusalOf[outcome];
  return refusal ? { refusal, reference: reading.confirmation.reference } : { outcome, reference: reading.confirmation.reference };
}

/** The raw body, or why it cannot be read: the only request-dependent error readRawBody/parseJsonBody raise are these. */
function bodyRefusal(error: unknown): ConfirmationRefusal {
  if (error instanceof GatewayError) {
    if (error.status === 413) return 'body-too-large';
    if (error.status === 415) return 'unsupported-media-type';
    if (error.status === 400) return 'malformed';
  }
  throw error;
}

// ---------------------------------------------------------------- PayGov

const paygovAnswers: Record<ConfirmationOutcome | ConfirmationRefusal, readonly [string, string]> = {
  confirmed: [paygovReplyCodes.confirmed, 'Xác nhận thành công'],
  'exception-recorded': [paygovReplyCodes.confirmed, 'Đã ghi nhận, chờ đối soát hoàn tiền'],
  'already-confirmed': [paygovReplyCodes.alreadyConfirmed, 'Giao dịch đã được xác nhận'],
  'unknown-reference': [paygovReplyCodes.unknownReference, 'Không tìm thấy giao dịch'],
  'invalid-reference': [paygovReplyCodes.unknownReference, 'Không tìm thấy giao dịch'],
  'invalid-amount': [paygovReplyCodes.invalidAmount, 'Số tiền không hợp lệ'],
  'malformed-amount': [paygovReplyCodes.invalidAmount, 'Số tiền không hợp lệ'],
  'bad-signature': [paygovReplyCodes.invalidSignature, 'Sai chữ ký'],
  'body-too-large': [paygovReplyCodes.error, 'Dữ liệu không hợp lệ: quá lớn'],
  'unsupported-media-type': [paygovReplyCodes.error, 'Dữ liệu không hợp lệ'],
  malformed: [paygovReplyCodes.error, 'Dữ liệu không hợp lệ'],
  'invalid-transaction-id': [paygovReplyCodes.error, 'Dữ liệu không hợp lệ: mã giao dịch quá dài'],
  'malformed-result-code': [paygovReplyCodes.error, 'Dữ liệu không hợp lệ: mã lỗi'],
  internal: [paygovReplyCodes.error, 'Lỗi hệ thống, vui lòng gửi lại'],
};

/** PayGov's reply, HTTP 200 whatever the outcome; signed when the credentials can be read. */
async function paygovAnswer(key: ConfirmationOutcome | ConfirmationRefusal): Promise<InboundAnswer> {
  const [code, description] = paygovAnswers[key];
  const at = toPortalTime(new Date().toISOString());
  const credentials = await paygovCredentials().catch(() => undefined);
  const body = credentials
    ? paygovReply(code, description, credentials.partnerCode, at, credentials.secret)
    : { MaLoi: code, MoTaLoi: description, MaDoiTac: '', ThoiGianGD: at, MaXacThuc: '' };
  return json(200, body);
}

/** PayGov Confirm: parsed leniently (any content type), MAC first, then the values. */
export const paygovCallback: ProviderCallback = {
  provider: 'paygov',
  answer: async (event) => {
    let raw: string;
    try {
      raw = readRawBody(event);
    } catch (error) {
      const refusal = bodyRefusal(error);
      return { ...(await paygovAnswer(refusal)), refused: refusal };
    }
    const parsed = PaygovConfirm.safeParse(safeJson(raw));
    if (!parsed.success) return { ...(await paygovAnswer('malformed')), refused: 'malformed' };
    const decided = await decide(fromPaygovConfirm(parsed.data, (await paygovCredentials()).secret, new Date().toISOString()));
    if ('refusal' in decided) return { ...(await paygovAnswer(decided.refusal)), subject: decided.reference, refused: decided.refusal };
    return { ...(await paygovAnswer(decided.outcome)), subject: decided.reference };
  },
  failed: () => paygovAnswer('internal'),
};

// ---------------------------------------------------------------- VNPay

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
  answer: async (event) => {
    // A GET: the body, if any, is not VNPay's and is ignored, as is its content type.
    const params = Object.fromEntries(Object.entries(event.queryStringParameters ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const decided = await decide(fromVnpayIpn(params, (await vnpayCredentials()).hashSecret, new Date().toISOString()));
    if ('refusal' in decided) return { ...json(200, vnpayAnswers[decided.refusal]), subject: decided.reference, refused: decided.refusal };
    return { ...json(200, vnpayAnswers[decided.outcome]), subject: decided.reference };
  },
  failed: async () => json(200, vnpayAnswers.internal),
};

// ---------------------------------------------------------------- MoMo

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
  answer: async (event) => {
    let body: unknown;
    try {
      body = parseJsonBody(readRawBody(event), event.headers);
    } catch (error) {
      return momoRefusal(bodyRefusal(error));
    }
    const parsed = MomoIpn.safeParse(body);
    if (!parsed.success) return momoRefusal('malformed', isRecord(body) ? body : undefined);
    const decided = await decide(fromMomoIpn(parsed.data, await momoCredentials(), new Date().toISOString()));
    if ('refusal' in decided) return { ...(await momoRefusal(decided.refusal, parsed.data)), subject: decided.reference };
    return { ...json(204, undefined), subject: decided.reference };
  },
  failed: () => momoRefusal('internal'),
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
