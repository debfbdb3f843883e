import { describe, expect, it } from 'vitest';
import { defaultPortalStatusMap } from '../../contracts/portal/status-mapping';
import { ResyncRequest } from '../../contracts/api/ops';
import { DossierSnapshotInput } from '../../contracts/api/dossier';
import { partnerFigures, percentile } from '../../functions/core/ops/partner-health';
import { assertSelective, selectCandidates } from '../../functions/core/ops/resync-selection';
import { boundedReason, paymentReason, subjectOf } from '../../functions/core/ops/stuck';
import { buildTimeline } from '../../functions/core/ops/timeline';
import { previewPortalDossier } from '../../functions/translate/portal-dossier-preview';
import { toPortalDossier } from '../../functions/translate/portal-dossier';
import { sampleDossier } from '../../infra/local/sample-dossier';
import type { StoredPayment } from '../../functions/core/payment/payment-records';

const now = new Date('2026-11-30T10:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
const exchange = (m: number, outcome: 'ok' | 'retryable' | 'rejected', durationMs = 10, extra: Record<string, unknown> = {}) => ({
  direction: 'outbound' as const,
  outcome,
  durationMs,
  at: minutesAgo(m),
  ...extra,
});

describe('partner health from ledger records', () => {
  it('computes error rates over 5 and 60 minutes, nearest-rank latencies and the top errors', () => {
    const records = [
      exchange(1, 'retryable', 100, { errorCode: 'portal-unreachable' }),
      exchange(2, 'ok', 20),
      exchange(30, 'retryable', 300, { errorCode: 'portal-unreachable' }),
      exchange(40, 'rejected', 40, { httpStatus: 400 }),
      exchange(50, 'ok', 10),
      exchange(90, 'retryable', 999), // outside the hour
    ];
    const figures = partnerFigures(records, now);
    expect(figures).toMatchObject({ calls5m: 2, calls60m: 5, errorRate5m: 0.5, errorRate60m: 0.6, latencyP50Ms: 40, latencyP99Ms: 300, lastSuccessAt: minutesAgo(2), lastFailureAt: minutesAgo(1) });
    expect(figures.topErrors).toEqual([{ code: 'portal-unreachable', count: 2 }, { code: 'http-400', count: 1 }]);
    expect(figures.state).toBe('degraded');
  });

  it('says down above half failing, idle with no traffic, and does not count a caller refused inbound against the partner', () => {
    expect(partnerFigures([exchange(1, 'retryable'), exchange(2, 'retryable'), exchange(3, 'ok')], now).state).toBe('down');
    expect(partnerFigures([], now, minutesAgo(600))).toMatchObject({ state: 'idle', errorRate5m: null, lastSuccessAt: minutesAgo(600) });
    const refused = { ...exchange(1, 'rejected'), direction: 'inbound' as const };
    expect(partnerFigures([refused, exchange(2, 'ok')], now)).toMatchObject({ calls5m: 1, errorRate5m: 0, state: 'up' });
  });

  it('takes percentiles by nearest rank', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 0.99)).toBe(99);
  });
});

describe('re-sync selection', () => {
  const candidates = [
    { dossierCode: 'A', unitCode: 'U1', procedureCode: 'P1', since: '2026-11-29T01:00:00.000Z' },
    { dossierCode: 'B', unitCode: 'U2', procedureCode: 'P1', since: '2026-11-29T05:00:00.000Z' },
    { dossierCode: 'C', unitCode: 'U1', procedureCode: 'P2', since: '2026-11-30T01:00:00.000Z' },
  ];
  it('refuses a request that names nothing, so "everything" is never re-synced by accident', () => {
    expect(() => assertSelective(ResyncRequest.parse({}))).toThrow(/name the dossiers/);
    expect(() => assertSelective(ResyncRequest.parse({ unit: 'U1' }))).not.toThrow();
  });
  it('filters by unit, procedure and a half-open time range (offsets honoured), up to max', () => {
    expect(selectCandidates(ResyncRequest.parse({ unit: 'U1' }), candidates)).toEqual(['A', 'C']);
    expect(selectCandidates(ResyncRequest.parse({ procedure: 'P1', from: '2026-11-29T12:00:00+07:00' }), candidates)).toEqual(['B']);
    expect(selectCandidates(ResyncRequest.parse({ to: '2026-11-29T05:00:00Z' }), candidates)).toEqual(['A']);
    expect(selectCandidates(ResyncRequest.parse({ unit: 'U1', max: 1 }), candidates)).toEqual(['A']);
  });
});

describe('dry-run preview of the portal payload', () => {
  it('keeps every non-personal value exact and masks names, ID numbers, contacts and free text', () => {
    const snapshot = { ...DossierSnapshotInput.parse(sampleDossier()), dossierCode: 'H29-PREVIEW' };
    const payload = toPortalDossier(snapshot, defaultPortalStatusMap);
    const preview = previewPortalDossier(payload);
    expect(preview).toMatchObject({ MaHoSo: 'H29-PREVIEW', MaTTHC: payload.MaTTHC, TrangThaiHoSo: payload.TrangThaiHoSo, NgayNopHoSo: payload.NgayNopHoSo, TaiLieuNop: payload.TaiLieuNop });
    expect(preview).toMatchObject({ ChuHoSo: 'N. T. M. K.', MaDoiTuong: '079******345', SoDienThoai: '090****456', Email: 'm***@example.vn' });
    expect(preview.TrichYeuHoSo).toMatch(/^\[\d+ characters\]$/);
    const text = JSON.stringify(preview);
    for (const secret of ['Minh Khai', '079190012345', '0909123456', 'minhkhai@', 'Trần Minh An', 'Lê Lợi']) expect(text).not.toContain(secret);
  });
});

describe('stuck-work rules', () => {
  const payment = (fields: Partial<StoredPayment>) => ({ status: 'PENDING', expiresAt: minutesAgo(-10), exceptions: [], ...fields }) as unknown as StoredPayment;
  it('flags payments pending past their expiry or carrying exceptions', () => {
    expect(paymentReason(payment({}), now)).toBeUndefined();
    expect(paymentReason(payment({ expiresAt: minutesAgo(1) }), now)).toBe('pending-too-long');
    expect(paymentReason(payment({ status: 'EXPIRED', exceptions: [{ kind: 'paid-after-expiry', at: minutesAgo(1), detail: '' }] }), now)).toBe('exception');
  });
  it('names the subject of a queue message and bounds reasons', () => {
    expect(subjectOf('{"dossierCode":"H29-1","version":2}')).toBe('H29-1');
    expect(subjectOf('{"eventId":"msg_1"}')).toBe('msg_1');
    expect(subjectOf('not json')).toBeNull();
    expect(boundedReason('x'.repeat(500))).toHaveLength(200);
  });
});

describe('dossier timeline', () => {
  const snapshot = { ...DossierSnapshotInput.parse(sampleDossier()), dossierCode: 'H29-T' };
  const state = { dossierCode: 'H29-T', version: 1, contentHash: 'h', snapshot, storedAt: minutesAgo(30) };
  const record = (m: number, fields: Record<string, unknown>) => ({
    partner: 'portal' as const,
    direction: 'outbound' as const,
    operation: 'DongBoHoSoMC',
    messageId: 'm1',
    requestHash: 'r',
    outcome: 'ok' as const,
    durationMs: 5,
    at: minutesAgo(m),
    recordId: `rec-${m}`,
    writtenAt: minutesAgo(m),
    ...fields,
  });

  it('merges store facts and ledger records in time order, matching each city delivery attempt to its record by order', () => {
    const timeline = buildTimeline('H29-T', {
      partition: { state, portalSync: { attempts: 2, ackVersion: 1, ackRevision: 0, ackedAt: minutesAgo(5) } },
      versions: [],
      events: [
        {
          event: { eventId: 'e1', source: 'portal', type: 'dossier.rated', dossierCode: 'H29-T', bodyHash: 'b', payload: {} as never, receivedAt: minutesAgo(20), status: 'delivered' },
          attempts: [
            { attempt: 2, at: minutesAgo(10), outcome: 'delivered', httpStatus: 200, durationMs: 3, error: null },
            { attempt: 1, at: minutesAgo(15), outcome: 'retryable', httpStatus: 503, durationMs: 4, error: 'HTTP 503' },
          ],
        },
      ],
      payments: [],
      ledger: [
        record(25, { outcome: 'retryable', errorCode: 'portal-unreachable' }),
        record(6, {}),
        record(14, { partner: 'city', operation: 'deliver', messageId: 'e1', recordId: 'city-1' }),
        record(9, { partner: 'city', operation: 'deliver', messageId: 'e1', recordId: 'city-2' }),
        record(4, { partner: 'operator', direction: 'inbound', operation: 'resync', attributes: { operator: 'ops-an' }, recordId: 'op-1' }),
      ],
    });
    expect(timeline.entries.map((e) => e.kind)).toEqual(['version-received', 'portal-attempt', 'callback', 'delivery', 'delivery', 'portal-attempt', 'portal-ack', 'operator-action']);
    const deliveries = timeline.entries.filter((e) => e.kind === 'delivery');
    expect(deliveries.map((d) => [d.outcome, d.ledgerRecordId])).toEqual([
      ['retryable', 'city-1'],
      ['ok', 'city-2'],
    ]);
    expect(timeline.entries.at(-1)).toMatchObject({ summary: '← resync by ops-an', ledgerRecordId: 'op-1' });
    expect(timeline.sync).toMatchObject({ state: 'synced', ackVersion: 1 });
  });

  it("shows a lost ledger record where it happened, and the verifier's finding with its dismissal and the operator's reason", () => {
    const timeline = buildTimeline('H29-T', {
      partition: {
        state,
        portalSync: {
          attempts: 1,
          ackVersion: 1,
          ackedAt: minutesAgo(30),
          verification: { checkedAt: minutesAgo(20), outcome: 'diverged', ackVersion: 1, divergence: { fields: [], missingSteps: 0, duplicatedSteps: 2, portalHasDossier: true } },
          divergenceDismissedAt: minutesAgo(10),
          divergenceDismissedBy: 'ops-an',
        },
      },
      versions: [],
      events: [],
      payments: [],
      ledger: [record(10, { partner: 'operator', direction: 'inbound', operation: 'dismiss-divergence', attributes: { operator: 'ops-an', reason: 'portal ticket 4711' }, recordId: 'op-2' })],
      lostRecords: [{ at: minutesAgo(25), recordId: 'lost-1', partner: 'portal', direction: 'outbound', operation: 'DongBoHoSoMC', subject: 'H29-T', messageId: 'm-9', outcome: 'ok', errorCode: 'ResourceNotFoundException' }],
    });
    const kinds = timeline.entries.map((e) => e.kind);
    expect(kinds.slice(-3)).toEqual(['ledger-record-lost', 'verification', 'operator-action']);
    expect(timeline.entries.find((e) => e.kind === 'ledger-record-lost')).toMatchObject({
      at: minutesAgo(25),
      partner: 'portal',
      outcome: 'ok',
      errorCode: 'ResourceNotFoundException',
      ledgerRecordId: null,
      reference: 'm-9',
      summary: '→ DongBoHoSoMC: ledger record lost-1 not written (ResourceNotFoundException)',
    });
    expect(timeline.entries.find((e) => e.kind === 'verification')).toMatchObject({
      outcome: 'rejected',
      version: 1,
      summary: `portal copy diverges from acknowledged version 1: 2 steps duplicated (dismissed by ops-an at ${minutesAgo(10)})`,
    });
    expect(timeline.entries.at(-1)!.summary).toBe('← dismiss-divergence by ops-an: portal ticket 4711');
  });

  it('shows every version received, each with its content hash, interleaved with the portal attempts', () => {
    // Prepare: versions 1 and 2 were stored; the portal failed on 1 and acknowledged 2.
    const current = { ...state, version: 2, contentHash: 'h2', storedAt: minutesAgo(20) };
    const sources = {
      partition: { state: current, portalSync: { attempts: 2, ackVersion: 2, ackRevision: 0, ackedAt: minutesAgo(8) } },
      versions: [
        { version: 1, storedAt: minutesAgo(30), contentHash: 'h1', status: 'received' },
        { version: 2, storedAt: minutesAgo(20), contentHash: 'h2', status: 'processing' },
      ],
      events: [],
      payments: [],
      ledger: [record(25, { outcome: 'retryable', errorCode: 'portal-unreachable' }), record(10, {})],
    };

    // Act
    const timeline = buildTimeline('H29-T', sources);

    // Assess
    expect(timeline.entries.map((e) => `${e.kind}:${e.version ?? ''}`)).toEqual(['version-received:1', 'portal-attempt:', 'version-received:2', 'portal-attempt:', 'portal-ack:2']);
    expect(timeline.entries[0]).toMatchObject({ reference: 'sha256:h1', summary: 'version 1 stored (received)' });
    expect(timeline.entries[2]).toMatchObject({ reference: 'sha256:h2' });
  });

  it('marks a version received after a higher one as refused', () => {
    // Prepare
    const sources = {
      partition: { state: { ...state, version: 5, contentHash: 'h5', storedAt: minutesAgo(20) } },
      versions: [
        { version: 5, storedAt: minutesAgo(20), contentHash: 'h5', status: 'processing' },
        { version: 3, storedAt: minutesAgo(10), contentHash: 'h3', status: 'received' },
      ],
      events: [],
      payments: [],
      ledger: [],
    };

    // Act
    const timeline = buildTimeline('H29-T', sources);

    // Assess
    expect(timeline.entries.map((e) => [e.version, e.outcome, e.summary])).toEqual([
      [5, 'ok', 'version 5 stored (processing)'],
      [3, 'rejected', 'version 3 refused (older than version 5)'],
    ]);
  });

  it('shows the answer recorded with each version, whatever the order of arrival (concurrent writes)', () => {
    // Prepare: 12 began before 10 and 11 but was refused after they were stored; 11 other content was refused as a same-number conflict.
    const sources = {
      partition: { state: { ...state, version: 11, contentHash: 'h11', storedAt: minutesAgo(19) } },
      versions: [
        { version: 10, storedAt: minutesAgo(19), contentHash: 'h10', status: 'received', outcome: 'stored' as const },
        { version: 11, storedAt: minutesAgo(19), contentHash: 'h11', status: 'received', outcome: 'stored' as const },
        { version: 11, storedAt: minutesAgo(10), contentHash: 'x11', status: 'received', outcome: 'refused' as const, refusedWhileStored: 11 },
        { version: 12, storedAt: minutesAgo(20), contentHash: 'h12', status: 'received', outcome: 'refused' as const, refusedWhileStored: 13 },
        // A record kept before answers were: inferred from the order (11 was stored before it arrived).
        { version: 9, storedAt: minutesAgo(5), contentHash: 'h9', status: 'received' },
      ],
      events: [],
      payments: [],
      ledger: [],
    };

    // Act
    const timeline = buildTimeline('H29-T', sources);

    // Assess
    expect(timeline.entries.map((e) => [e.version, e.outcome, e.summary])).toEqual([
      [12, 'rejected', 'version 12 refused (older than version 13)'],
      [10, 'ok', 'version 10 stored (received)'],
      [11, 'ok', 'version 11 stored (received)'],
      [11, 'rejected', 'version 11 refused (version 11 already stored with other content)'],
      [9, 'rejected', 'version 9 refused (older than version 11)'],
    ]);
  });

  it('shows the current version when the history holds none (stored before it was kept)', () => {
    // Act
    const timeline = buildTimeline('H29-T', { partition: { state }, versions: [], events: [], payments: [], ledger: [] });

    // Assess
    expect(timeline.entries).toEqual([expect.objectContaining({ kind: 'version-received', version: 1, reference: 'sha256:h' })]);
  });

  it('answers 404 for a dossier the gateway does not hold', () => {
    expect(() => buildTimeline('H29-NONE', { partition: {}, versions: [], events: [], payments: [], ledger: [] })).toThrow(/no dossier/);
  });
});
