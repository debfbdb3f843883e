import { describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../../../functions/core/insight/deadline-sweep';

describe('deadline sweep', () => {
  it('reads only the day buckets from the lookback to today (GMT+7), up to now, and nudges each dossier once', async () => {
    const asked: { bucket: string; until: string }[] = [];
    const due: Record<string, string[]> = { '2026-11-28': ['A', 'B'], '2026-12-01': ['B', 'C'] };
    const sent: string[][] = [];
    const report = await sweepDeadlines({
      // 2026-11-30T18:30Z is already 1/12 in Ho Chi Minh City.
      now: () => new Date('2026-11-30T18:30:00Z'),
      lookbackDays: 3,
      maxPerRun: 100,
      checksDue: async (bucket, until) => {
        asked.push({ bucket, until });
        return due[bucket] ?? [];
      },
      enqueueInsightBatch: async (messages) => {
        sent.push(messages.map((m) => m.dossierCode));
        return [];
      },
    });
    expect(asked.map((a) => a.bucket)).toEqual(['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01']);
    expect(new Set(asked.map((a) => a.until))).toEqual(new Set(['2026-11-30T18:30:00.000Z']));
    expect(sent).toEqual([['A', 'B', 'C']]);
    expect(report).toEqual({ bucketsRead: 4, due: 3, failedToEnqueue: 0 });
  });

  it('stops at the per-run cap and reports nudges the queue refused', async () => {
    const report = await sweepDeadlines({
      now: () => new Date('2026-11-30T03:00:00Z'),
      lookbackDays: 7,
      maxPerRun: 2,
      checksDue: async (_bucket, _until, limit) => ['X', 'Y', 'Z'].slice(0, limit),
      enqueueInsightBatch: async (messages) => messages.slice(1).map((m) => m.dossierCode),
    });
    expect(report).toEqual({ bucketsRead: 1, due: 2, failedToEnqueue: 1 });
  });
});
