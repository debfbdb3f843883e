import type { PaymentChannel, PaymentTransaction } from './payment-state';

const escapeHtml = (value: string) => value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
const vnd = (amount: number) => `${new Intl.NumberFormat('vi-VN').format(amount)} ₫`;

const channelTitles: Record<PaymentChannel, string> = {
  paygov: 'Nền tảng thanh toán trực tuyến — Cổng Dịch vụ công quốc gia',
  vnpay: 'Cổng thanh toán VNPAY',
  momo: 'Ví điện tử MoMo (qua Nền tảng thanh toán quốc gia)',
};

const outcomeLabels = { success: 'Đã thanh toán thành công', fail: 'Thanh toán không thành công', cancel: 'Người nộp đã hủy giao dịch' } as const;

/**
 * The page a citizen lands on after the gateway redirects them: amount, what it pays for, and, as
 * this is a simulator, how to decide the outcome (three buttons, or the same POST with curl).
 */
export function paymentPage(transaction: PaymentTransaction, simulatorUrl: string): string {
  const actionPath = `/_actions/pay/${encodeURIComponent(transaction.reference)}`;
  const receipt = transaction.receipt ?? {};
  const dossier = typeof receipt.MaHoSo === 'string' ? `${receipt.MaHoSo}${typeof receipt.TenTTHC === 'string' ? ` — ${receipt.TenTTHC}` : ''}` : undefined;
  const payer = typeof receipt.HoTenNguoiNop === 'string' ? receipt.HoTenNguoiNop : undefined;
  const rows: [string, string][] = [
    ['Mã tham chiếu', transaction.reference],
    ['Nội dung thanh toán', transaction.description],
    ...(dossier ? ([['Hồ sơ', dossier]] as [string, string][]) : []),
    ...(payer ? ([['Người nộp', payer]] as [string, string][]) : []),
    ['Số tiền', vnd(transaction.amount)],
    ['Trạng thái', transaction.decision ? outcomeLabels[transaction.decision.outcome] : 'Chờ thanh toán'],
  ];
  const fees = transaction.fees.length
    ? `<h2>Chi tiết phí, lệ phí</h2><ul>${transaction.fees.map((f) => `<li>${escapeHtml(f.TenPhiLePhi)}: ${vnd(f.SoTien)}</li>`).join('')}</ul>`
    : '';
  const actions = transaction.decision
    ? '<p>Giao dịch đã được xử lý; không thể thanh toán lại.</p>'
    : `<h2>Thực hiện thanh toán</h2>
<p>Đây là môi trường giả lập: không có tiền thật được chuyển. Chọn kết quả giao dịch bên dưới, hoặc gửi
<code>POST ${escapeHtml(actionPath)}</code> với nội dung JSON <code>{"outcome": "success"}</code> (hoặc <code>"fail"</code>, <code>"cancel"</code>):</p>
<pre>curl -s -X POST ${escapeHtml(simulatorUrl + actionPath)} -H 'Content-Type: application/json' -d '{"outcome":"success"}'</pre>
<form method="post" action="${escapeHtml(actionPath)}">
  <button name="outcome" value="success">Thanh toán</button>
  <button name="outcome" value="fail">Thanh toán thất bại</button>
  <button name="outcome" value="cancel">Hủy giao dịch</button>
</form>`;
  return `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><title>Thanh toán trực tuyến — ${escapeHtml(transaction.reference)}</title></head>
<body>
<h1>${escapeHtml(channelTitles[transaction.channel])}</h1>
<table>
${rows.map(([label, value]) => `  <tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('\n')}
</table>
${fees}
${actions}
</body>
</html>
`;
}

export function missingPaymentPage(reference: string): string {
  return `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><title>Không tìm thấy giao dịch</title></head>
<body><h1>Không tìm thấy giao dịch</h1><p>Mã tham chiếu ${escapeHtml(reference)} không tồn tại hoặc đã hết hạn.</p></body>
</html>
`;
}
