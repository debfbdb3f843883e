import { PaygovAnswer, PaygovInitResult, PaygovQueryResult, paygovTransactionStates } from '../../../contracts/payment/paygov';
import type { LedgerEntry } from '../../core/ledger/ledger-record';
import { requestHash } from '../../core/ledger/ledger-record';
import { PartnerRejectedError, PartnerRetryableError } from '../../core/partners/partner-errors';
import type { StoredPayment } from '../../core/payment/payment-records';
import { toPaygovInit, toPaygovQuery } from '../../translate/paygov-messages';
import { appendLedger } from '../ledger/ledger-store';
import { paygovCredentials, paymentConfig } from './payment-config';
import { isPartnerHttpError, partnerHttpClient } from '../partners/partner-http-client';

const client = partnerHttpClient(() => ({ baseUrl: paymentConfig().PAYGOV_BASE_URL, timeoutMs: paymentConfig().PAYGOV_TIMEOUT_MS }));

/**
 * One call to PayGov with its ledger record. Network errors, timeouts, 5xx and 429 are
 * retryable; an answer whose error_code is not 0 is the platform refusing the request.
 */
async function exchange(operation: string, path: string, body: object, subject: string, messageId: string): Promise<unknown> {
  const started = performance.now();
  let outcome: LedgerEntry['outcome'] = 'ok';
  let httpStatus: number | undefined;
  let errorCode: string | undefined;
  try {
    const response = await client().post(path, body);
    httpStatus = response.status;
    const answer = PaygovAnswer.parse(response.data);
    if (answer.error_code !== '0' && answer.error_code !== '00') {
      errorCode = `paygov-error-${answer.error_code}`;
      outcome = 'rejected';
      throw new PartnerRejectedError(errorCode, `PayGov refused ${operation}: ${answer.message.slice(0, 200)}`);
    }
    return JSON.parse(answer.message);
  } catch (error) {
    if (error instanceof PartnerRejectedError) throw error;
    const status = isPartnerHttpError(error) ? error.response?.status : undefined;
    httpStatus ??= status;
    outcome = status !== undefined && status < 500 && status !== 429 ? 'rejected' : 'retryable';
    errorCode = status ? `paygov-http-${status}` : isPartnerHttpError(error) ? `paygov-${error.code.toLowerCase()}` : 'paygov-bad-answer';
    if (outcome === 'rejected') throw new PartnerRejectedError(errorCode, `PayGov answered HTTP ${status}`);
    // No `cause`: a parse error quotes the answer, which may name the payer.
    throw new PartnerRetryableError(errorCode, 'PayGov did not answer');
  } finally {
    await appendLedger({
      partner: 'payment',
      direction: 'outbound',
      operation,
      messageId,
      subject,
      requestHash: requestHash(body),
      outcome,
      httpStatus,
      errorCode,
      durationMs: Math.round(performance.now() - started),
      at: new Date().toISOString(),
    });
  }
}

/** INIT: registers the payment at PayGov and returns the URL to send the payer to. */
export async function initPaygovPayment(payment: StoredPayment, context: { clientIp: string; payerIdNumber?: string; requestId: string }): Promise<string> {
  const message = toPaygovInit(payment, await paygovCredentials(), { at: new Date().toISOString(), ...context });
  const result = PaygovInitResult.safeParse(await exchange('INIT', paymentConfig().PAYGOV_INIT_PATH, message, payment.reference, context.requestId));
  if (!result.success) throw new PartnerRetryableError('paygov-bad-answer', 'PayGov answered INIT without a payment URL');
  return result.data.UrlThanhToan;
}

export type PaygovTransactionState = 'paid' | 'pending' | 'failed';

/** QUERY: what PayGov knows of a payment (reconciliation). */
export async function queryPaygovPayment(
  reference: string,
  messageId: string,
): Promise<{ state: PaygovTransactionState; amount?: number; transactionId?: string }> {
  const message = toPaygovQuery(reference, await paygovCredentials(), new Date().toISOString());
  const result = PaygovQueryResult.parse(await exchange('QUERY', paymentConfig().PAYGOV_QUERY_PATH, message, reference, messageId));
  const state =
    result.TrangThaiGD === paygovTransactionStates.paid ? 'paid' : result.TrangThaiGD === paygovTransactionStates.failed ? 'failed' : 'pending';
  return { state, amount: result.SoTien, transactionId: result.MaGiaoDich };
}
