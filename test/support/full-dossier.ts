import type { DossierSnapshotInput } from '../../contracts/api/dossier';
import { sampleDossier } from '../../infra/local/sample-dossier';

/** The sample dossier with every optional field and list filled, for "nothing dropped" checks. */
export function fullDossier(): DossierSnapshotInput {
  return sampleDossier({
    receiptNumber: 'BN-2026-000123',
    applicant: {
      kind: 'individual',
      name: 'Nguyễn Thị Minh Khai',
      identifiers: [
        { kind: 'personal_id', number: '079190012345' },
        { kind: 'legacy_id', number: '025123456' },
      ],
      contacts: { email: 'minhkhai@example.vn', phone: '0909123456', fax: '02838123456', address: '12 Lê Lợi' },
      otherInfo: 'Người nộp thay: chồng',
    },
    submissionPlace: 'Bộ phận một cửa phường Sài Gòn',
    resultDelivery: 'post',
    note: 'Ưu tiên xử lý',
    refusedAt: '2026-11-23T09:00:00+07:00',
    finishedAt: '2026-11-24T10:00:00+07:00',
    returnedAt: '2026-11-25T11:00:00+07:00',
    resultInfo: 'Trả qua bưu điện',
    paperDocuments: [{ name: 'Tờ khai', quantity: 2, kind: 'bản chính' }],
    fees: [{ code: 'LPHT', name: 'Lệ phí hộ tịch', amount: 8000, kind: 'charge', collectionMethod: 'online' }],
    supplementRequests: [
      {
        id: 'sup-1',
        requestedBy: 'Lê Văn Tám',
        content: 'Bổ sung bản sao giấy kết hôn',
        requestedAt: '2026-11-22T10:00:00+07:00',
        receivedBy: 'Trần Văn Bảy',
        receivedInfo: 'Đã nhận bản sao',
        receivedAt: '2026-11-22T15:00:00+07:00',
        status: 'accepted',
        documents: ['Giấy kết hôn'],
        fees: ['Phí sao y'],
        previousDueAt: '2026-11-25T17:00:00+07:00',
        newDueAt: '2026-11-26T17:00:00+07:00',
      },
    ],
    results: [{ id: 'res-1', name: 'Giấy khai sinh', componentCode: 'GKS', resultCode: 'KQ-1', url: 'https://dms.tphcm.example/kq/1.pdf' }],
    history: [
      {
        id: 'step-1',
        actor: { name: 'Lê Văn Tám', title: 'Công chức' },
        unit: 'Một cửa',
        at: '2026-11-22T08:30:00+07:00',
        action: 'Tiếp nhận',
        status: 'received',
        startedAt: '2026-11-22T08:29:00+07:00',
        dueAt: '2026-11-22T17:00:00+07:00',
      },
    ],
    project06: { vneidVerified: true, paidOnline: true, digitised: false },
  });
}
