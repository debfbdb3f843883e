import type { PaygovInitRequest } from '../../contracts/payment/paygov';
import { paygovInitMacFields, paygovQueryMacFields, paygovVersion } from '../../contracts/payment/paygov';
import type { StoredPayment } from '../core/payment/payment-records';
import { paygovMac } from '../core/payment/payment-signatures';
import { toPortalTime } from './portal-time';

/** MaNganHang that routes a PayGov payment to the MoMo wallet channel (unconfirmed). */
const momoBankCode = 'MOMO';

/** A stored payment → the signed PayGov INIT message. */
export function toPaygovInit(
  payment: StoredPayment,
  credentials: { partnerCode: string; secret: string },
  context: { at: string; clientIp: string; payerIdNumber?: string },
): PaygovInitRequest {
  const unsigned = {
    LoaiBanTin: 'INIT' as const,
    PhienBan: paygovVersion,
    MaDoiTac: credentials.partnerCode,
    MaThamChieu: payment.reference,
    SoTien: payment.amount,
    LoaiHinhThanhToan: 'PAY' as const,
    MaKenhThanhToan: '1',
    MaThietBi: '1',
    NgonNgu: 'vi-VN',
    MaTienTe: 'VND' as const,
    MaNganHang: payment.provider === 'momo' ? momoBankCode : '',
    ThongTinGiaoDich: `Thanh toan phi ho so ${payment.dossierCode}`.slice(0, 255),
    ThoiGianGD: toPortalTime(context.at),
    Ip: context.clientIp,
  };
  return {
    ...unsigned,
    MaXacThuc: paygovMac(unsigned, paygovInitMacFields, credentials.secret),
    ThongTinBienLai: { MaHoSo: payment.dossierCode, HoTenNguoiNop: payment.payerName, SoCMNDNguoiNop: context.payerIdNumber },
    PhiLePhi: payment.fees.map((fee) => ({ LoaiPhiLePhi: '1', MaPhiLePhi: fee.code, TenPhiLePhi: fee.name, SoTien: fee.amount })),
    UrlTraVe: payment.returnUrl,
  };
}

export function toPaygovQuery(reference: string, credentials: { partnerCode: string; secret: string }, at: string) {
  const unsigned = { LoaiBanTin: 'QUERY' as const, PhienBan: paygovVersion, MaDoiTac: credentials.partnerCode, MaThamChieu: reference, ThoiGianGD: toPortalTime(at) };
  return { ...unsigned, MaXacThuc: paygovMac(unsigned, paygovQueryMacFields, credentials.secret) };
}
