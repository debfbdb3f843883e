import { describe, expect, it } from 'vitest';
import type { PartnerGatePorts } from '../../functions/core/partners/partner-gate';
import { PartnerGate } from '../../functions/core/partners/partner-gate';
import type { PartnerHealth, RecoverySettings } from '../../functions/core/partners/partner-health';
import { containerPace, grownPace, halvedPace, healthyPartner, outageExplains, paceMayBeCut, paceMayGrow } from '../../functions/core/partners/partner-health';
import { watchPartners } from '../../functions/core/partners/partner-watch';

const settings: RecoverySettings = {
  downAfterFailures: 3,
  probeIntervalSeconds: 20,
  paceCeilingPerSecond: 10,
  paceFloorPerSecond: 0.5,
  paceGrowEverySeconds: 10,
  paceCutCooldownSeconds: 2,
  containers: 2,
  cacheMs: 1000,
};

/** The shared record, kept in memory with the same conditional transitions as the DynamoDB adapter. */
function sharedRecord(start: Partial<PartnerHealth> = {}) {
  let record: PartnerHealth = { ...healthyPartner('city'), ...start };
  const calls = { writes: 0, ticks: [] as number[], reads: 0 };
  const write = (change: Partial<PartnerHealth>) => {
    calls.writes++;
    record = { ...record, ...change };
    return true;
  };
  let clock = Date.parse('2026-11-30T00:00:00Z');
  const ports: PartnerGatePorts = {
    read: async () => {
      calls.reads++;
      return record;
    },
    recordUnavailable: async () => (write({ failureStreak: record.failureStreak + 1 }), record.failureStreak),
    resetFailureStreak: async () => void (record.failureStreak > 0 && record.state !== 'down' && write({ failureStreak: 0 })),
    declareDown: async (at, nextProbeAt) => record.state !== 'down' && write({ state: 'down', downSince: at, nextProbeAt }),
    claimProbe: async (at, nextProbeAt) =>
      record.state === 'down' && Date.parse(record.nextProbeAt!) <= Date.parse(at) && write({ nextProbeAt, probes: (record.probes ?? 0) + 1 }),
    declareUp: async (at) => record.state === 'down' && write({ state: 'up', upSince: at, failureStreak: 0, releasePending: true }),
    finishRelease: async (at, released) => void write({ releasePending: false, releasedAt: at, released }),
    changePace: async (from, to, at, kind) =>
      record.pacePerSecond === from && write({ pacePerSecond: to, paceChangedAt: at, paceCuts: (record.paceCuts ?? 0) + (kind === 'cut' ? 1 : 0) }),
    scheduleProbe: async (delay) => void calls.ticks.push(delay),
    settings,
    now: () => new Date(clock),
    sleep: async (ms) => void (clock += ms),
  };
  return { ports, calls, record: () => record, advance: (ms: number) => (clock += ms), now: () => clock };
}

describe('pace rules (AIMD)', () => {
  it('halves on a 429 down to the floor, grows back by a tenth of the ceiling up to it', () => {
    // Prepare
    const at = (pace: number): PartnerHealth => ({ ...healthyPartner('portal'), pacePerSecond: pace });
    // Act / Assess
    expect(halvedPace(healthyPartner('portal'), settings)).toBe(5);
    expect(halvedPace(at(0.6), settings)).toBe(0.5);
    expect(grownPace(at(5), settings)).toBe(6);
    expect(grownPace(at(9.5), settings)).toBe(10);
    expect(containerPace(at(8), settings)).toBe(4);
  });

  it('cuts at most once per cooldown and grows at most once per interval', () => {
    const now = new Date('2026-11-30T00:00:10Z');
    const changed = (secondsAgo: number): PartnerHealth => ({ ...healthyPartner('portal'), pacePerSecond: 5, paceChangedAt: new Date(now.getTime() - secondsAgo * 1000).toISOString() });
    expect(paceMayBeCut(changed(1), settings, now)).toBe(false);
    expect(paceMayBeCut(changed(3), settings, now)).toBe(true);
    expect(paceMayGrow(changed(5), settings, now)).toBe(false);
    expect(paceMayGrow(changed(11), settings, now)).toBe(true);
    expect(paceMayGrow(healthyPartner('portal'), settings, now)).toBe(false);
  });

  it('waives a backoff the outage explains: failed before the partner came back, or while it is down', () => {
    const up: PartnerHealth = { ...healthyPartner('portal'), upSince: '2026-11-30T01:00:00Z' };
    expect(outageExplains(up, '2026-11-30T00:59:00Z')).toBe(true);
    expect(outageExplains(up, '2026-11-30T01:01:00Z')).toBe(false);
    expect(outageExplains({ ...up, state: 'down' }, '2026-11-30T01:01:00Z')).toBe(true);
    expect(outageExplains(healthyPartner('portal'), '2026-11-30T01:01:00Z')).toBe(false);
  });
});

describe('PartnerGate', () => {
  const unavailable = () => 'unavailable' as const;
  const answered = () => 'answered' as const;

  it('marks the partner down at the threshold and starts one probe tick, then parks', async () => {
    // Prepare
    const shared = sharedRecord();
    const gate = new PartnerGate('city', shared.ports);
    const failing = gate.guard(async () => 'no answer', unavailable);
    // Act
    for (let i = 0; i < 3; i++) await failing();
    // Assess
    expect(shared.record()).toMatchObject({ state: 'down', failureStreak: 3 });
    expect(shared.calls.ticks).toEqual([20]);
    expect(await gate.admits()).toBe(false);
  });

  it('an answer ends a streak, so scattered failures never mark the partner down', async () => {
    const shared = sharedRecord();
    const gate = new PartnerGate('city', shared.ports);
    const failing = gate.guard(async () => 'no answer', unavailable);
    const working = gate.guard(async () => 'ok', answered);
    for (let i = 0; i < 5; i++) {
      await failing();
      await failing();
      await working();
    }
    expect(shared.record()).toMatchObject({ state: 'up', failureStreak: 0 });
    expect(shared.calls.ticks).toEqual([]);
  });

  it('writes nothing for a call that succeeds on a healthy partner at its ceiling', async () => {
    const shared = sharedRecord();
    const gate = new PartnerGate('city', shared.ports);
    const working = gate.guard(async () => 'ok', answered);
    for (let i = 0; i < 50; i++) await working();
    expect(shared.calls.writes).toBe(0);
    // Reads are cached: fifty calls paced at 5/s span ten seconds, about one read per second.
    expect(shared.calls.reads).toBeLessThanOrEqual(11);
  });

  it('paces one container at its share of the shared pace', async () => {
    const shared = sharedRecord({ pacePerSecond: 4 });
    const gate = new PartnerGate('city', shared.ports);
    const started = shared.now();
    for (let i = 0; i < 11; i++) await gate.pace();
    // Two containers share 4/s: 2/s here, so ten intervals of 500 ms after the first call.
    expect(shared.now() - started).toBe(5000);
  });

  it('halves the shared pace once for a burst of 429s', async () => {
    const shared = sharedRecord();
    const gate = new PartnerGate('city', shared.ports);
    const throttled = gate.guard(async () => 429, () => 'throttled' as const);
    for (let i = 0; i < 5; i++) await throttled();
    expect(shared.record()).toMatchObject({ pacePerSecond: 5, paceCuts: 1 });
  });

  it('a probe tick: one prober per interval; a failed probe schedules the next tick', async () => {
    // Prepare: down, with the next probe due now.
    const shared = sharedRecord({ state: 'down', nextProbeAt: '2026-11-30T00:00:00Z' });
    const gate = new PartnerGate('city', shared.ports);
    const failing = gate.guard(async () => 'no answer', unavailable);
    let released = 0;
    // Act: two ticks at once (a duplicate delivery), the partner still down.
    const results = await Promise.all([0, 1].map(() => gate.onProbeTick(async () => (await failing(), true), async () => ++released)));
    // Assess
    expect(results.sort()).toEqual(['not-due', 'still-down']);
    expect(shared.record()).toMatchObject({ state: 'down', probes: 1 });
    expect(shared.calls.ticks).toEqual([20]);
    expect(released).toBe(0);
  });

  it('a probe the partner answers marks it up and releases the parked work once', async () => {
    const shared = sharedRecord({ state: 'down', nextProbeAt: '2026-11-30T00:00:00Z', failureStreak: 4 });
    const gate = new PartnerGate('city', shared.ports);
    const working = gate.guard(async () => 'ok', answered);
    const result = await gate.onProbeTick(async () => (await working(), true), async () => 7);
    expect(result).toBe('recovered');
    expect(shared.record()).toMatchObject({ state: 'up', failureStreak: 0, releasePending: false, released: 7 });
    expect(await gate.admits()).toBe(true);
  });

  it('a probe whose item makes no call (already synced, leased) tries another item', async () => {
    const shared = sharedRecord({ state: 'down', nextProbeAt: '2026-11-30T00:00:00Z' });
    const gate = new PartnerGate('city', shared.ports);
    const working = gate.guard(async () => 'ok', answered);
    let tried = 0;
    const result = await gate.onProbeTick(async () => {
      tried++;
      if (tried === 2) await working();
      return true;
    }, async () => 0);
    expect(tried).toBe(2);
    expect(result).toBe('recovered');
  });

  it('a cached "down" is confirmed before parking: a partner that came back admits work', async () => {
    const shared = sharedRecord({ state: 'down', nextProbeAt: '2026-11-30T00:00:00Z' });
    const gate = new PartnerGate('city', shared.ports);
    expect(await gate.admits()).toBe(false);
    await shared.ports.declareUp(new Date(shared.now()).toISOString());
    expect(await gate.admits()).toBe(true);
  });
});

describe('watchPartners', () => {
  const now = new Date('2026-11-30T01:00:00Z');
  const run = async (health: PartnerHealth, parked = false) => {
    const ticks: string[] = [];
    const released: string[] = [];
    const actions = await watchPartners({
      partners: ['city'],
      read: async () => health,
      probeIntervalSeconds: 20,
      sendProbeTick: async (p) => void ticks.push(p),
      release: async (p) => (released.push(p), 3),
      hasParked: async () => parked,
      finishRelease: async () => undefined,
      releaseGraceSeconds: 120,
      now: () => now,
    });
    return { actions, ticks, released };
  };

  it('restarts a probe overdue by two intervals, and leaves a punctual one alone', async () => {
    const overdue = await run({ ...healthyPartner('city'), state: 'down', nextProbeAt: '2026-11-30T00:59:00Z' });
    expect(overdue).toMatchObject({ actions: { city: 'probe-restarted' }, ticks: ['city'] });
    const punctual = await run({ ...healthyPartner('city'), state: 'down', nextProbeAt: '2026-11-30T00:59:50Z' });
    expect(punctual).toMatchObject({ actions: { city: 'none' }, ticks: [] });
  });

  it('finishes a release left pending past its grace, and one for an item parked after the release', async () => {
    const stale = await run({ ...healthyPartner('city'), releasePending: true, upSince: '2026-11-30T00:50:00Z' });
    expect(stale).toMatchObject({ actions: { city: 'release-finished' }, released: ['city'] });
    const fresh = await run({ ...healthyPartner('city'), releasePending: true, upSince: '2026-11-30T00:59:30Z' });
    expect(fresh.released).toEqual([]);
    const leftover = await run(healthyPartner('city'), true);
    expect(leftover.released).toEqual(['city']);
  });
});
