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
  reference: { vi: 'Tham chiếu', en: 'Reference' },
  otherStuck: { vi: 'Danh sách khác', en: 'Other lists' },
  ledgerFailuresList: { vi: 'Lỗi ghi sổ cái (24 giờ)', en: 'Ledger write failures (24 h)' },
  // The shadow 766 scorecard (Decision 766/QĐ-TTg).
  scorecard: { vi: 'Bảng điểm 766', en: '766 scorecard' },
  reconciliation: { vi: 'Đối soát điểm chính thức', en: 'Reconciliation' },
  cityScore: { vi: 'Điểm toàn thành phố', en: 'City score' },
  unitScore: { vi: 'Điểm đơn vị', en: 'Unit score' },
  period: { vi: 'Kỳ', en: 'Period' },
  score: { vi: 'Điểm', en: 'Score' },
  points: { vi: 'Điểm tối đa', en: 'Points' },
  visiblePoints: { vi: 'Điểm cổng liên thông thấy được', en: 'Points the gateway sees' },
  nationalOnly: { vi: 'chỉ Cổng quốc gia', en: 'national only' },
  nationalOnlyPoints: { vi: 'Điểm chỉ Cổng quốc gia chấm', en: 'Points scored nationally only' },
  earned: { vi: 'Đạt', en: 'Earned' },
  lost: { vi: 'Bị mất', en: 'Lost' },
  groups: { vi: 'Nhóm chỉ số', en: 'Indicator groups' },
  group: { vi: 'Nhóm', en: 'Group' },
  indicator: { vi: 'Chỉ số', en: 'Indicator' },
  indicators: { vi: 'Các chỉ số', en: 'Indicators' },
  ratio: { vi: 'Tỷ lệ', en: 'Ratio' },
  share: { vi: 'Tỷ lệ đạt', en: 'Share earned' },
  byUnit: { vi: 'Theo đơn vị', en: 'By unit' },
  unitName: { vi: 'Tên đơn vị', en: 'Unit name' },
  receivedCount: { vi: 'Đã tiếp nhận', en: 'Received' },
  overdueCount: { vi: 'Quá hạn', en: 'Overdue' },
  monthlyTrend: { vi: 'Xu hướng theo tháng', en: 'Monthly trend' },
  month: { vi: 'Tháng', en: 'Month' },
  radar: { vi: 'Tỷ lệ điểm đạt theo nhóm', en: 'Share of points earned per group' },
  dataTable: { vi: 'Bảng số liệu của biểu đồ', en: "The chart's data as a table" },
  sortBy: { vi: 'Sắp xếp theo', en: 'Sort by' },
  tableKeys: { vi: 'Dùng Tab để tới nút sắp xếp; mũi tên lên/xuống để đi giữa các đơn vị.', en: 'Tab reaches the sort buttons; arrow up/down moves between units.' },
  atRisk: { vi: 'Hồ sơ làm mất điểm', en: 'Dossiers costing points' },
  pointsAtStake: { vi: 'Điểm bị ảnh hưởng', en: 'Points at stake' },
  reasons: { vi: 'Lý do', en: 'Reasons' },
  dueAt: { vi: 'Hạn xử lý', en: 'Due' },
  costing: { vi: 'đã mất điểm', en: 'costing' },
  at_risk: { vi: 'có nguy cơ', en: 'at risk' },
  exportCsv: { vi: 'Tải CSV', en: 'Download CSV' },
  downloaded: { vi: 'Đã tải', en: 'Downloaded' },
  backToScorecard: { vi: 'Về bảng điểm toàn thành phố', en: 'Back to the city scorecard' },
  noInsightScope: { vi: 'Khóa này thiếu quyền insight:read.', en: 'This key lacks insight:read.' },
  shadow: { vi: 'Điểm bóng (cổng liên thông)', en: 'Shadow (gateway)' },
  official: { vi: 'Chính thức (Cổng quốc gia)', en: 'Official (national portal)' },
  difference: { vi: 'Chênh lệch', en: 'Difference' },
  explanations: { vi: 'Giải thích', en: 'Explanations' },
  explainingDossiers: { vi: 'Hồ sơ giải thích chênh lệch', en: 'Dossiers explaining it' },
  pulledAt: { vi: 'Lấy số liệu chính thức lúc', en: 'Official figures pulled at' },
  notPulled: { vi: 'chưa lấy', en: 'not pulled yet' },
  reconciledIndicator: { vi: 'Chỉ số 2.1 (giải quyết đúng hạn): tiếp nhận, đúng hạn, quá hạn, điểm.', en: 'Indicator 2.1 (handled on time): received, on time, overdue, points.' },
  onTime: { vi: 'Đúng hạn', en: 'On time' },
  none: { vi: 'Không có hồ sơ nào.', en: 'No dossiers.' },
  thisQuarter: { vi: 'Quý', en: 'Quarter' },
  year: { vi: 'Năm', en: 'Year' },
  calendar: { vi: 'Lịch làm việc', en: 'Working-day calendar' },
  calendarVersion: { vi: 'Phiên bản lịch', en: 'Calendar version' },
  daysOff: { vi: 'Ngày nghỉ', en: 'Days off' },
  makeUpDays: { vi: 'Ngày làm bù', en: 'Make-up working days' },
  unconfirmed: { vi: 'Mục chưa xác nhận', en: 'Unconfirmed entries' },
  confirmed: { vi: 'đã xác nhận', en: 'confirmed' },
  provisional: { vi: 'tạm tính', en: 'provisional' },
} as const;

export type Label = keyof typeof labels;

export const t = computed(() => {
  const lang = language.value;
  // A key the API adds later (a new stuck list, a new count) shows as itself rather than breaking the page.
  return (label: Label) => (labels as Record<string, Record<Language, string> | undefined>)[label]?.[lang] ?? label;
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

/** Group ids of scorecard-766.json; a group the file adds later shows its configured name. */
export const groupLabels: Record<string, Record<Language, string>> = {
  transparency: { vi: 'Công khai, minh bạch', en: 'Transparency' },
  progress: { vi: 'Tiến độ giải quyết', en: 'Progress' },
  online: { vi: 'Dịch vụ công trực tuyến', en: 'Online services' },
  payment: { vi: 'Thanh toán trực tuyến', en: 'Online payment' },
  digitisation: { vi: 'Số hóa hồ sơ', en: 'Digitisation' },
  satisfaction: { vi: 'Mức độ hài lòng', en: 'Satisfaction' },
};

export const indicatorLabels: Record<string, string> = {
  '1.1': 'Công khai thủ tục đúng hạn',
  '1.2': 'Cập nhật thủ tục đúng hạn',
  '1.3': 'Công khai đầy đủ nội dung thủ tục',
  '1.4': 'Đồng bộ hồ sơ đúng thời gian',
  '2.1': 'Giải quyết hồ sơ đúng hạn',
  '3.3': 'Tỷ lệ hồ sơ trực tuyến',
  '3.6': 'Thanh toán trực tuyến',
  '4.1': 'Cấp kết quả điện tử',
  '4.2': 'Số hóa hồ sơ',
  '4.3': 'Chứng thực bản sao điện tử',
  '4.4': 'Tái sử dụng dữ liệu số hóa',
  '4.5': 'Đồng bộ kho dữ liệu công dân',
  '4.6': 'Khai thác dữ liệu dân cư theo hồ sơ',
  '4.7': 'Khai thác dữ liệu dân cư theo thủ tục',
  '5.1': 'Xử lý phản ánh kiến nghị đúng hạn',
  '5.2': 'Hài lòng về xử lý phản ánh kiến nghị',
  '5.4': 'Hài lòng về giải quyết hồ sơ',
};

/** Reasons of the at-risk list (functions/core/insight/contribution.ts). */
export const reasonLabels: Record<string, Record<Language, string>> = {
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  due_soon: { vi: 'Sắp đến hạn', en: 'Due soon' },
  multiple_supplements: { vi: 'Yêu cầu bổ sung quá một lần', en: 'More than one supplement request' },
  slow_reception: { vi: 'Tiếp nhận chậm', en: 'Slow reception' },
  reception_due_soon: { vi: 'Sắp quá hạn tiếp nhận', en: 'Reception due soon' },
  sync_late: { vi: 'Đồng bộ không đúng thời gian', en: 'Not synced on time' },
  not_paid_online: { vi: 'Không thanh toán trực tuyến', en: 'Not paid online' },
  not_digitised: { vi: 'Chưa số hóa', en: 'Not digitised' },
  no_e_result: { vi: 'Không có kết quả điện tử', en: 'No e-result' },
};

export const groupName = (id: string, fallback: string) => groupLabels[id]?.[language.value] ?? fallback;
export const indicatorName = (id: string, fallback: string) => (language.value === 'vi' ? indicatorLabels[id] ?? fallback : fallback);
export const reasonName = (reason: string) => reasonLabels[reason]?.[language.value] ?? reason;

/** Timeline kinds (contracts/api/ops.ts); a kind added later shows as its own name. */
export const kindLabels: Record<string, Record<Language, string>> = {
  'version-received': { vi: 'Nhận phiên bản', en: 'Version received' },
  'portal-ack': { vi: 'Cổng xác nhận', en: 'Portal acknowledged' },
  'portal-attempt': { vi: 'Gửi Cổng', en: 'Portal attempt' },
  'steps-sent': { vi: 'Gửi bước xử lý', en: 'Steps sent' },
  callback: { vi: 'Cổng gọi lại', en: 'Callback' },
  delivery: { vi: 'Chuyển sự kiện', en: 'Delivery' },
  payment: { vi: 'Thanh toán', en: 'Payment' },
  'payment-confirmation': { vi: 'Xác nhận thanh toán', en: 'Payment confirmation' },
  verification: { vi: 'Đối chiếu', en: 'Verification' },
  'operator-action': { vi: 'Thao tác vận hành', en: 'Operator action' },
};
export const kindName = (kind: string) => kindLabels[kind]?.[language.value] ?? kind;
