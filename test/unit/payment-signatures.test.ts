import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { momoIpnSignedFields } from '../../contracts/payment/momo';
import { paygovConfirmMacFields, paygovInitMacFields, paygovQueryMacFields } from '../../contracts/payment/paygov';
import { momoSignature, paygovMac, sameSignature } from '../../functions/core/payment/payment-signatures';

/**
 * The signatures against PARTNERS.md §3 written out by hand: each expected value is computed
 * from a literal string typed from the document, not from the contracts' field lists, so a wrong
 * field order in a contract fails here.
 */

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmacSha256 = (key: string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest('hex');

const paygovSecret = 'bi-mat-doi-tac-2026';

describe('paygovMac', () => {
  it('is SHA-256 over the INIT fields in the documented order, pipe-joined, secret last', () => {
    // Prepare
    const init = {
      LoaiBanTin: 'INIT',
      PhienBan: '1.0.6',
      MaDoiTac: 'HCM-LIENTHONG',
      MaThamChieu: 'LT-000.00.21.H29-261122-0001',
      SoTien: 150000,
      LoaiHinhThanhToan: 'PAY',
      MaKenhThanhToan: '1',
      MaThietBi: '1',
      NgonNgu: 'vi-VN',
      MaTienTe: 'VND',
      MaNganHang: 'VCB',
      ThongTinGiaoDich: 'Nộp lệ phí đăng ký khai sinh cho Lý Gia Hân',
      ThoiGianGD: '20261122083000',
      Ip: '203.0.113.5',
      // Not signed: the receipt block and fees travel outside the MAC.
      ThongTinBienLai: { MaHoSo: '000.00.21.H29-261122-0001', HoTenNguoiNop: 'Võ Thị Sáu' },
    };
    const documented =
      'INIT|1.0.6|HCM-LIENTHONG|LT-000.00.21.H29-261122-0001|150000|PAY|1|1|vi-VN|VND|VCB|Nộp lệ phí đăng ký khai sinh cho Lý Gia Hân|20261122083000|203.0.113.5|bi-mat-doi-tac-2026';

    // Act
    const mac = paygovMac(init, paygovInitMacFields, paygovSecret);

    // Assess
    expect(mac).toBe(sha256(documented));
    expect(mac).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is SHA-256 over the Confirm fields in the documented order', () => {
    // Prepare
    const confirm = {
      LoaiBanTin: 'CONFIRM',
      MaLoi: '00',
      MaDoiTac: 'HCM-LIENTHONG',
      MaThamChieu: 'LT-REF-7',
      SoTien: '150000',
      MaTienTe: 'VND',
      MaGiaoDich: 'PG20261122083512000123',
      MaNganHang: 'VCB',
      ThoiGianGD: '20261122083512',
      ThongTinGiaoDich: 'Nộp lệ phí hộ tịch',
    };
    const documented = 'CONFIRM|00|HCM-LIENTHONG|LT-REF-7|150000|VND|PG20261122083512000123|VCB|20261122083512|Nộp lệ phí hộ tịch|bi-mat-doi-tac-2026';

    // Act
    const mac = paygovMac(confirm, paygovConfirmMacFields, paygovSecret);

    // Assess
    expect(mac).toBe(sha256(documented));
  });

  it('is SHA-256 over the QUERY fields in the documented order', () => {
    // Prepare
    const query = { LoaiBanTin: 'QUERY', PhienBan: '1.0.6', MaDoiTac: 'HCM-LIENTHONG', MaThamChieu: 'LT-REF-7', ThoiGianGD: '20261122090000' };

    // Act
    const mac = paygovMac(query, paygovQueryMacFields, paygovSecret);

    // Assess
    expect(mac).toBe(sha256('QUERY|1.0.6|HCM-LIENTHONG|LT-REF-7|20261122090000|bi-mat-doi-tac-2026'));
  });

  it('is a plain hash, not an HMAC keyed with the secret', () => {
    // Prepare
    const query = { LoaiBanTin: 'QUERY', PhienBan: '1.0.6', MaDoiTac: 'A', MaThamChieu: 'B', ThoiGianGD: '20261122090000' };

    // Act
    const mac = paygovMac(query, paygovQueryMacFields, paygovSecret);

    // Assess
    expect(mac).not.toBe(hmacSha256(paygovSecret, 'QUERY|1.0.6|A|B|20261122090000'));
  });
});

describe('momoSignature', () => {
  it('is HMAC-SHA256 with the secret key over the documented accessKey=…&…&transId=… string', () => {
    // Prepare
    const ipn = {
      partnerCode: 'MOMOLT2026',
      orderId: 'LT-REF-9',
      requestId: 'LT-REF-9-4012345678',
      amount: 150000,
      orderInfo: 'Nộp phí cung cấp thông tin hộ tịch',
      orderType: 'momo_wallet',
      transId: 4012345678,
      resultCode: 0,
      message: 'Thành công.',
      payType: 'qr',
      responseTime: 1795141512000,
      extraData: '',
    };
    const documented =
      'accessKey=F8BBA842ECF85&amount=150000&extraData=&message=Thành công.&orderId=LT-REF-9&orderInfo=Nộp phí cung cấp thông tin hộ tịch' +
      '&orderType=momo_wallet&partnerCode=MOMOLT2026&payType=qr&requestId=LT-REF-9-4012345678&responseTime=1795141512000&resultCode=0&transId=4012345678';

    // Act
    const signature = momoSignature(ipn, momoIpnSignedFields, 'F8BBA842ECF85', 'K951B6PE1waDMi640xX08PD3vg6EkVlz');

    // Assess
    expect(signature).toBe(hmacSha256('K951B6PE1waDMi640xX08PD3vg6EkVlz', documented));
  });
});

describe('sameSignature', () => {
  const expected = sha256('chữ ký mẫu');

  it('accepts the same hex, in either case', () => {
    // Act & Assess
    expect(sameSignature(expected, expected)).toBe(true);
    expect(sameSignature(expected, expected.toUpperCase())).toBe(true);
  });

  it('rejects a one-character change', () => {
    // Prepare
    const last = expected.at(-1) === '0' ? '1' : '0';
    const changed = `${expected.slice(0, -1)}${last}`;

    // Act & Assess
    expect(sameSignature(expected, changed)).toBe(false);
  });

  it('rejects a different length without throwing', () => {
    // Act & Assess
    expect(sameSignature(expected, expected.slice(0, -1))).toBe(false);
    expect(sameSignature(expected, `${expected}0`)).toBe(false);
    expect(sameSignature(expected, '')).toBe(false);
  });

  it('rejects a missing or non-string signature', () => {
    // Act & Assess
    expect(sameSignature(expected, undefined)).toBe(false);
    expect(sameSignature(expected, 42)).toBe(false);
  });
});

describe('VNPay IPN verification with empty values', () => {
  it('accepts an IPN signed with empty values included (Node sample) or skipped (Java sample), and nothing else', async () => {
    const { fromVnpayIpn } = await import('../../functions/translate/payment-confirmations');
    const { vnpaySecureHash } = await import('../../functions/core/payment/payment-signatures');
    const params = { vnp_TxnRef: 'LT261122ABCDEFGHJK', vnp_Amount: '800000', vnp_BankTranNo: '', vnp_ResponseCode: '24', vnp_TransactionStatus: '02', vnp_TransactionNo: '0' };
    const withEmpty = { ...params, vnp_SecureHash: vnpaySecureHash(params, 'SECRETSECRETSECRET') };
    const skippingEmpty = { ...params, vnp_SecureHash: vnpaySecureHash(params, 'SECRETSECRETSECRET', { skipEmpty: true }) };
    expect(withEmpty.vnp_SecureHash).not.toBe(skippingEmpty.vnp_SecureHash);
    expect(fromVnpayIpn(withEmpty, 'SECRETSECRETSECRET', 'now')).toMatchObject({ kind: 'confirmation', confirmation: { succeeded: false, amount: 8000 } });
    expect(fromVnpayIpn(skippingEmpty, 'SECRETSECRETSECRET', 'now')).toMatchObject({ kind: 'confirmation', confirmation: { succeeded: false } });
    expect(fromVnpayIpn({ ...skippingEmpty, vnp_Amount: '900000' }, 'SECRETSECRETSECRET', 'now')).toEqual({ kind: 'refused', refusal: 'bad-signature' });
  });
});
