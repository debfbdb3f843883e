import type { ConfirmationRefusal } from '../../contracts/payment/identifiers';
import { PaymentReference, ProviderCode, ProviderTransactionId, wholeVnd } from '../../contracts/payment/identifiers';
import type { MomoIpn } from '../../contracts/payment/momo';
import { momoIpnSignedFields } from '../../contracts/payment/momo';
import type { PaygovConfirm } from '../../contracts/payment/paygov';
import { paygovConfirmMacFields, paygovReplyMacFields } from '../../contracts/payment/paygov';
import { vnpaySuccess } from '../../contracts/payment/vnpay';
import type { PaymentConfirmation, PaymentProvider } from '../core/payment/payment-records';
import { momoSignature, paygovMac, sameSignature, vnpaySecureHash } from '../core/payment/payment-signatures';

/**
 * Each provider's confirmation → the gateway's PaymentConfirmation, after its signature is
 * verified over the values exactly as received. A signed confirmation whose values the gateway
 * cannot hold (a reference it never issued, an identifier longer than a store key, an amount
 * that is not whole VND) is refused here, before any store access, with a stable reason.
 */
export type ConfirmationReading =
  | { readonly kind: 'confirmation'; readonly confirmation: PaymentConfirmation }
  /** `reference` is set only when it is a well-formed reference (it goes to the ledger). */
  | { readonly kind: 'refused'; readonly refusal: ConfirmationRefusal; readonly reference?: string };

const refused = (refusal: ConfirmationRefusal, reference?: string): ConfirmationReading => ({ kind: 'refused', refusal, reference });

/** The signed values every provider carries, still raw. */
interface SignedValues {
  readonly provider: PaymentProvider;
  readonly reference: unknown;
  readonly transactionId: unknown;
  /** Whole VND, or undefined when the provider's amount is malformed. */
  readonly amount: number | undefined;
  /** Each of the provider's outcome codes; the first is kept on the record when there is one. */
  readonly codes: readonly unknown[];
  readonly succeeded: boolean;
  readonly receivedAt: string;
}

/** The order of the checks after the signature: reference, identifiers, amount, codes. */
function checked(values: SignedValues): ConfirmationReading {
  const reference = PaymentReference.safeParse(typeof values.reference === 'number' ? String(values.reference) : values.reference);
  if (!reference.success) return refused('invalid-reference');
  const transactionId = ProviderTransactionId.safeParse(typeof values.transactionId === 'number' ? String(values.transactionId) : (values.transactionId ?? ''));
  if (!transactionId.success) return refused('invalid-transaction-id', reference.data);
  if (values.amount === undefined) return refused('malformed-amount', reference.data);
  const codes = values.codes.map((code) => ProviderCode.safeParse(typeof code === 'number' ? String(code) : code));
  if (codes.some((code) => !code.success)) return refused('malformed-result-code', reference.data);
  return {
    kind: 'confirmation',
    confirmation: {
      provider: values.provider,
      reference: reference.data,
      amount: values.amount,
      succeeded: values.succeeded,
      providerTransactionId: transactionId.data,
      providerCode: codes.map((code) => code.data).join('/'),
      receivedAt: values.receivedAt,
    },
  };
}

export function fromPaygovConfirm(message: PaygovConfirm, secret: string, receivedAt: string): ConfirmationReading {
  if (!sameSignature(paygovMac(message, paygovConfirmMacFields, secret), message.MaXacThuc)) return refused('bad-signature');
  return checked({
    provider: 'paygov',
    reference: message.MaThamChieu,
    transactionId: message.MaGiaoDich,
    amount: wholeVnd(message.SoTien),
    codes: [message.MaLoi],
    succeeded: message.MaLoi === '00',
    receivedAt,
  });
}

/** PayGov's reply to a Confirm, signed over MaLoi|MoTaLoi|MaDoiTac|ThoiGianGD|secret. */
export function paygovReply(code: string, description: string, partnerCode: string, at: string, secret: string) {
  const reply = { MaLoi: code, MoTaLoi: description, MaDoiTac: partnerCode, ThoiGianGD: at };
  return { ...reply, MaXacThuc: paygovMac(reply, paygovReplyMacFields, secret) };
}

export function fromVnpayIpn(params: Readonly<Record<string, string>>, hashSecret: string, receivedAt: string): ConfirmationReading {
  const verified =
    sameSignature(vnpaySecureHash(params, hashSecret), params.vnp_SecureHash) ||
    sameSignature(vnpaySecureHash(params, hashSecret, { skipEmpty: true }), params.vnp_SecureHash);
  if (!verified) return refused('bad-signature');
  return checked({
    provider: 'vnpay',
    reference: params.vnp_TxnRef,
    transactionId: params.vnp_TransactionNo,
    amount: vnpayAmount(params.vnp_Amount),
    codes: [params.vnp_ResponseCode, params.vnp_TransactionStatus],
    succeeded: params.vnp_ResponseCode === vnpaySuccess.responseCode && params.vnp_TransactionStatus === vnpaySuccess.transactionStatus,
    receivedAt,
  });
}

/** vnp_Amount is VND × 100: digits only, and a whole number of đồng. */
function vnpayAmount(value: string | undefined): number | undefined {
  const hundredths = wholeVnd(value);
  return hundredths !== undefined && hundredths % 100 === 0 ? hundredths / 100 : undefined;
}

export function fromMomoIpn(ipn: MomoIpn, credentials: { accessKey: string; secretKey: string }, receivedAt: string): ConfirmationReading {
  if (!sameSignature(momoSignature(ipn, momoIpnSignedFields, credentials.accessKey, credentials.secretKey), ipn.signature)) return refused('bad-signature');
  return checked({
    provider: 'momo',
    reference: ipn.orderId,
    transactionId: ipn.transId,
    amount: wholeVnd(ipn.amount),
    codes: [ipn.resultCode],
    // MoMo sends resultCode as a JSON number; a string "0" is read the same.
    succeeded: String(ipn.resultCode) === '0',
    receivedAt,
  });
}
