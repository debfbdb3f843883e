import type { InsightMessage } from '../../../contracts/messages/insight';

export interface DeadlineSweepPorts {
  /** Codes of dossiers whose check is due in one day bucket (local date), up to `until`. */
  readonly checksDue: (bucket: string, untilIso: string, limit: number) => Promise<string[]>;
  /** Returns the codes the queue refused. */
  readonly enqueueInsightBatch: (messages: readonly InsightMessage[]) => Promise<string[]>;
  readonly now: () => Date;
  readonly lookbackDays: number;
  readonly maxPerRun: number;
}

export interface DeadlineSweepReport {
  readonly bucketsRead: number;
  readonly due: number;
  readonly failedToEnqueue: number;
}

/**
 * The deadline job reads only the sparse index's day buckets from `lookbackDays` ago up to today
 * (GMT+7) — dossiers with a clock to look at — never the whole table, and nudges the insight
 * worker for each. The worker recomputes the clocks, raises the alerts due (once per dossier,
 * clock and due date) and moves the dossier's next check, which takes it out of the bucket.
 */
export async function sweepDeadlines(ports: DeadlineSweepPorts): Promise<DeadlineSweepReport> {
  const now = ports.now();
  const untilIso = now.toISOString();
  const todayMs = Date.parse(new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10));
  const codes = new Set<string>();
  let bucketsRead = 0;
  for (let back = ports.lookbackDays; back >= 0 && codes.size < ports.maxPerRun; back--) {
    const bucket = new Date(todayMs - back * 86_400_000).toISOString().slice(0, 10);
    bucketsRead++;
    for (const code of await ports.checksDue(bucket, untilIso, ports.maxPerRun - codes.size)) codes.add(code);
  }
  const rejected = await ports.enqueueInsightBatch([...codes].map((dossierCode) => ({ dossierCode, origin: 'deadline' as const })));
  return { bucketsRead, due: codes.size, failedToEnqueue: rejected.length };
}
