import type { GatedPartner, PartnerHealth } from './partner-health';

export interface PartnerWatchPorts {
  readonly partners: readonly GatedPartner[];
  readonly read: (partner: GatedPartner) => Promise<PartnerHealth>;
  readonly probeIntervalSeconds: number;
  readonly sendProbeTick: (partner: GatedPartner) => Promise<void>;
  readonly release: (partner: GatedPartner) => Promise<number>;
  /** Whether anything is parked (an item parked just as a release passed it by). */
  readonly hasParked: (partner: GatedPartner) => Promise<boolean>;
  readonly finishRelease: (partner: GatedPartner, at: string, released: number) => Promise<void>;
  /** A release younger than this may still be running in the worker that started it. */
  readonly releaseGraceSeconds: number;
  readonly now: () => Date;
}

export type WatchAction = 'none' | 'probe-restarted' | 'release-finished';

/**
 * The safety net behind the probe ticks and the release: a partner marked down whose probe is
 * overdue by two intervals lost its tick (a failed send, a lost message), so a new one is queued;
 * a release that did not finish (the worker timed out or crashed) is run again (it is idempotent), and so is
 * one for an item parked while the partner is up (parked just as the release passed it by).
 */
export async function watchPartners(ports: PartnerWatchPorts): Promise<Record<GatedPartner, WatchAction>> {
  const actions = {} as Record<GatedPartner, WatchAction>;
  const now = ports.now();
  for (const partner of ports.partners) {
    const health = await ports.read(partner);
    actions[partner] = 'none';
    if (health.state === 'down') {
      const overdueSeconds = health.nextProbeAt ? (now.getTime() - Date.parse(health.nextProbeAt)) / 1000 : Number.POSITIVE_INFINITY;
      if (overdueSeconds > 2 * ports.probeIntervalSeconds) {
        await ports.sendProbeTick(partner);
        actions[partner] = 'probe-restarted';
      }
    } else if (
      (health.releasePending && health.upSince && (now.getTime() - Date.parse(health.upSince)) / 1000 > ports.releaseGraceSeconds) ||
      (!health.releasePending && (await ports.hasParked(partner)))
    ) {
      const released = await ports.release(partner);
      await ports.finishRelease(partner, now.toISOString(), released);
      actions[partner] = 'release-finished';
    }
  }
  return actions;
}
