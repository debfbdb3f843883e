import type * as z from 'zod';
import {
  PaygovInitRequest,
  paygovInitMacFields,
  PaygovQueryRequest,
  paygovQueryMacFields,
  paygovTransactionStates,
} from '../../../../contracts/payment/paygov';
import { paygovMac, sameSignature } from '../../../../functions/core/payment/payment-signatures';
import type { PaymentCredentials } from './payment-credentials';
import type { PaymentState } from './payment-state';

/**
 * PayGov's INIT and QUERY (PARTNERS.md §3.1), as pure functions from request body to the
 * platform's `{ error_code, message }` answer; the simulator adds transport and fault knobs.
 */

/**
 * The platform's error_code values as the simulator uses them. Only '0' is documented; the rest
 * are unconfirmed and follow the VNPay-style codes the platform's banks share.
 */
export const paygovErrorCodes = {
  ok: '0',
  unknownReference: '01',
  duplicateReference: '02',
  invalidRequest: '03',
  invalidMac: '97',
} as const;

export interface PaygovAnswerBody {
  readonly error_code: string;
  readonly message: string;
}

export interface PaygovContext {
  readonly state: PaymentState;
  readonly credentials: PaymentCredentials['paygov'];
  /** Where citizens reach the simulator, for UrlThanhToan. */
  readonly simulatorUrl: string;
}

const fail = (code: string, message: string): PaygovAnswerBody => ({ error_code: code, message });

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(thân yêu cầu)'}: ${issue.message}`)
    .join('; ');
}

/** Partner first, then MAC: the platform looks the secret up by MaDoiTac, so a stranger cannot be verified at all. */
function authenticate(body: Record<string, unknown>, fields: readonly string[], credentials: PaygovContext['credentials']): PaygovAnswerBody | undefined {
  if (body.MaDoiTac !== credentials.partnerCode) return fail(paygovErrorCodes.invalidMac, `Mã đối tác ${String(body.MaDoiTac)} không tồn tại hoặc chưa được kích hoạt`);
  if (!sameSignature(paygovMac(body, fields, credentials.secret), body.MaXacThuc)) {
    return fail(paygovErrorCodes.invalidMac, `Sai mã xác thực (MaXacThuc): chuỗi ký phải là ${fields.join('|')}|<khóa bí mật>, băm SHA-256`);
  }
  return undefined;
}

export function paygovInit(body: unknown, context: PaygovContext): PaygovAnswerBody {
  const parsed = PaygovInitRequest.safeParse(body);
  if (!parsed.success) return fail(paygovErrorCodes.invalidRequest, `Dữ liệu không hợp lệ: ${describe(parsed.error)}`);
  const request = parsed.data;
  const refused = authenticate(request, paygovInitMacFields, context.credentials);
  if (refused) return refused;

  const opened = context.state.open({
    reference: request.MaThamChieu,
    // MoMo is a bank code on the platform's list; its confirmation then comes from MoMo itself.
    channel: request.MaNganHang === 'MOMO' ? 'momo' : 'paygov',
    amount: request.SoTien,
    description: request.ThongTinGiaoDich,
    bankCode: request.MaNganHang,
    fees: request.PhiLePhi,
    receipt: request.ThongTinBienLai,
    returnUrl: request.UrlTraVe,
  });
  if (!opened) return fail(paygovErrorCodes.duplicateReference, `Mã tham chiếu ${request.MaThamChieu} đã tồn tại với số tiền khác`);
  const paymentUrl = `${context.simulatorUrl}/pay/${encodeURIComponent(request.MaThamChieu)}`;
  return { error_code: paygovErrorCodes.ok, message: JSON.stringify({ UrlThanhToan: paymentUrl }) };
}

export function paygovQuery(body: unknown, context: PaygovContext): PaygovAnswerBody {
  const parsed = PaygovQueryRequest.safeParse(body);
  if (!parsed.success) return fail(paygovErrorCodes.invalidRequest, `Dữ liệu không hợp lệ: ${describe(parsed.error)}`);
  const refused = authenticate(parsed.data, paygovQueryMacFields, context.credentials);
  if (refused) return refused;

  const transaction = context.state.get(parsed.data.MaThamChieu);
  if (!transaction) return fail(paygovErrorCodes.unknownReference, `Không tìm thấy giao dịch có mã tham chiếu ${parsed.data.MaThamChieu}`);
  const decision = transaction.decision;
  const TrangThaiGD = !decision
    ? paygovTransactionStates.pending
    : decision.outcome === 'success'
      ? paygovTransactionStates.paid
      : paygovTransactionStates.failed;
  return {
    error_code: paygovErrorCodes.ok,
    message: JSON.stringify({ TrangThaiGD, SoTien: transaction.amount, ...(decision ? { MaGiaoDich: decision.transactionId } : {}) }),
  };
}
