import { randomInt } from 'node:crypto';
import { momoIpnSignedFields } from '../../../../contracts/payment/momo';
import { paygovConfirmMacFields } from '../../../../contracts/payment/paygov';
import { momoSignature, paygovMac, vnpaySecureHash, vnpaySignedData } from '../../../../functions/core/payment/payment-signatures';
import type { PaymentCredentials } from './payment-credentials';
import type { PaymentChannel, PaymentDecision, PaymentOutcome, PaymentTransaction } from './payment-state';
import { platformTime } from './payment-time';

/**
 * The signed confirmation each channel sends the gateway once the citizen has acted, built with
 * the same signature functions the gateway verifies with (PARTNERS.md §3). Pure: a duplicate is
 * the same message again, as a platform's retry is.
 */

/** Where each channel calls the gateway. */
export const callbackPaths: Record<PaymentChannel, string> = {
  paygov: '/v1/payments/callbacks/paygov',
  vnpay: '/v1/payments/callbacks/vnpay',
  momo: '/v1/payments/callbacks/momo',
};

/** PayGov MaLoi. Only '00' (paid) is documented; '09' and '24' are unconfirmed, borrowed from VNPay's codes. */
const paygovResultCodes: Record<PaymentOutcome, string> = { success: '00', fail: '09', cancel: '24' };

/** VNPay: 51 = insufficient funds, 24 = the customer cancelled; TransactionStatus 02 = not completed. */
const vnpayResultCodes: Record<PaymentOutcome, { vnp_ResponseCode: string; vnp_TransactionStatus: string }> = {
  success: { vnp_ResponseCode: '00', vnp_TransactionStatus: '00' },
  fail: { vnp_ResponseCode: '51', vnp_TransactionStatus: '02' },
  cancel: { vnp_ResponseCode: '24', vnp_TransactionStatus: '02' },
};

/** MoMo resultCode and the message MoMo sends with it. */
const momoResults: Record<PaymentOutcome, { resultCode: number; message: string }> = {
  success: { resultCode: 0, message: 'Thành công.' },
  fail: { resultCode: 1001, message: 'Giao dịch thanh toán thất bại do tài khoản người dùng không đủ tiền.' },
  cancel: { resultCode: 1006, message: 'Giao dịch thất bại do người dùng đã từ chối xác nhận thanh toán.' },
};

/** The platform's own transaction id, in each channel's usual shape. */
export function newTransactionId(channel: PaymentChannel, at: Date = new Date()): string {
  switch (channel) {
    case 'paygov':
      return `PG${platformTime(at)}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    case 'vnpay':
      return String(randomInt(10_000_000, 100_000_000));
    case 'momo':
      return String(randomInt(1_000_000_000, 10_000_000_000));
  }
}

export interface OutgoingConfirmation {
  readonly method: 'GET' | 'POST';
  /** Path and query on the gateway. */
  readonly path: string;
  readonly body?: Record<string, unknown>;
}

export function confirmationFor(transaction: PaymentTransaction, decision: PaymentDecision, credentials: PaymentCredentials): OutgoingConfirmation {
  const decidedAt = new Date(decision.decidedAt);
  switch (transaction.channel) {
    case 'paygov': {
      const confirm = {
        LoaiBanTin: 'CONFIRM',
        MaLoi: paygovResultCodes[decision.outcome],
        MaDoiTac: credentials.paygov.partnerCode,
        MaThamChieu: transaction.reference,
        SoTien: transaction.amount,
        MaTienTe: 'VND',
        MaGiaoDich: decision.transactionId,
        // An empty MaNganHang in INIT lets the payer choose; the confirmation names the bank used.
        MaNganHang: transaction.bankCode || 'VCB',
        ThoiGianGD: platformTime(decidedAt),
        ThongTinGiaoDich: transaction.description,
      };
      return { method: 'POST', path: callbackPaths.paygov, body: { ...confirm, MaXacThuc: paygovMac(confirm, paygovConfirmMacFields, credentials.paygov.secret) } };
    }
    case 'vnpay': {
      const params: Record<string, string> = {
        vnp_Amount: String(transaction.amount * 100),
        vnp_BankCode: transaction.bankCode || 'NCB',
        vnp_BankTranNo: `VNP${decision.transactionId}`,
        vnp_CardType: 'ATM',
        vnp_OrderInfo: transaction.description,
        vnp_PayDate: platformTime(decidedAt),
        ...vnpayResultCodes[decision.outcome],
        vnp_TmnCode: credentials.vnpay.tmnCode,
        vnp_TransactionNo: decision.transactionId,
        vnp_TxnRef: transaction.reference,
      };
      // VNPay sends the very string it signed, hash last; spaces travel as '+'. The IPN carries no
      // vnp_Version or vnp_Command: those belong to the payment URL.
      const hash = vnpaySecureHash(params, credentials.vnpay.hashSecret);
      return { method: 'GET', path: `${callbackPaths.vnpay}?${vnpaySignedData(params)}&vnp_SecureHash=${hash}` };
    }
    case 'momo': {
      const ipn = {
        partnerCode: credentials.momo.partnerCode,
        orderId: transaction.reference,
        requestId: `${transaction.reference}-${decision.transactionId}`,
        amount: transaction.amount,
        orderInfo: transaction.description,
        orderType: 'momo_wallet',
        transId: Number(decision.transactionId),
        ...momoResults[decision.outcome],
        payType: 'qr',
        responseTime: decidedAt.getTime(),
        extraData: '',
      };
      return {
        method: 'POST',
        path: callbackPaths.momo,
        body: { ...ipn, signature: momoSignature(ipn, momoIpnSignedFields, credentials.momo.accessKey, credentials.momo.secretKey) },
      };
    }
  }
}
