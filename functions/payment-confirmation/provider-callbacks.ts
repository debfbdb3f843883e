import type { APIGatewayProxyEvent } from 'aws-lambda';
import { MomoIpn } from '../../contracts/payment/momo';
import { PaygovConfirm, paygovReplyCodes } from '../../contracts/payment/paygov';
import { vnpayIpnCodes } from '../../contracts/payment/vnpay';
import { momoCredentials, paygovCredentials, vnpayCredentials } from '../adapters/payment/payment-config';
import { SignatureRejectedError, ValidationError } from '../core/errors';
import type { ConfirmationOutcome } from '../core/payment-confirmation';
import { applyConfirmation } from '../core/payment-confirmation';
import { toFieldErrors } from '../http/field-errors';
import { parseJsonBody, readRawBody } from '../http/json-body';
import type { InboundAnswer } from '../http/inbound-ledger';
import { json } from '../http/response';
import { fromMomoIpn, fromPaygovConfirm, fromVnpayIpn, paygovReply } from '../translate/payment-confirmations';
import { toPortalTime } from '../translate/portal-time';
import { confirmationPorts } from '../adapters/payment/confirmation-ports';
import { logger } from '../observability/logger';

type Answered = InboundAnswer;

/**
 * PayGov Confirm: always answered in PayGov's reply format (HTTP 200), signature first, so the
 * platform reads the outcome as its protocol defines it.
 */
export async function paygovCallback(event: APIGatewayProxyEvent, authenticated: () => void = () => {}): Promise<Answered> {
  const credentials = await paygovCredentials();
  const receivedAt = new Date().toISOString();
  const reply = (code: string, description: string) =>
    json(200, paygovReply(code, description, credentials.partnerCode, toPortalTime(receivedAt), credentials.secret));
  const parsed = PaygovConfirm.safeParse(safeJson(readRawBody(event)));
  if (!parsed.success) return { ...reply(paygovReplyCodes.error, 'Dữ liệu không hợp lệ'), refused: 'malformed' };
  const confirmation = fromPaygovConfirm(parsed.data, credentials.secret, receivedAt);
  if (!confirmation) {
    logger.warn('payment confirmation rejected', { provider: 'paygov', reason: 'bad-signature' });
    return { ...reply(paygovReplyCodes.invalidSignature, 'Sai chữ ký'), subject: parsed.data.MaThamChieu, refused: 'bad-signature' };
  }
  authenticated();
  const outcome = await applyConfirmation(confirmation, confirmationPorts);
  const [code, description] = paygovOutcome[outcome];
  return { ...reply(code, description), subject: confirmation.reference, refused: refusedOutcomes[outcome] };
}

/** Outcomes the ledger records as refused even though the provider's protocol answers 200. */
const refusedOutcomes: Partial<Record<ConfirmationOutcome, string>> = { 'unknown-reference': 'unknown-reference', 'invalid-amount': 'invalid-amount' };

const paygovOutcome: Record<ConfirmationOutcome, [string, string]> = {
  confirmed: [paygovReplyCodes.confirmed, 'Xác nhận thành công'],
  'exception-recorded': [paygovReplyCodes.confirmed, 'Đã ghi nhận, chờ đối soát hoàn tiền'],
  'already-confirmed': [paygovReplyCodes.alreadyConfirmed, 'Giao dịch đã được xác nhận'],
  'unknown-reference': [paygovReplyCodes.unknownReference, 'Không tìm thấy giao dịch'],
  'invalid-amount': [paygovReplyCodes.invalidAmount, 'Số tiền không hợp lệ'],
};

/** VNPay IPN: a signed GET, answered with exactly VNPay's RspCode (PARTNERS.md §3.2). */
export async function vnpayCallback(event: APIGatewayProxyEvent, authenticated: () => void = () => {}): Promise<Answered> {
  const params = Object.fromEntries(Object.entries(event.queryStringParameters ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const confirmation = fromVnpayIpn(params, (await vnpayCredentials()).hashSecret, new Date().toISOString());
  if (!confirmation) {
    logger.warn('payment confirmation rejected', { provider: 'vnpay', reason: 'bad-signature' });
    return { ...json(200, vnpayIpnCodes.invalidSignature), subject: params.vnp_TxnRef, refused: 'bad-signature' };
  }
  authenticated();
  const outcome = await applyConfirmation(confirmation, confirmationPorts);
  return { ...json(200, vnpayOutcome[outcome]), subject: confirmation.reference, refused: refusedOutcomes[outcome] };
}

const vnpayOutcome: Record<ConfirmationOutcome, { RspCode: string; Message: string }> = {
  confirmed: vnpayIpnCodes.confirmed,
  // The money was taken: VNPay must stop resending; the refund review happens on our side.
  'exception-recorded': vnpayIpnCodes.confirmed,
  'already-confirmed': vnpayIpnCodes.alreadyConfirmed,
  'unknown-reference': vnpayIpnCodes.orderNotFound,
  'invalid-amount': vnpayIpnCodes.invalidAmount,
};

/**
 * MoMo IPN: 204 once handled (PARTNERS.md §3.3). A bad signature or body is a problem document
 * (401/400); an unknown order or a wrong amount is 422 — handled, recorded, and not retried.
 */
export async function momoCallback(event: APIGatewayProxyEvent, authenticated: () => void = () => {}): Promise<Answered> {
  const parsed = MomoIpn.safeParse(parseJsonBody(readRawBody(event), event.headers));
  if (!parsed.success) throw new ValidationError(toFieldErrors(parsed.error, 'body'));
  const confirmation = fromMomoIpn(parsed.data, await momoCredentials(), new Date().toISOString());
  if (!confirmation) throw new SignatureRejectedError('bad-signature');
  authenticated();
  const outcome = await applyConfirmation(confirmation, confirmationPorts);
  if (outcome === 'unknown-reference' || outcome === 'invalid-amount') {
    throw new ValidationError([
      { location: 'body', path: outcome === 'unknown-reference' ? '/orderId' : '/amount', message: outcome === 'unknown-reference' ? 'no such payment' : 'does not match the payment' },
    ]);
  }
  return { ...json(204, undefined), subject: confirmation.reference };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
