import type { ConfirmationRefusal } from '../../contracts/payment/identifiers';
import { PaygovConfirm, paygovReplyCodes } from '../../contracts/payment/paygov';
import { paygovCredentials } from '../adapters/payment/payment-config';
import type { ConfirmationOutcome } from '../core/payment/payment-confirmation';
import type { InboundAnswer } from '../http/inbound-ledger';
import { readRawBody } from '../http/json-body';
import { json } from '../http/response';
import { fromPaygovConfirm, paygovReply } from '../translate/payment-confirmations';
import { toPortalTime } from '../translate/portal-time';
import type { ProviderCallback } from './provider-callback';
import { bodyRefusal, decide } from './provider-callback';

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
  answer: async (event, authenticated) => {
    let raw: string;
    try {
      raw = readRawBody(event);
    } catch (error) {
      const refusal = bodyRefusal(error);
      return { ...(await paygovAnswer(refusal)), refused: refusal };
    }
    const parsed = PaygovConfirm.safeParse(safeJson(raw));
    if (!parsed.success) return { ...(await paygovAnswer('malformed')), refused: 'malformed' };
    const decided = await decide(fromPaygovConfirm(parsed.data, (await paygovCredentials()).secret, new Date().toISOString()), authenticated);
    if ('refusal' in decided) return { ...(await paygovAnswer(decided.refusal)), subject: decided.reference, refused: decided.refusal };
    return { ...(await paygovAnswer(decided.outcome)), subject: decided.reference };
  },
  failed: () => paygovAnswer('internal'),
};

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
