import type { ReturnQueryFromVNPay } from 'vnpay';
import { dateFormat, HashAlgorithm, ignoreLogger, VNPay } from 'vnpay';
import { describe, expect, it } from 'vitest';
import { sameSignature, vnpaySecureHash, vnpaySignedData } from '../../functions/core/payment/payment-signatures';

/**
 * Our VNPay signature against the public `vnpay` package (2.5.0) as an independent reference:
 * a payment URL it builds verifies with our function, and an IPN we sign verifies with it. Where
 * the two disagree, the last block pins the difference so it cannot change unnoticed.
 */

const tmnCode = 'LTTWIN01';
const hashSecret = 'QWERTYUIOPASDFGHJKLZXCVBNM123456';
const reference = new VNPay({ tmnCode, secureSecret: hashSecret, vnpayHost: 'http://vnpay.test', hashAlgorithm: HashAlgorithm.SHA512, loggerFn: ignoreLogger });

/** Spaces, Vietnamese letters, and the characters a query string is made of. */
const orderInfo = 'Nộp lệ phí hồ sơ 000.00.21.H29-261122-0001: sao y & chứng thực + phí gửi/nhận tại nhà';

const paramsOf = (url: string) => Object.fromEntries(new URL(url).searchParams) as Record<string, string>;

/** A query string as the receiver of a GET reads it ('+' decoded to a space), typed for the package. */
const parsedQuery = (query: string) => Object.fromEntries(new URLSearchParams(query)) as ReturnQueryFromVNPay & Record<string, string>;

/** An IPN as VNPay sends it, before signing. */
const ipn = (overrides: Record<string, string> = {}): Record<string, string> => ({
  vnp_Amount: '15000000',
  vnp_BankCode: 'NCB',
  vnp_BankTranNo: 'VNP14712345',
  vnp_CardType: 'ATM',
  vnp_OrderInfo: orderInfo,
  vnp_PayDate: '20261122083512',
  vnp_ResponseCode: '00',
  vnp_TmnCode: tmnCode,
  vnp_TransactionNo: '14712345',
  vnp_TransactionStatus: '00',
  vnp_TxnRef: 'LT-REF-0001',
  ...overrides,
});

/** The query string of the GET VNPay makes: the signed string itself, the hash appended. */
const ipnQuery = (params: Record<string, string>) => `${vnpaySignedData(params)}&vnp_SecureHash=${vnpaySecureHash(params, hashSecret)}`;

const buildWithPackage = (info: string) =>
  reference.buildPaymentUrl({
    vnp_Amount: 150000,
    vnp_IpAddr: '203.0.113.5',
    vnp_ReturnUrl: 'https://dichvucong.hochiminhcity.gov.example/thanh-toan/ket-qua?nguon=vnpay&ma=LT-REF-0001',
    vnp_TxnRef: 'LT-REF-0001',
    vnp_OrderInfo: info,
    vnp_CreateDate: dateFormat(new Date(Date.UTC(2026, 10, 22, 1, 30, 0))),
    vnp_ExpireDate: dateFormat(new Date(Date.UTC(2026, 10, 22, 1, 45, 0))),
  });

describe('vnpaySecureHash against the vnpay package', () => {
  it('verifies a payment URL the package built, with spaces, Vietnamese letters, &, +, / and :', () => {
    // Prepare
    const url = buildWithPackage(orderInfo);
    const params = paramsOf(url);

    // Act
    const ours = vnpaySecureHash(params, hashSecret);

    // Assess
    expect(params.vnp_OrderInfo).toBe(orderInfo);
    expect(params.vnp_Amount).toBe('15000000');
    expect(sameSignature(ours, params.vnp_SecureHash)).toBe(true);
  });

  it('writes the same signed string the package put in its URL', () => {
    // Prepare
    const url = buildWithPackage(orderInfo);
    const packageQuery = new URL(url).search.slice(1).replace(/&vnp_SecureHash=[0-9a-f]+$/, '');

    // Act
    const ours = vnpaySignedData(paramsOf(url));

    // Assess
    expect(ours).toBe(packageQuery);
    expect(ours).toContain('vnp_OrderInfo=N%E1%BB%99p+l%E1%BB%87+ph%C3%AD+h%E1%BB%93+s%C6%A1+000.00.21.H29-261122-0001%3A+sao+y+%26+ch%E1%BB%A9ng+th%E1%BB%B1c+%2B+ph%C3%AD+g%E1%BB%ADi%2Fnh%E1%BA%ADn');
  });

  it('signs an IPN the package verifies, as the gateway would parse it from the GET', () => {
    // Prepare: what arrives is a query string; the receiver decodes '+' back to spaces.
    const received = parsedQuery(ipnQuery(ipn()));

    // Act
    const verdict = reference.verifyIpnCall(received);

    // Assess
    expect(received.vnp_OrderInfo).toBe(orderInfo);
    expect(verdict.isVerified).toBe(true);
    expect(verdict.isSuccess).toBe(true);
    expect(verdict.vnp_Amount).toBe(150000);
  });

  it('agrees with the package that a tampered IPN is forged', () => {
    // Prepare
    const tampered = parsedQuery(ipnQuery(ipn()).replace('vnp_Amount=15000000', 'vnp_Amount=1500000'));

    // Act
    const packageVerdict = reference.verifyIpnCall(tampered);
    const ourVerdict = sameSignature(vnpaySecureHash(tampered, hashSecret), tampered.vnp_SecureHash);

    // Assess
    expect(packageVerdict.isVerified).toBe(false);
    expect(ourVerdict).toBe(false);
  });

  it('agrees on a failed payment IPN (51 / 02), which verifies but is not a success', () => {
    // Prepare
    const received = parsedQuery(ipnQuery(ipn({ vnp_ResponseCode: '51', vnp_TransactionStatus: '02' })));

    // Act
    const verdict = reference.verifyIpnCall(received);

    // Assess
    expect(verdict.isVerified).toBe(true);
    expect(verdict.isSuccess).toBe(false);
  });
});

/**
 * Where the package and our function (and so PARTNERS.md §3.2, which says only "URL-encode
 * values, space → +") part ways. None of these occur with the gateway's own values if
 * vnp_OrderInfo avoids ( ) ! ' ~ and no vnp_* value is empty; VNPay's own spec asks for
 * vnp_OrderInfo without diacritics or special characters, which sidesteps all of them.
 */
describe('vnpaySecureHash where the vnpay package differs', () => {
  it("encodes ( ) ! ' ~ differently: the package percent-encodes them, encodeURIComponent does not", () => {
    // Prepare
    const info = "Phí sao y (bản chính)! Người nộp: O'Brien ~ lần 2";
    const url = buildWithPackage(info);
    const params = paramsOf(url);

    // Act
    const oursOnPackageUrl = sameSignature(vnpaySecureHash(params, hashSecret), params.vnp_SecureHash);
    const packageOnOurIpn = reference.verifyIpnCall(parsedQuery(ipnQuery(ipn({ vnp_OrderInfo: info }))));

    // Assess
    expect(new URL(url).search).toContain('%28b%E1%BA%A3n+ch%C3%ADnh%29%21');
    expect(vnpaySignedData(params)).toContain('(b%E1%BA%A3n+ch%C3%ADnh)!');
    expect(oursOnPackageUrl).toBe(false);
    expect(packageOnOurIpn.isVerified).toBe(false);
  });

  it('treats empty values differently: the package leaves them out of the signed string, we sign "key="', () => {
    // Prepare
    const params = ipn({ vnp_BankTranNo: '' });
    const received = parsedQuery(ipnQuery(params));

    // Act
    const verdict = reference.verifyIpnCall(received);

    // Assess
    expect(vnpaySignedData(params)).toContain('vnp_BankTranNo=&');
    expect(verdict.isVerified).toBe(false);
  });

  it('treats non-vnp_ parameters differently: the package signs them too, we ignore them', () => {
    // Prepare: an IPN URL registered with a query of its own, e.g. ?kenh=vnpay.
    const received = parsedQuery(`kenh=vnpay&${ipnQuery(ipn())}`);

    // Act
    const verdict = reference.verifyIpnCall(received);
    const ours = sameSignature(vnpaySecureHash(received, hashSecret), received.vnp_SecureHash);

    // Assess
    expect(ours).toBe(true);
    expect(verdict.isVerified).toBe(false);
  });
});
