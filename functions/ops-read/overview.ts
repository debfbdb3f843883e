import type { OpsOverview, overviewParts } from '../../contracts/api/ops';
import { opsPartners, opsQueues } from '../../contracts/api/ops';
import { errorCodeOf } from '../core/error-code';
import { loggableError } from '../observability/loggable-error';
import { logger } from '../observability/logger';
import { emitMetric } from '../observability/metrics';
import { ledgerActivity } from '../adapters/ops/ledger-activity';
import { parkedCityEvents } from '../adapters/events/parked-events';
import { readPartnerHealth } from '../adapters/partners/partner-health-store';
import type { GatedPartner } from '../core/partners/partner-health';
import { gatedPartners } from '../core/partners/partner-health';
import { laggingDossiers, undeliveredEvents } from '../adapters/ops/ops-store';
import { peekDeadLetters, queueCounts } from '../adapters/ops/queue-operations';
import { readTrendSamples } from '../adapters/ops/trend-store';
import { partnerFigures, unknownFigures } from '../core/ops/partner-health';
import { stuckCounts } from './stuck-work';

const day = 24 * 3600_000;

type Part = (typeof overviewParts)[number];
type Gap = OpsOverview['unavailable'][number];

/**
 * Partner health from the last day of ledger records, queue figures from SQS and the stores, the
 * stuck trend. Each part is read on its own: a store that cannot be read (the ledger table gone,
 * a grant missing) costs the operator that part, marked in `unavailable`, never the whole page —
 * the overview is what they open when something is wrong. Each gap is logged at ERROR and counted
 * (OverviewPartsUnavailable, alarmed), so a degraded answer is never silent.
 */
export async function overview(now = new Date()): Promise<OpsOverview> {
  const since = new Date(now.getTime() - day).toISOString();
  const gaps: Gap[] = [];
  const partial = async <T>(part: Part, source: string, read: () => Promise<T>, fallback: (errorCode: string) => T): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      const errorCode = errorCodeOf(error);
      if (!gaps.some((g) => g.part === part && g.source === source && g.errorCode === errorCode)) {
        gaps.push({ part, source, errorCode });
        logger.error('ops overview part unavailable', { part, source, errorCode, error: loggableError(error) });
        emitMetric('overviewPartsUnavailable', { part });
      }
      return fallback(errorCode);
    }
  };
  const [partners, queues, stuck, samples] = await Promise.all([
    Promise.all(
      opsPartners.map(async (partner) => ({
        partner,
        ...(await partial('partner-health', 'ledger', () => figuresOf(partner, now), (code) => unknownFigures(`the ledger could not be read (${code})`))),
        ...(await partial('partner-recovery', 'partnerHealth', () => recoveryState(partner), () => ({ parked: null, pacePerSecond: null }))),
      })),
    ),
    partial('queues', 'SQS', () => Promise.all(opsQueues.map((queue) => queueHealth(queue, now))), () => []),
    partial('stuck', 'stores', () => stuckCounts(now), () => null),
    partial('trend', 'opsStats', () => readTrendSamples(since), () => []),
  ]);
  return {
    generatedAt: now.toISOString(),
    partners,
    queues,
    stuck,
    trend: stuck ? [...samples, { at: now.toISOString(), counts: stuck }] : samples,
    unavailable: gaps,
  };
}

/**
 * The last hour of the partner's ledger records gives the rates and latencies; only when it holds
 * no success does the day before it get read, to say when the last one was.
 */
async function figuresOf(partner: (typeof opsPartners)[number], now: Date) {
  const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
  const lastHour = await ledgerActivity(partner, hourAgo, now);
  if (lastHour.some((r) => r.outcome === 'ok')) return partnerFigures(lastHour, now);
  const dayBefore = await ledgerActivity(partner, new Date(now.getTime() - day).toISOString(), new Date(hourAgo));
  const lastSuccess = dayBefore.filter((r) => r.outcome === 'ok').map((r) => r.at).sort().at(-1) ?? null;
  return partnerFigures(lastHour, now, lastSuccess);
}

/**
 * What partner recovery holds for the partners it gates: `parked` while marked down (with the
 * work held back: the portal's lagging dossiers, the city's parked events), and the pace when
 * it is below the ceiling (null: not slowed). Identity and payment are not gated.
 */
async function recoveryState(partner: (typeof opsPartners)[number]): Promise<{ state?: 'parked'; parked: number | null; pacePerSecond: number | null }> {
  if (!(gatedPartners as readonly string[]).includes(partner)) return { parked: null, pacePerSecond: null };
  const health = await readPartnerHealth(partner as GatedPartner);
  const down = health.state === 'down';
  const parked = !down ? 0 : partner === 'portal' ? (await laggingDossiers(now(), 10_000)).items.length : await countParkedCityEvents();
  return { ...(down ? { state: 'parked' as const } : {}), parked, pacePerSecond: health.pacePerSecond ?? null };
}

const now = () => new Date().toISOString();

async function countParkedCityEvents(): Promise<number> {
  let count = 0;
  for await (const page of parkedCityEvents()) count += page.length;
  return count;
}

async function queueHealth(queue: (typeof opsQueues)[number], now: Date) {
  const [main, dead, oldest, letters] = await Promise.all([queueCounts(queue, 'main'), queueCounts(queue, 'deadLetter'), oldestWork(queue, now), peekDeadLetters(queue, 10)]);
  const oldestLetter = letters.map((l) => l.sentAt).filter((t): t is string => t !== undefined).sort()[0];
  return {
    queue,
    depth: main.visible + main.inFlight + main.delayed,
    ...main,
    oldestAgeSeconds: oldest ? Math.round((now.getTime() - Date.parse(oldest)) / 1000) : null,
    deadLetterDepth: dead.visible + dead.inFlight + dead.delayed,
    deadLetterOldestAgeSeconds: oldestLetter ? Math.round((now.getTime() - Date.parse(oldestLetter)) / 1000) : null,
  };
}

/**
 * The age that matters to an operator is how long the oldest piece of work has waited, not how
 * old the current SQS message is (a re-nudge or a backoff re-sends it): the oldest lagging dossier
 * for the portal queue, the oldest undelivered event for the city queue.
 */
async function oldestWork(queue: (typeof opsQueues)[number], now: Date): Promise<string | undefined> {
  if (queue === 'portalSync') return (await laggingDossiers(now.toISOString(), 1)).items[0]?.pendingSince;
  return (await undeliveredEvents(500)).items[0]?.receivedAt;
}
