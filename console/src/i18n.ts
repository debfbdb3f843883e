import { computed, signal } from '@preact/signals';

/** Vietnamese first (the operators' language), English beside it; the choice lives for the session. */
export type Language = 'vi' | 'en';

const stored = sessionStorage.getItem('lienthong.language');
export const language = signal<Language>(stored === 'en' ? 'en' : 'vi');

const labels = {
  appTitle: { vi: 'Liên thông — Bảng điều hành', en: 'Lienthong — Operations console' },
  skip: { vi: 'Bỏ qua đến nội dung chính', en: 'Skip to main content' },
  overview: { vi: 'Tổng quan', en: 'Overview' },
  stuck: { vi: 'Việc bị kẹt', en: 'Stuck work' },
  timeline: { vi: 'Dòng thời gian hồ sơ', en: 'Dossier timeline' },
  payments: { vi: 'Thanh toán', en: 'Payments' },
  signIn: { vi: 'Đăng nhập', en: 'Sign in' },
  signOut: { vi: 'Đăng xuất', en: 'Sign out' },
  operatorKey: { vi: 'Khóa vận hành', en: 'Operator key' },
  keyHint: { vi: 'Khóa chỉ được giữ trong phiên làm việc này (sessionStorage).', en: 'The key is kept for this browser session only (sessionStorage).' },
  badKey: { vi: 'Khóa không hợp lệ hoặc thiếu quyền ops:read.', en: 'The key is invalid or lacks ops:read.' },
  language: { vi: 'English', en: 'Tiếng Việt' },
  switchLanguage: { vi: 'Chuyển sang tiếng Anh', en: 'Switch to Vietnamese' },
  partners: { vi: 'Tình trạng đối tác', en: 'Partner health' },
  partner: { vi: 'Đối tác', en: 'Partner' },
  state: { vi: 'Trạng thái', en: 'State' },
  lastSuccess: { vi: 'Thành công gần nhất', en: 'Last success' },
  errors5: { vi: 'Lỗi 5 phút', en: 'Errors 5 min' },
  errors60: { vi: 'Lỗi 60 phút', en: 'Errors 60 min' },
  calls60: { vi: 'Lượt gọi 60 phút', en: 'Calls 60 min' },
  latency: { vi: 'Độ trễ p50 / p99 (ms)', en: 'Latency p50 / p99 (ms)' },
  topError: { vi: 'Lỗi thường gặp', en: 'Top error' },
  parked: { vi: 'Việc tạm giữ', en: 'Parked work' },
  pace: { vi: 'Nhịp gọi (lượt/giây)', en: 'Pace (calls/s)' },
  queues: { vi: 'Hàng đợi', en: 'Queues' },
  queue: { vi: 'Hàng đợi', en: 'Queue' },
  depth: { vi: 'Số tin', en: 'Depth' },
  inFlight: { vi: 'Đang xử lý', en: 'In flight' },
  oldest: { vi: 'Việc cũ nhất', en: 'Oldest work' },
  dlq: { vi: 'Hàng thư chết (DLQ)', en: 'Dead letters (DLQ)' },
  stuckCounts: { vi: 'Số việc bị kẹt', en: 'Stuck counts' },
  trend: { vi: 'Xu hướng 24 giờ', en: '24 h trend' },
  dossiers: { vi: 'Hồ sơ chưa đồng bộ', en: 'Dossiers not synced' },
  events: { vi: 'Sự kiện chưa chuyển', en: 'Events not delivered' },
  deadLetters: { vi: 'Thư chết', en: 'Dead letters' },
  divergences: { vi: 'Sai lệch với Cổng', en: 'Divergences from the portal' },
  ledgerFailures: { vi: 'Lỗi ghi sổ', en: 'Ledger failures' },
  notTracked: { vi: 'chưa theo dõi', en: 'not tracked' },
  refresh: { vi: 'Làm mới', en: 'Refresh' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
  nothing: { vi: 'Không có việc nào bị kẹt.', en: 'Nothing stuck.' },
  dossier: { vi: 'Mã hồ sơ', en: 'Dossier code' },
  version: { vi: 'Phiên bản', en: 'Version' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  procedure: { vi: 'Thủ tục', en: 'Procedure' },
  errorCode: { vi: 'Mã lỗi', en: 'Error code' },
  lag: { vi: 'Độ trễ', en: 'Lag' },
  attempts: { vi: 'Số lần thử', en: 'Attempts' },
  reason: { vi: 'Lý do', en: 'Reason' },
  nextAttempt: { vi: 'Lần thử tới', en: 'Next attempt' },
  olderThan: { vi: 'Kẹt lâu hơn (phút)', en: 'Stuck longer than (minutes)' },
  filter: { vi: 'Lọc', en: 'Filter' },
  select: { vi: 'Chọn', en: 'Select' },
  selectAll: { vi: 'Chọn tất cả', en: 'Select all' },
  preview: { vi: 'Xem trước dữ liệu gửi Cổng', en: 'Preview the portal payload' },
  resyncSelected: { vi: 'Đồng bộ lại các hồ sơ đã chọn', en: 'Re-sync selected dossiers' },
  resyncListed: { vi: 'Đồng bộ lại tất cả hồ sơ trong danh sách', en: 'Re-sync every listed dossier' },
  redrive: { vi: 'Đẩy lại', en: 'Redrive' },
  redriveAll: { vi: 'Đẩy lại tất cả', en: 'Redrive all' },
  rate: { vi: 'Tốc độ (tin/giây)', en: 'Rate (messages/second)' },
  redeliver: { vi: 'Gửi lại', en: 'Re-deliver' },
  eventId: { vi: 'Mã sự kiện', en: 'Event id' },
  type: { vi: 'Loại', en: 'Type' },
  received: { vi: 'Nhận lúc', en: 'Received' },
  show: { vi: 'Xem', en: 'Show' },
  at: { vi: 'Thời điểm', en: 'At' },
  kind: { vi: 'Loại việc', en: 'Kind' },
  outcome: { vi: 'Kết quả', en: 'Outcome' },
  what: { vi: 'Nội dung', en: 'What' },
  ledgerRecord: { vi: 'Bản ghi sổ cái', en: 'Ledger record' },
  sync: { vi: 'Đồng bộ Cổng', en: 'Portal sync' },
  payment: { vi: 'Mã thanh toán', en: 'Payment id' },
  provider: { vi: 'Kênh', en: 'Provider' },
  amount: { vi: 'Số tiền (đ)', en: 'Amount (VND)' },
  expires: { vi: 'Hết hạn', en: 'Expires' },
  result: { vi: 'Kết quả thao tác', en: 'Action result' },
  failed: { vi: 'Thao tác thất bại', en: 'The action failed' },
  payloadHash: { vi: 'SHA-256 của dữ liệu gốc', en: 'SHA-256 of the unmasked payload' },
  masked: { vi: 'Trường cá nhân đã được che.', en: 'Personal fields are masked.' },
  moved: { vi: 'đã đẩy lại', en: 'moved' },
  queued: { vi: 'đã xếp hàng', en: 'queued' },
  lastUpdated: { vi: 'Cập nhật', en: 'Updated' },
  verify: { vi: 'Đối chiếu với Cổng ngay', en: 'Verify against the portal now' },
  reopened: { vi: 'đã mở lại để đồng bộ', en: 'reopened for sync' },
  resyncOne: { vi: 'Đánh dấu chưa đồng bộ và gửi lại', en: 'Mark unsynced and send again' },
  fields: { vi: 'Trường khác nhau', en: 'Differing fields' },
} as const;

export type Label = keyof typeof labels;

export const t = computed(() => {
  const lang = language.value;
  return (label: Label) => labels[label][lang];
});

export function toggleLanguage(): void {
  language.value = language.value === 'vi' ? 'en' : 'vi';
  sessionStorage.setItem('lienthong.language', language.value);
  document.documentElement.lang = language.value;
}

export const stateLabels: Record<string, Record<Language, string>> = {
  up: { vi: 'Hoạt động', en: 'Up' },
  degraded: { vi: 'Suy giảm', en: 'Degraded' },
  down: { vi: 'Ngừng', en: 'Down' },
  idle: { vi: 'Không có lưu lượng', en: 'Idle' },
  parked: { vi: 'Tạm giữ việc', en: 'Parked' },
};
