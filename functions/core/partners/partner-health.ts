/**
 * Partner health and pace (DESIGN.md §6, issue 10): one record per partner, shared by every
 * container, so an outage is discovered once and not once per message, and the drain after it
 * runs at a pace every container honours. Pure rules here; the record lives in DynamoDB
 * (adapters/partners/partner-health-store.ts) and the gate (core/partners/partner-gate.ts) applies them.
 */

/** The partners whose workers park work during an outage. */
export type GatedPartner = 'portal' | 'city';
export const gatedPartners: readonly GatedPartner[] = ['portal', 'city'];

export interface PartnerHealth {
  readonly partner: GatedPartner;
  readonly state: 'up' | 'down';
  /** Consecutive calls that found the partner unavailable (no answer, 5xx) since its last answer. */
  readonly failureStreak: number;
  readonly downSince?: string;
  readonly upSince?: string;
  /** While down: when the next probe is due. The write that moves it picks the one prober. */
  readonly nextProbeAt?: string;
  readonly probes?: number;
  /** Calls per second all containers together may make; absent means the ceiling. */
  readonly pacePerSecond?: number;
  readonly paceChangedAt?: string;
  readonly paceCuts?: number;
  /** Set when the partner came back; cleared when every parked item has been queued again. */
  readonly releasePending?: boolean;
  readonly releasedAt?: string;
  readonly released?: number;
  /** Every write to the record adds one: the bench counts them against partner calls. */
  readonly writes?: number;
}

export interface RecoverySettings {
  /** Consecutive unavailable calls, with no answer in between, that mark the partner down. */
  readonly downAfterFailures: number;
  readonly probeIntervalSeconds: number;
  readonly paceCeilingPerSecond: number;
  readonly paceFloorPerSecond: number;
  /** The pace grows by a tenth of the ceiling at most this often (additive increase). */
  readonly paceGrowEverySeconds: number;
  /** 429s arriving together are one signal: the pace halves at most once per this window. */
  readonly paceCutCooldownSeconds: number;
  /** How many containers share the pace: the event source mapping's maximum concurrency. */
  readonly containers: number;
  /** How long a container trusts its copy of the record. */
  readonly cacheMs: number;
}

/** How one partner call ended, as far as the partner's health is concerned. */
export type CallOutcome = 'answered' | 'unavailable' | 'throttled';

export const healthyPartner = (partner: GatedPartner): PartnerHealth => ({ partner, state: 'up', failureStreak: 0 });

export function currentPace(health: PartnerHealth, settings: RecoverySettings): number {
  return Math.min(settings.paceCeilingPerSecond, Math.max(settings.paceFloorPerSecond, health.pacePerSecond ?? settings.paceCeilingPerSecond));
}

/** Multiplicative decrease: a 429 says the pace was too high. */
export function halvedPace(health: PartnerHealth, settings: RecoverySettings): number {
  return Math.max(settings.paceFloorPerSecond, currentPace(health, settings) / 2);
}

/** Additive increase back towards the ceiling, a tenth of it at a time. */
export function grownPace(health: PartnerHealth, settings: RecoverySettings): number {
  return Math.min(settings.paceCeilingPerSecond, currentPace(health, settings) + settings.paceCeilingPerSecond / 10);
}

const since = (iso: string | undefined, now: Date) => (iso === undefined ? Number.POSITIVE_INFINITY : (now.getTime() - Date.parse(iso)) / 1000);

export function paceMayGrow(health: PartnerHealth, settings: RecoverySettings, now: Date): boolean {
  return currentPace(health, settings) < settings.paceCeilingPerSecond && since(health.paceChangedAt, now) >= settings.paceGrowEverySeconds;
}

export function paceMayBeCut(health: PartnerHealth, settings: RecoverySettings, now: Date): boolean {
  return currentPace(health, settings) > settings.paceFloorPerSecond && since(health.paceChangedAt, now) >= settings.paceCutCooldownSeconds;
}

/** One container's share of the partner's pace, in calls per second. */
export function containerPace(health: PartnerHealth, settings: RecoverySettings): number {
  return currentPace(health, settings) / Math.max(1, settings.containers);
}

/**
 * A retry scheduled because of a failure the partner's outage explains is not waited out once the
 * partner is back (or while one probe tests it): the backoff was the outage's, not the item's.
 */
export function outageExplains(health: PartnerHealth, failedAt: string | undefined): boolean {
  if (failedAt === undefined) return false;
  if (health.state === 'down') return true;
  return health.upSince !== undefined && Date.parse(failedAt) < Date.parse(health.upSince);
}
