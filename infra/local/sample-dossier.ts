import type { DossierSnapshotInput } from '../../contracts/api/dossier';

/**
 * A realistic dossier for the banner's curl, the demo and tests: a birth registration received at
 * a ward of Ho Chi Minh City. Names and numbers are synthetic.
 */
export function sampleDossier(overrides: Partial<DossierSnapshotInput> = {}): DossierSnapshotInput {
  return {
    version: 1,
    procedure: {
      code: '1.001193.000.00.00.H29',
      name: 'Đăng ký khai sinh',
      field: { code: 'HT', name: 'Hộ tịch' },
    },
    applicant: {
      kind: 'individual',
      name: 'Nguyễn Thị Minh Khai',
      identifiers: [{ kind: 'personal_id', number: '079190012345' }],
      contacts: { phone: '0909123456', email: 'minhkhai@example.vn', address: '12 Lê Lợi, phường Sài Gòn, TP. Hồ Chí Minh' },
    },
    channel: 'online',
    summary: 'Đăng ký khai sinh cho con: Trần Minh An, sinh ngày 01/11/2026',
    status: 'received',
    handlingUnit: { code: 'H29.01.26734', name: 'UBND phường Sài Gòn' },
    submittedAt: '2026-11-22T08:15:00+07:00',
    receivedAt: '2026-11-22T08:30:00+07:00',
    dueAt: '2026-11-25T17:00:00+07:00',
    documents: [
      {
        id: 'doc-1',
        name: 'Giấy chứng sinh',
        componentCode: 'GCS',
        url: 'https://dms.tphcm.example/files/doc-1.pdf',
      },
    ],
    fees: [{ code: 'LPHT', name: 'Lệ phí hộ tịch', amount: 0, kind: 'charge' }],
    history: [
      {
        id: 'step-1',
        actor: { name: 'Lê Văn Tám', title: 'Công chức tư pháp - hộ tịch' },
        unit: 'Bộ phận một cửa',
        at: '2026-11-22T08:30:00+07:00',
        action: 'Tiếp nhận hồ sơ',
        status: 'received',
      },
    ],
    project06: { vneidVerified: true, paidOnline: false, digitised: true },
    ...overrides,
  };
}

export const sampleDossierCode = 'H29.26734-261122-0001';
