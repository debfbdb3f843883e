import { describe, expect, it, vi } from 'vitest';
import type { EventSweeperPorts, UndeliveredEvent } from '../../functions/core/delivery/event-sweeper';
import { isStuck, sweepUndeliveredEvents } from '../../functions/core/delivery/event-sweeper';

const now = new Date('2026-11-22T03:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

describe('isStuck', () => {
  it('is stuck only when neither delivered nor dead-lettered and long past its due time', () => {
    expect(isStuck({ status: 'queued', receivedAt: ago(3600), undeliveredDueAt: ago(301) }, now, 300)).toBe(true);
    expect(isStuck({ status: 'received', receivedAt: ago(301) }, now, 300)).toBe(true);
    // Waiting out a scheduled retry is not stuck, however old the event.
    expect(isStuck({ status: 'queued', receivedAt: ago(86_400), undeliveredDueAt: ago(10) }, now, 300)).toBe(false);
    expect(isStuck({ status: 'delivered', receivedAt: ago(3600), undeliveredDueAt: ago(3600) }, now, 300)).toBe(false);
    expect(isStuck({ status: 'failed', receivedAt: ago(3600), undeliveredDueAt: ago(3600) }, now, 300)).toBe(false);
  });
});

describe('sweepUndeliveredEvents', () => {
  function ports(events: UndeliveredEvent[], claims: Set<string>) {
    return {
      overdueEvents: vi.fn((dueBefore: string) =>
        (async function* () {
          yield events.filter((e) => e.undeliveredDueAt < dueBefore);
        })(),
      ),
      // One claim per (event, due time seen), as the conditional write gives.
      claimEventRequeue: vi.fn(async (eventId: string, seen: string) => {
        if (claims.has(`${eventId}@${seen}`)) return false;
        claims.add(`${eventId}@${seen}`);
        return true;
      }),
      enqueueCityDelivery: vi.fn(async (_message: { eventId: string }) => undefined),
      markEvent: vi.fn(async () => undefined),
      staleSeconds: 300,
      now: () => now,
    } satisfies EventSweeperPorts;
  }

  it('queues stuck events again and marks never-queued ones queued', async () => {
    const p = ports(
      [
        { eventId: 'lost', status: 'queued', undeliveredDueAt: ago(900) },
        { eventId: 'never-queued', status: 'received', undeliveredDueAt: ago(900) },
        { eventId: 'waiting', status: 'queued', undeliveredDueAt: ago(10) },
      ],
      new Set(),
    );
    expect(await sweepUndeliveredEvents(p)).toEqual({ examined: 2, requeued: 2, failedToEnqueue: 0 });
    expect(p.enqueueCityDelivery.mock.calls.map(([m]) => m)).toEqual([{ eventId: 'lost' }, { eventId: 'never-queued' }]);
    expect(p.markEvent).toHaveBeenCalledExactlyOnceWith('never-queued', 'queued');
    expect(p.claimEventRequeue).toHaveBeenCalledWith('lost', ago(900), now.toISOString());
  });

  it('two sweeps at once queue each stuck event once', async () => {
    const claims = new Set<string>();
    const events: UndeliveredEvent[] = [{ eventId: 'lost', status: 'queued', undeliveredDueAt: ago(900) }];
    const [a, b] = [ports(events, claims), ports(events, claims)];
    const reports = await Promise.all([sweepUndeliveredEvents(a), sweepUndeliveredEvents(b)]);
    expect(reports.reduce((sum, r) => sum + r.requeued, 0)).toBe(1);
    expect(a.enqueueCityDelivery.mock.calls.length + b.enqueueCityDelivery.mock.calls.length).toBe(1);
  });

  it('counts a failed enqueue and goes on with the others', async () => {
    const p = ports(
      [
        { eventId: 'a', status: 'queued', undeliveredDueAt: ago(900) },
        { eventId: 'b', status: 'queued', undeliveredDueAt: ago(900) },
      ],
      new Set(),
    );
    p.enqueueCityDelivery.mockRejectedValueOnce(new Error('queue down'));
    expect(await sweepUndeliveredEvents(p)).toEqual({ examined: 2, requeued: 1, failedToEnqueue: 1 });
  });
});
