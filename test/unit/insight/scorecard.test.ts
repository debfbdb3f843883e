import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleDossier } from '../../../infra/local/sample-dossier';
import { DossierSnapshotInput } from '../../../contracts/api/dossier';
import type { StoredEvent } from '../../../functions/core/delivery/event-records';
import type { PortalSubmission } from '../../../functions/core/insight/portal-submission';
import { bucketKeys } from '../../../functions/core/insight/buckets';
import { refreshContribution } from '../../../functions/core/insight/contribution-update';
import { parsePeriod } from '../../../functions/core/insight/periods';
import { pointsAtRisk } from '../../../functions/core/insight/points-at-risk';
import { addCounters, scorecardOf, zeroCounters } from '../../../functions/core/insight/score';
import { unitScorecard } from '../../../functions/core/insight/scorecard-read';
import { InsightMemory } from '../../support/insight-memory';

const unit = 'H29.01.26734';
const proc3days = '1.001193.000.00.00.H29';
const unitMonth = () => bucketKeys.unitMonth('2026-11');

describe('scorecard formulas', () => {
  const memory = new InsightMemory();
  const card = (totals: Partial<Record<string, number>>, procedures: Partial<Record<string, number>>[] = []) =>
    scorecardOf(
      {
        scope: { kind: 'unit', code: 'u' },
        period: { kind: 'month', label: '2026-11', months: ['2026-11'] },
        totals: addCounters(zeroCounters(), totals),
        procedures: procedures.map((p) => addCounters(zeroCounters(), p)),
      },
      memory.config,
    );
  const indicator = (c: ReturnType<typeof card>, id: string) => c.groups.flatMap((g) => g.indicators).find((i) => i.id === id)!;

  it('progress is 20 × on time ÷ received; national-only indicators have no score', () => {
    const c = card({ received: 10, onTime: 7, overdue: 3 });
    expect(indicator(c, '2.1').score).toBe(14);
    expect(indicator(c, '1.1')).toMatchObject({ score: null, visibility: 'national_only' });
    expect(c.nationalOnlyPoints).toBe(6 + 4 + 2 + 2 + 4 + 6 + 6);
    expect(c.visiblePoints + c.nationalOnlyPoints).toBe(100);
  });

  it('online payment is 6A + min(2, 2.5B) + 2.5C', () => {
    // A = 3/4; procedures with a fee: p1 paid online with fee data, p2 neither → B = 1/2, C = 1/2.
    const c = card({ feeBearing: 4, paidOnline: 3 }, [
      { ofFeeProcedure: 3, paidOnline: 3, withFeeData: 3 },
      { ofFeeProcedure: 1, paidOnline: 0, withFeeData: 0 },
    ]);
    expect(indicator(c, '3.6').score).toBe(Math.round((6 * 0.75 + Math.min(2, 2.5 * 0.5) + 2.5 * 0.5) * 100) / 100);
  });

  it('online share is 12 × online ÷ eligible received, × the sync ratio (INSIGHT.md §1.1)', () => {
    const c = card({ received: 10, eligibleReceived: 10, eligibleOnline: 5, syncedOnTime: 8 });
    expect(indicator(c, '3.3')).toMatchObject({ score: 4.8, ratio: 0.5, factor: 0.8 });
    expect(indicator(card({ received: 10, eligibleReceived: 10, eligibleOnline: 5, syncedOnTime: 10 }), '3.3').score).toBe(6);
  });

  it('says what only the national portal sees, for whole indicators and for the complaints part of satisfaction', () => {
    const c = card({ received: 10, onTime: 10 });
    expect(indicator(c, '5.1').nationalOnlyPart).toMatch(/^the whole indicator: petitions/);
    expect(indicator(c, '5.4')).toMatchObject({ visibility: 'gateway', nationalOnlyPart: expect.stringMatching(/^complaints/) });
  });

  it('a threshold below 100 % gives full points at the threshold', () => {
    expect(indicator(card({ received: 10, reused: 8 }), '4.4').score).toBe(2);
    expect(indicator(card({ received: 10, reused: 4 }), '4.4').score).toBe(1);
  });
});

describe('portal ratings', () => {
  it('a negative rating relayed from the portal counts against satisfaction and lists the dossier at risk; a good one does not', async () => {
    const m = new InsightMemory();
    m.putSnapshot('R1', sampleDossier({ dueAt: '2026-12-20T17:00:00+07:00' }), 1, { ackedAt: m.now.toISOString() });
    m.putSnapshot('R2', sampleDossier({ dueAt: '2026-12-20T17:00:00+07:00' }), 1, { ackedAt: m.now.toISOString() });
    m.ratings.set('R1', { score: 1, ratedAt: '2026-11-24T08:00:00+07:00' });
    m.ratings.set('R2', { score: 4, ratedAt: '2026-11-24T08:00:00+07:00' });
    for (const code of ['R1', 'R2']) await refreshContribution(code, m.ports());
    expect(m.counters(unitMonth(), unit)).toMatchObject({ received: 2, overdue: 0, negativeRating: 1, dissatisfied: 1 });
    expect(m.contributions.get('R1')?.risks).toContain('negative_rating');
    expect(m.contributions.get('R2')?.risks).not.toContain('negative_rating');
    const card = await unitScorecard(unit, parsePeriod('2026-11')!, { readCounterRows: async (pk) => m.rows(pk), config: m.config });
    // 6 × (1 − 1/2) ÷ 0.9
    expect(card.groups.flatMap((g) => g.indicators).find((i) => i.id === '5.4')?.score).toBeCloseTo(3.33, 2);
  });
});

describe('portal submissions', () => {
  it('keeps the relayed submission with the unit code learnt from the city, and ignores other events', async () => {
    const { recordPortalSubmission } = await import('../../../functions/core/insight/portal-submission');
    const dossier = { ...DossierSnapshotInput.parse({ ...sampleDossier({ status: 'submitted', receivedAt: undefined, dueAt: undefined }), version: 1 }), dossierCode: 'P9' };
    const { version: _v, ...online } = dossier;
    const events = new Map<string, StoredEvent>([
      ['evt-sub', { eventId: 'evt-sub', source: 'portal', type: 'dossier.submitted', dossierCode: 'P9', bodyHash: 'h', receivedAt: '2026-11-20T02:00:00.000Z', status: 'queued', payload: { type: 'dossier.submitted', timestamp: '2026-11-20T02:00:00Z', data: { dossier: { ...online, handlingUnit: { name: 'Phường 9' } } } } as never }],
      ['evt-rate', { eventId: 'evt-rate', source: 'portal', type: 'dossier.rated', dossierCode: 'P9', bodyHash: 'h', receivedAt: '2026-11-20T02:00:00.000Z', status: 'queued', payload: { type: 'dossier.rated', timestamp: '2026-11-20T02:00:00Z', data: { dossierCode: 'P9', score: 1, ratedAt: '2026-11-20T02:00:00Z' } } as never }],
    ]);
    const kept: PortalSubmission[] = [];
    const ports = { readEvent: async (id: string) => events.get(id), unitCodeByName: async (name: string) => (name === 'Phường 9' ? 'H29.09' : undefined), putSubmissionOnce: async (s: PortalSubmission) => void kept.push(s) };
    expect(await recordPortalSubmission('evt-rate', ports)).toBe('not_a_submission');
    expect(await recordPortalSubmission('evt-missing', ports)).toBe('not_a_submission');
    expect(await recordPortalSubmission('evt-sub', ports)).toBe('recorded');
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ dossierCode: 'P9', recordedAt: '2026-11-20T02:00:00.000Z', snapshot: { version: 0, handlingUnit: { code: 'H29.09', name: 'Phường 9' }, channel: 'online' } });
  });
});

describe('incremental contributions', () => {
  it('an online dossier only the portal relayed (never stored by the city) counts as submitted, then slow reception; the city snapshot replaces it', async () => {
    const m = new InsightMemory();
    const submitted = sampleDossier({ status: 'submitted', channel: 'online', submittedAt: '2026-11-20T09:00:00+07:00', receivedAt: undefined, dueAt: undefined });
    const { version: _v, ...online } = { ...DossierSnapshotInput.parse({ ...submitted, version: 1 }), dossierCode: 'P1' };
    // The portal names the unit only (DonViXuLy); its code is not known yet.
    const named = { ...online, version: 0, handlingUnit: { name: online.handlingUnit.name } };
    m.submissions.set('P1', { dossierCode: 'P1', snapshot: named, recordedAt: '2026-11-20T02:00:00.000Z' });
    const outcome = await refreshContribution('P1', m.ports());
    expect(outcome.alerts.map((a) => a.clock)).toEqual(['reception_late']);
    expect(m.counters(unitMonth(), '-')).toMatchObject({ dossiers: 1, received: 0, onlineSubmitted: 1, slowReception: 1 });
    expect(m.contributions.get('P1')).toMatchObject({ risks: ['slow_reception'], syncLate: false });
    expect(m.unitNames.size).toBe(0);

    m.putSnapshot('P1', sampleDossier({ channel: 'online', submittedAt: '2026-11-20T09:00:00+07:00', receivedAt: '2026-11-24T08:00:00+07:00' }), 1, { ackedAt: m.now.toISOString() });
    await refreshContribution('P1', m.ports());
    expect(m.counters(unitMonth(), unit)).toMatchObject({ dossiers: 1, received: 1, onlineSubmitted: 1, slowReception: 1 });
    expect(m.counters(unitMonth(), '-')).toMatchObject({ dossiers: 0, slowReception: 0 });
    expect(m.unitNames.get(online.handlingUnit.name)).toBe(unit);
  });

  it('a dossier counts once however often its snapshot is redelivered, and a new version replaces its contribution', async () => {
    const m = new InsightMemory();
    m.putSnapshot('D1', sampleDossier({ procedure: { code: proc3days, name: 'x', field: { code: 'HT', name: 'h' } } }), 1);
    for (let i = 0; i < 3; i++) await refreshContribution('D1', m.ports());
    expect(m.counters(unitMonth(), unit)).toMatchObject({ dossiers: 1, received: 1, onTime: 1, overdue: 0 });

    // Version 2: finished two days after its due date → overdue replaces on time.
    m.now = new Date('2026-11-28T09:00:00+07:00');
    m.putSnapshot('D1', sampleDossier({ status: 'done', finishedAt: '2026-11-27T10:00:00+07:00' }), 2);
    await refreshContribution('D1', m.ports());
    await refreshContribution('D1', m.ports());
    expect(m.counters(unitMonth(), unit)).toMatchObject({ dossiers: 1, received: 1, onTime: 0, overdue: 1, finished: 1 });
    expect([...m.markers.values()].every((s) => s.size === 0)).toBe(true);
  });

  it('a run that crashes anywhere is finished by the next one, never applied twice', async () => {
    const moved = async (crashAt: number | undefined) => {
      const m = new InsightMemory();
      m.putSnapshot('D1', sampleDossier(), 1);
      await refreshContribution('D1', m.ports());
      m.putSnapshot('D1', sampleDossier({ handlingUnit: { code: 'H29.02', name: 'Phường 2' } }), 2);
      m.writes = 0;
      m.failAfter = crashAt;
      return m;
    };
    // Every write of the move is a crash point: the contribution, four counter items (the unit's month and
    // procedure month, old and new; the procedure's month does not move), the side items (the new unit's
    // name), the clear, four markers.
    const whole = await moved(undefined);
    await refreshContribution('D1', whole.ports());
    expect(whole.writes).toBe(11);
    for (let crashAt = 0; crashAt < whole.writes; crashAt++) {
      const m = await moved(crashAt);
      await refreshContribution('D1', m.ports()).catch(() => undefined);
      // A run cut short leaves its operation leased: the next run within the lease backs off…
      const pending = m.contributions.get('D1')?.pendingOp !== undefined;
      if (pending) await expect(refreshContribution('D1', m.ports())).rejects.toMatchObject({ code: 'CONTRIBUTION_CONFLICT' });
      // …and one after it finishes the operation.
      m.now = new Date(m.now.getTime() + 121_000);
      await refreshContribution('D1', m.ports());
      await refreshContribution('D1', m.ports());
      expect(m.counters(unitMonth(), unit).dossiers, `crash after ${crashAt} writes`).toBe(0);
      expect(m.counters(unitMonth(), 'H29.02').dossiers, `crash after ${crashAt} writes`).toBe(1);
      expect([...m.risks.keys()], `crash after ${crashAt} writes`).toEqual([...whole.risks.keys()]);
      expect(m.unitNames.get('Phường 2'), `crash after ${crashAt} writes`).toBe('H29.02');
    }
  });

  it('writes only what changed: an acknowledgement that settles the sync clock is one write; an unchanged risk entry is not rewritten', async () => {
    const m = new InsightMemory();
    const unpaid = () => sampleDossier({ fees: [{ code: 'F', name: 'f', amount: 20_000, kind: 'fee' }], project06: { vneidVerified: true, paidOnline: false, digitised: false } });
    m.putSnapshot('D1', unpaid(), 1);
    await refreshContribution('D1', m.ports());
    expect(m.risks.get(`${unit}|D1`)?.reasons).toEqual(['not_paid_online']);
    const before = m.contributions.get('D1')!;
    // The portal acknowledges the same version in time: no counter moves, the risk entry stays.
    m.now = new Date(m.now.getTime() + 60_000);
    m.putSnapshot('D1', unpaid(), 1, { ackedAt: m.now.toISOString() });
    m.writes = 0;
    m.risks.delete(`${unit}|D1`); // would come back if the run rewrote it
    const outcome = await refreshContribution('D1', m.ports());
    expect(outcome).toMatchObject({ outcome: 'replaced', bucketWrites: 0 });
    expect(m.writes).toBe(1);
    const after = m.contributions.get('D1')!;
    expect(after.rev).toBe(before.rev + 1);
    expect(after.nextCheckAt).not.toBe(before.nextCheckAt);
    expect(after.pendingOp).toBeUndefined();
    expect(m.risks.has(`${unit}|D1`)).toBe(false);
    // Paid online: the counters move and the risk entry goes.
    m.putSnapshot('D1', sampleDossier({ fees: [{ code: 'F', name: 'f', amount: 20_000, kind: 'fee' }], project06: { vneidVerified: true, paidOnline: true, digitised: false } }), 2, { ackedAt: m.now.toISOString() });
    await refreshContribution('D1', m.ports());
    expect(m.counters(unitMonth(), unit)).toMatchObject({ dossiers: 1, feeBearing: 1, paidOnline: 1 });
  });

  it('the buckets equal the sum of the latest contributions, whatever the order of updates (property)', async () => {
    const snapshot = fc.record({
      code: fc.constantFrom('A', 'B', 'C'),
      unit: fc.constantFrom('U1', 'U2'),
      channel: fc.constantFrom('online' as const, 'in_person' as const),
      vneid: fc.boolean(),
      fee: fc.constantFrom(0, 20_000),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(snapshot, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(2), { maxLength: 12 }), async (updates, redeliveries) => {
        const m = new InsightMemory();
        const versions = new Map<string, number>();
        for (const [i, u] of updates.entries()) {
          const version = (versions.get(u.code) ?? 0) + 1;
          versions.set(u.code, version);
          m.putSnapshot(
            u.code,
            sampleDossier({
              channel: u.channel,
              handlingUnit: { code: u.unit, name: u.unit },
              fees: [{ code: 'F', name: 'f', amount: u.fee, kind: 'fee' }],
              project06: { vneidVerified: u.vneid, paidOnline: false, digitised: false },
            }),
            version,
          );
          for (let r = 0; r <= (redeliveries[i] ?? 0); r++) await refreshContribution(u.code, m.ports());
        }
        const total = addCounters(addCounters(zeroCounters(), m.counters(unitMonth(), 'U1')), m.counters(unitMonth(), 'U2'));
        const latest = [...versions.keys()].map((code) => updates.filter((u) => u.code === code).at(-1)!);
        expect(total.dossiers).toBe(latest.length);
        expect(total.onlineSubmitted).toBe(latest.filter((u) => u.channel === 'online').length);
        expect(total.populationData).toBe(latest.filter((u) => u.vneid).length);
        expect(total.feeBearing).toBe(latest.filter((u) => u.fee > 0).length);
      }),
      { numRuns: 60 },
    );
  });

  it('concurrent runs on one dossier never count it twice (the seed on the twin found this race)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('H29.A', 'H29.B'), { minLength: 1, maxLength: 6 }), fc.integer({ min: 2, max: 6 }), fc.integer(), async (units, parallel, seed) => {
        const m = new InsightMemory();
        let state = seed >>> 0;
        m.jitter = () => ((state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);
        for (const [i, u] of units.entries()) {
          m.putSnapshot('D1', sampleDossier({ handlingUnit: { code: u, name: u } }), i + 1);
          await Promise.allSettled(Array.from({ length: parallel }, () => refreshContribution('D1', m.ports())));
        }
        m.now = new Date(m.now.getTime() + 121_000);
        await refreshContribution('D1', m.ports());
        const total = m.counters(unitMonth(), 'H29.A').dossiers + m.counters(unitMonth(), 'H29.B').dossiers;
        expect(total).toBe(1);
        expect(m.counters(unitMonth(), units.at(-1)!).dossiers).toBe(1);
      }),
      { numRuns: 100 },
    );
  });

  it('raises dossier.due_soon once per dossier and due date, then dossier.overdue with the apology reminder', async () => {
    const m = new InsightMemory();
    m.now = new Date('2026-11-24T09:00:00+07:00');
    m.putSnapshot('D9', sampleDossier({ status: 'processing', receivedAt: '2026-11-23T09:00:00+07:00', dueAt: '2026-11-24T16:00:00+07:00' }), 1, {
      ackedAt: m.now.toISOString(),
    });
    await refreshContribution('D9', m.ports());
    await refreshContribution('D9', m.ports());
    expect([...m.events.values()].map((e) => e.type)).toEqual(['dossier.due_soon']);
    expect(m.queued).toHaveLength(1);
    // The sparse index's next check is the first minute after the due minute.
    expect(m.contributions.get('D9')?.nextCheckAt).toBe(new Date('2026-11-24T16:01:00+07:00').toISOString());

    m.now = new Date('2026-11-24T16:02:00+07:00');
    await refreshContribution('D9', m.ports());
    await refreshContribution('D9', m.ports());
    const overdue = [...m.events.values()].filter((e) => e.type === 'dossier.overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]?.payload).toMatchObject({ data: { apologyRequired: true } });
    expect(m.counters(unitMonth(), unit)).toMatchObject({ overdue: 1, onTime: 0 });
    expect(m.contributions.get('D9')?.nextCheckAt).toBeNull();
  });

  it('an online dossier unreceived for more than a working day raises reception_late and is listed at risk', async () => {
    const m = new InsightMemory();
    m.now = new Date('2026-11-25T10:00:00+07:00');
    m.putSnapshot('D5', sampleDossier({ status: 'submitted', receivedAt: undefined, dueAt: undefined, submittedAt: '2026-11-24T08:00:00+07:00' }), 1);
    await refreshContribution('D5', m.ports());
    expect([...m.events.values()].map((e) => e.type)).toEqual(['dossier.reception_late']);
    expect(m.counters(unitMonth(), unit).slowReception).toBe(1);
    expect(m.risks.get(`${unit}|D5`)?.reasons).toContain('slow_reception');
  });
});

describe('points at risk', () => {
  it('orders dossiers by points at stake, from the unit card', async () => {
    const m = new InsightMemory();
    m.now = new Date('2026-11-28T09:00:00+07:00');
    m.putSnapshot('LATE', sampleDossier({ status: 'done', finishedAt: '2026-11-27T10:00:00+07:00' }), 1, { ackedAt: m.now.toISOString() });
    m.putSnapshot('UNPAID', sampleDossier({ fees: [{ code: 'F', name: 'f', amount: 50_000, kind: 'fee' }], dueAt: '2026-12-20T17:00:00+07:00' }), 1, { ackedAt: m.now.toISOString() });
    m.putSnapshot('FINE', sampleDossier({ dueAt: '2026-12-20T17:00:00+07:00' }), 1, { ackedAt: m.now.toISOString() });
    for (const code of ['LATE', 'UNPAID', 'FINE']) await refreshContribution(code, m.ports());
    const card = await unitScorecard(unit, parsePeriod('2026-11')!, { readCounterRows: async (pk) => m.rows(pk), config: m.config });
    expect(card.counters.received).toBe(3);
    const list = pointsAtRisk([...m.risks.values()], card, m.config);
    expect(list.map((d) => d.dossierCode)).toEqual(['LATE', 'UNPAID']);
    // Overdue: 20/3 (progress) + 6/(3 × 0.9) (satisfaction), and no e-result for a paper result: 6/1; unpaid: 6/1.
    expect(list[0]?.reasons.map((r) => r.reason)).toEqual(['overdue', 'no_e_result']);
    expect(list[0]?.pointsAtStake).toBeCloseTo(20 / 3 + 6 / 2.7 + 6, 2);
    expect(list[1]?.pointsAtStake).toBeCloseTo(6, 2);
  });
});

describe('closed months kept as published', () => {
  it('freezes a month at its end + grace, keeps its published figures, and records late corrections as adjustments', async () => {
    const { freezeClosedMonths, freezesAt } = await import('../../../functions/core/insight/freeze');
    expect(new Date(freezesAt('2026-12', 10)).toISOString()).toBe('2027-01-10T17:00:00.000Z');
    const m = new InsightMemory();
    m.now = new Date('2026-10-20T09:00:00+07:00');
    const october = { receivedAt: '2026-10-19T08:00:00+07:00', submittedAt: '2026-10-19T08:00:00+07:00', dueAt: '2026-10-22T17:00:00+07:00' };
    m.putSnapshot('OCT-1', sampleDossier({ ...october, status: 'done', finishedAt: '2026-10-21T10:00:00+07:00' }), 1, { ackedAt: m.now.toISOString() });
    m.putSnapshot('OCT-2', sampleDossier({ ...october, status: 'done', finishedAt: '2026-10-21T10:00:00+07:00' }), 1, { ackedAt: m.now.toISOString() });
    for (const code of ['OCT-1', 'OCT-2']) await refreshContribution(code, m.ports());

    const freezePorts = {
      frozenAt: async (month: string) => m.frozen.get(month),
      readCounterRows: async (pk: string) => m.rows(pk),
      putFrozenRows: async (pk: string, rows: readonly { key: string; counters: Record<string, number> }[]) => {
        for (const row of rows) m.buckets.set(`FROZEN#${pk}|${row.key}`, { ...row.counters });
      },
      markFrozen: async (month: string, at: string) => void m.frozen.set(month, at),
    };
    // Before the grace has passed: October stays open (earlier closed months freeze, empty).
    expect(await freezeClosedMonths(freezePorts, new Date('2026-11-05T00:00:00+07:00'), 10)).toEqual(['2026-08', '2026-09']);
    expect(await freezeClosedMonths(freezePorts, new Date('2026-11-12T00:00:00+07:00'), 10)).toEqual(['2026-10']);
    expect(await freezeClosedMonths(freezePorts, new Date('2026-11-13T00:00:00+07:00'), 10)).toEqual([]);

    // A late correction: OCT-2 finished after all, after its due date (the city fixed its data in November).
    m.now = new Date('2026-11-24T09:00:00+07:00');
    m.putSnapshot('OCT-2', sampleDossier({ ...october, status: 'done', finishedAt: '2026-10-27T10:00:00+07:00' }), 2, { ackedAt: m.now.toISOString() });
    await refreshContribution('OCT-2', m.ports());
    expect([...m.adjustments.values()]).toEqual([
      expect.objectContaining({ month: '2026-10', dossierCode: 'OCT-2', unitKey: unit, delta: { onTime: -1, overdue: 1, dissatisfied: 1 } }),
    ]);

    const readPorts = {
      readCounterRows: async (pk: string) => m.rows(pk),
      config: m.config,
      frozenAt: async (month: string) => m.frozen.get(month),
      frozenPk: (pk: string) => `FROZEN#${pk}`,
      readAdjustments: async (month: string) => [...m.adjustments.values()].filter((a) => a.month === month),
    };
    const card = await unitScorecard(unit, parsePeriod('2026-10')!, readPorts);
    expect(card.counters).toMatchObject({ received: 2, onTime: 2, overdue: 0 });
    expect(card.publication).toMatchObject({ status: 'frozen', frozenMonths: [{ month: '2026-10' }], adjustments: { counters: { onTime: -1, overdue: 1 }, dossiers: ['OCT-2'] } });
    expect(card.publication!.adjustments.score).toBeLessThan(0);
    const quarter = await unitScorecard(unit, parsePeriod('2026-Q4')!, readPorts);
    expect(quarter.publication?.status).toBe('partly_frozen');
    const open = await unitScorecard(unit, parsePeriod('2026-11')!, readPorts);
    expect(open.publication).toMatchObject({ status: 'live', frozenMonths: [] });
  });
});

describe('reconciliation', () => {
  const memory = new InsightMemory();
  const cardOf = (totals: Partial<Record<string, number>>) =>
    scorecardOf(
      { scope: { kind: 'unit', code: 'U1' }, period: { kind: 'month', label: '2026-11', months: ['2026-11'] }, totals: addCounters(zeroCounters(), totals), procedures: [] },
      memory.config,
    );
  const risk = (dossierCode: string, reasons: ('sync_late' | 'not_paid_online' | 'overdue')[]) => ({ unitKey: 'U1', dossierCode, month: '2026-11', procedureCode: 'p', reasons, dueAt: null });

  it('matches units by name and compares every published indicator, with the dossiers that explain each difference', async () => {
    const { reconcile } = await import('../../../functions/core/insight/reconciliation');
    const card = cardOf({ received: 10, onTime: 8, overdue: 2, dueAtDisagreements: 1, syncedOnTime: 9, feeBearing: 4, paidOnline: 2 });
    const rows = reconcile(
      [{ unitKey: 'U1', unitName: 'Phường 1', card }],
      new Map([
        [
          'dvc-progress-tree',
          [
            { departmentId: 'Phường 1', departmentName: 'Phường 1', totalReceived: 7, totalOnTime: 7, totalOverdue: 0, scoreProgress: 20 },
            { departmentId: 'Phường 9', departmentName: 'Phường 9', totalReceived: 3, totalOnTime: 3, totalOverdue: 0, scoreProgress: 20 },
          ],
        ],
        ['formality-online-payment-tree', [{ departmentId: 'Phường 1', departmentName: 'Phường 1', totalFeeBearing: 4, totalPaidOnline: 1, scoreOnlinePayment: 4 }]],
      ]),
      new Map([['U1', [risk('LATE-1', ['sync_late']), risk('CASH-1', ['not_paid_online'])]]]),
      memory.config,
    );
    const u1 = rows.find((r) => r.unitKey === 'U1')!;
    expect(u1.shadow?.progressScore).toBe(16);
    expect(u1.official?.progressScore).toBe(20);
    expect(u1.difference).toEqual({ received: -3, onTime: -1, progressScore: 4 });
    expect(u1.explanations[0]).toMatch(/^3 received dossiers not on the portal/);
    expect(u1.explanations[1]).toMatch(/^1 dossiers whose city due date differs/);
    expect(u1.dossiers).toEqual(['LATE-1']);

    const byId = new Map(u1.indicators.map((i) => [i.id, i]));
    expect([...byId.keys()]).toEqual(['1.4', '2.1', '3.3', '3.6', '4.1', '4.2', '4.4', '4.6', '5.4']);
    expect(byId.get('2.1')).toMatchObject({ shadow: { numerator: 8, denominator: 10, score: 16 }, official: { numerator: 7, denominator: 7, score: 20 }, difference: { numerator: -1, denominator: -3, score: 4 } });
    expect(byId.get('2.1')!.dossiers).toEqual(['LATE-1']);
    // Payment: the shadow counts 2 of 4 paid online, the portal 1 of 4; the cash-paid dossier explains it.
    const payment = byId.get('3.6')!;
    expect(payment.difference).toMatchObject({ numerator: -1, denominator: 0 });
    expect(payment.explanations.join(' ')).toMatch(/the portal counts 1 fewer/);
    expect(payment.dossiers).toEqual(['CASH-1']);
    // An indicator the portal did not publish for the unit says so and has no difference.
    expect(byId.get('4.2')).toMatchObject({ official: null, difference: null, explanations: ['the portal publishes no figure for this unit and indicator'] });
    expect(u1.scoreDifference).toBeCloseTo(4 + (4 - payment.shadow!.score), 2);
    expect(rows.find((r) => r.unitName === 'Phường 9')).toMatchObject({ unitKey: null, shadow: null });
  });
});
