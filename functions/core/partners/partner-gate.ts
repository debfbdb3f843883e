import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallOutcome, GatedPartner, PartnerHealth, RecoverySettings } from './partner-health';
import { containerPace, grownPace, halvedPace, outageExplains, paceMayBeCut, paceMayGrow } from './partner-health';

export interface PartnerGatePorts {
  readonly read: () => Promise<PartnerHealth>;
  readonly recordUnavailable: (at: string) => Promise<number>;
  readonly resetFailureStreak: (at: string) => Promise<void>;
  readonly declareDown: (at: string, nextProbeAt: string) => Promise<boolean>;
  readonly claimProbe: (at: string, nextProbeAt: string) => Promise<boolean>;
  readonly declareUp: (at: string) => Promise<boolean>;
  readonly finishRelease: (at: string, released: number) => Promise<void>;
  readonly changePace: (from: number | undefined, to: number, at: string, kind: 'cut' | 'grow') => Promise<boolean>;
  /** Queues the next probe tick, delayed by this many seconds. */
  readonly scheduleProbe: (delaySeconds: number) => Promise<void>;
  readonly settings: RecoverySettings;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Where a partner's work waits during an outage, and how it comes back. */
export interface Parking {
  /** Makes the record's work durable outside the queue, so that its message may be deleted. */
  readonly park: (record: { readonly body: string }) => Promise<void>;
  /** The body of one parked item, for a probe; undefined when nothing is parked. */
  readonly oneParked: () => Promise<string | undefined>;
  /** After a probe whose item failed (the partner is still down). */
  readonly probeFailed?: (body: string) => Promise<void>;
  /** Queues every parked item again; returns how many. */
  readonly release: () => Promise<number>;
}

export type ProbeResult = 'partner-up' | 'not-due' | 'recovered' | 'still-down';

/** What the one probe of an interval heard from the partner. */
interface ProbeObservation {
  called: boolean;
  answered: boolean;
}

/** Parked items a probe may try before one reaches the partner (others may be settled or leased). */
const probeItemsPerTick = 3;

/**
 * One container's view of a partner (DESIGN.md §6, partner outages). It
 * - admits work while the partner is up, and tells the worker to park it while it is down;
 * - paces every call at the container's share of the shared pace (a local token bucket: no write
 *   per call), halves the shared pace on a 429 and grows it back slowly (AIMD);
 * - counts unavailable calls into the shared streak and marks the partner down at the threshold
 *   (the one container making that transition starts the probe ticks);
 * - on a probe tick, takes the interval's probe slot (a conditional write), runs one parked item
 *   against the partner and, if the partner answered, marks it up and releases the parked work.
 * Writes happen on transitions, 429s and pace growth only; reads are cached for `cacheMs`.
 */
export class PartnerGate {
  private cached: { health: PartnerHealth; readAt: number } | undefined;
  private nextSlotAt = 0;
  /** This container saw a failure the shared record may still count. */
  private sawFailure = false;
  private readonly probing = new AsyncLocalStorage<ProbeObservation>();

  constructor(
    readonly partner: GatedPartner,
    private readonly ports: PartnerGatePorts,
  ) {}

  get settings(): RecoverySettings {
    return this.ports.settings;
  }

  async health(): Promise<PartnerHealth> {
    const now = this.ports.now().getTime();
    if (this.cached && now - this.cached.readAt < this.ports.settings.cacheMs) return this.cached.health;
    return this.refresh();
  }

  private async refresh(): Promise<PartnerHealth> {
    const health = await this.ports.read();
    this.cached = { health, readAt: this.ports.now().getTime() };
    return health;
  }

  /**
   * False while the partner is down: the caller parks the work instead of trying. A cached "down"
   * is confirmed by a fresh read: parking work the release has already passed would strand it.
   */
  async admits(): Promise<boolean> {
    if ((await this.health()).state !== 'down') return true;
    return (await this.refresh()).state !== 'down';
  }

  /** A fresh look after parking: if the partner came back meanwhile, the caller must not drop its message. */
  async cameBack(): Promise<boolean> {
    return (await this.refresh()).state !== 'down';
  }

  /**
   * Whether a retry scheduled after `failedAt` may be skipped: the failure was the outage's (the
   * partner has come back since), or this is the probe testing whether it is over.
   */
  outageExplains(failedAt: string | undefined): boolean {
    if (this.probing.getStore()) return failedAt !== undefined;
    return this.cached !== undefined && outageExplains(this.cached.health, failedAt);
  }

  /**
   * Wraps a partner call that makes one request: paced, and its outcome (per `classify`) reported
   * to the shared record.
   */
  guard<A extends unknown[], R>(call: (...args: A) => Promise<R>, classify: (result: { value?: R; error?: unknown }) => CallOutcome | undefined) {
    const observed = this.observe(call, classify);
    return async (...args: A): Promise<R> => {
      await this.pace();
      return observed(...args);
    };
  }

  /**
   * Wraps a partner operation that paces its own requests (`pace()` before each: a login, a
   * retry inside the operation): only its outcome is reported. The partner's quota counts
   * requests, so an operation of several requests must take a slot for each.
   */
  observe<A extends unknown[], R>(call: (...args: A) => Promise<R>, classify: (result: { value?: R; error?: unknown }) => CallOutcome | undefined) {
    return async (...args: A): Promise<R> => {
      let value: R | undefined;
      let error: unknown;
      let failed = false;
      try {
        value = await call(...args);
      } catch (caught) {
        error = caught;
        failed = true;
      }
      const outcome = classify(failed ? { error } : { value });
      // Bookkeeping failing must not replace what the partner said.
      if (outcome) await this.report(outcome).catch(() => undefined);
      if (failed) throw error;
      return value as R;
    };
  }

  /** Waits for this container's next slot at its share of the partner's pace. */
  async pace(): Promise<void> {
    const perSecond = containerPace(await this.health(), this.ports.settings);
    const now = this.ports.now().getTime();
    const slot = Math.max(now, this.nextSlotAt);
    this.nextSlotAt = slot + 1000 / perSecond;
    if (slot > now) await this.ports.sleep(slot - now);
  }

  async report(outcome: CallOutcome): Promise<void> {
    const now = this.ports.now();
    const observation = this.probing.getStore();
    if (observation) observation.called = true;
    if (outcome === 'unavailable') {
      // A failed probe only confirms what the record says; the next tick tries again.
      if (observation) return;
      this.sawFailure = true;
      const streak = await this.ports.recordUnavailable(now.toISOString());
      if (streak >= this.ports.settings.downAfterFailures) {
        const interval = this.ports.settings.probeIntervalSeconds;
        const won = await this.ports.declareDown(now.toISOString(), new Date(now.getTime() + interval * 1000).toISOString());
        if (won) await this.ports.scheduleProbe(interval);
        await this.refresh();
      }
      return;
    }
    if (observation) observation.answered = true;
    const health = await this.health();
    if (health.failureStreak > 0 || this.sawFailure) {
      this.sawFailure = false;
      await this.ports.resetFailureStreak(now.toISOString());
    }
    if (outcome === 'throttled') await this.cutPace(now);
    else if (paceMayGrow(health, this.ports.settings, now)) {
      await this.ports.changePace(health.pacePerSecond, grownPace(health, this.ports.settings), now.toISOString(), 'grow');
      await this.refresh();
    }
  }

  private async cutPace(now: Date): Promise<void> {
    // Read fresh: 429s arrive together, and only the first of a burst should halve the pace.
    const health = await this.refresh();
    if (!paceMayBeCut(health, this.ports.settings, now)) return;
    await this.ports.changePace(health.pacePerSecond, halvedPace(health, this.ports.settings), now.toISOString(), 'cut');
    await this.refresh();
  }

  /**
   * Handles a probe tick. `tryOne` runs one parked item through the worker (false when nothing is
   * parked); `release` queues all parked work again and returns how many items it queued.
   */
  async onProbeTick(tryOne: () => Promise<boolean>, release: () => Promise<number>): Promise<ProbeResult> {
    const health = await this.refresh();
    if (health.state !== 'down') return 'partner-up';
    const now = this.ports.now();
    const interval = this.ports.settings.probeIntervalSeconds;
    if (!(await this.ports.claimProbe(now.toISOString(), new Date(now.getTime() + interval * 1000).toISOString()))) return 'not-due';

    const observation: ProbeObservation = { called: false, answered: false };
    let hadWork = true;
    // An item may end without a call (already synced, leased by another worker): try another.
    for (let i = 0; i < probeItemsPerTick && hadWork && !observation.called; i++) {
      try {
        hadWork = await this.probing.run(observation, tryOne);
      } catch {
        // What the partner said is in the observation; the item itself stays parked.
      }
    }
    // Nothing parked: nothing to lose by letting the next message find out.
    if (observation.answered || !hadWork) {
      await this.recover(release);
      return 'recovered';
    }
    await this.ports.scheduleProbe(interval);
    return 'still-down';
  }

  /** Down → up, then (for the one container that made the transition) release the parked work. */
  async recover(release: () => Promise<number>): Promise<void> {
    const won = await this.ports.declareUp(this.ports.now().toISOString());
    await this.refresh();
    if (!won) return;
    const released = await release();
    await this.ports.finishRelease(this.ports.now().toISOString(), released);
  }
}
