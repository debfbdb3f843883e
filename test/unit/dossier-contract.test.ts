import { describe, expect, it } from 'vitest';
import { DossierSnapshotInput } from '../../contracts/api/dossier';
import { sampleDossier } from '../../infra/local/sample-dossier';

describe('DossierSnapshotInput', () => {
  it('accepts the sample dossier and fills defaults', () => {
    const parsed = DossierSnapshotInput.parse(sampleDossier({ supplementRequests: undefined }));
    expect(parsed.supplementRequests).toEqual([]);
    expect(parsed.resultDelivery).toBe('counter');
  });

  it('normalises Vietnamese text to NFC', () => {
    const decomposed = 'Nguye\u0302\u0303n Thi\u0323 Minh Khai';
    const parsed = DossierSnapshotInput.parse(sampleDossier({ applicant: { ...sampleDossier().applicant, name: decomposed } }));
    expect(parsed.applicant.name).toBe('Nguyễn Thị Minh Khai');
    expect(parsed.applicant.name).not.toBe(decomposed);
  });

  it('rejects unknown fields at any depth', () => {
    const input = { ...sampleDossier(), extra: 1, procedure: { ...sampleDossier().procedure, hidden: true } };
    const result = DossierSnapshotInput.safeParse(input);
    expect(result.success).toBe(false);
    const keys = result.error?.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : []));
    expect(keys).toEqual(expect.arrayContaining(['extra', 'hidden']));
  });

  it('requires times to state their offset', () => {
    const result = DossierSnapshotInput.safeParse(sampleDossier({ submittedAt: '2026-11-22T08:15:00' }));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['submittedAt']);
  });

  it('rejects fractional fee amounts: VND has no minor unit', () => {
    const fees = [{ code: 'LP', name: 'Lệ phí', amount: 1000.5 }];
    expect(DossierSnapshotInput.safeParse(sampleDossier({ fees })).success).toBe(false);
  });

  it('rejects duplicate history step ids, naming the duplicate', () => {
    const step = sampleDossier().history?.[0];
    const result = DossierSnapshotInput.safeParse(sampleDossier({ history: [step!, { ...step!, action: 'again' }] }));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['history', 1, 'id']);
  });

  it('checks the shape of a 12-digit personal ID', () => {
    const applicant = { ...sampleDossier().applicant, identifiers: [{ kind: 'personal_id' as const, number: '07919001234' }] };
    expect(DossierSnapshotInput.safeParse(sampleDossier({ applicant })).success).toBe(false);
  });
});
