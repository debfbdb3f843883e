import { describe, expect, it, vi } from 'vitest';
import { isRetryable } from '../../functions/adapters/city/city-client';
import { defaultCityRetryScheduleSeconds } from '../../functions/adapters/city/city-config';
import type { CityDeliveryPorts } from '../../functions/core/delivery/city-delivery';
import { deliverToCity } from '../../functions/core/delivery/city-delivery';
import type { StoredEvent } from '../../functions/core/delivery/event-records';
import { DeadLetterError, RetryLaterError } from '../../functions/core/partners/worker-outcomes';

const event = (status: StoredEvent['status'] = 'queued'): StoredEvent => ({
  eventId: 'msg_1',
  source: 'portal',
  type: 'dossier.rated',
  dossierCode: 'A',
  bodyHash: 'h',
  payload: { type: 'dossier.rated', timestamp: '2026-11-22T08:00:00Z', data: { dossierCode: 'A', score: 5, ratedAt: '2026-11-22T08:00:00Z' } },
  receivedAt: '2026-11-22T01:00:00.000Z',
  status,
});

function ports(answer: { httpStatus?: number; retryAfterSeconds?: number; error?: string }, attempt = 1, stored = event()) {
  return {
    readEvent: vi.fn(async () => stored),
    nextDeliveryAttempt: vi.fn(async () => attempt),
    recordDeliveryAttempt: vi.fn(async () => undefined),
    markEvent: vi.fn(async () => undefined),
    reopenEvent: vi.fn(async () => undefined),
    scheduleEventRetry: vi.fn(async () => undefined),
    postToCity: vi.fn(async () => ({ durationMs: 12, ...answer })),
    isRetryable,
    retryScheduleSeconds: [5, 30, 120],
    now: () => new Date('2026-11-22T02:00:00Z'),
  } satisfies CityDeliveryPorts;
}

describe('deliverToCity', () => {
  it('delivers, records the attempt and marks the event delivered', async () => {
    const p = ports({ httpStatus: 204 });
    expect(await deliverToCity('msg_1', p)).toBe('delivered');
    expect(p.recordDeliveryAttempt).toHaveBeenCalledWith('msg_1', expect.objectContaining({ attempt: 1, outcome: 'delivered', httpStatus: 204, error: null }));
    expect(p.markEvent).toHaveBeenCalledWith('msg_1', 'delivered');
  });

  it('does not send an event already delivered again', async () => {
    const p = ports({ httpStatus: 200 }, 1, event('delivered'));
    expect(await deliverToCity('msg_1', p)).toBe('already-delivered');
    expect(p.postToCity).not.toHaveBeenCalled();
  });

  it('retries network errors, 5xx and 429 on the schedule, honouring Retry-After', async () => {
    await expect(deliverToCity('msg_1', ports({ error: 'ECONNREFUSED' }, 1))).rejects.toMatchObject({ delaySeconds: 5, reasonCode: 'city-unreachable' });
    await expect(deliverToCity('msg_1', ports({ httpStatus: 503 }, 2))).rejects.toMatchObject({ delaySeconds: 30 });
    await expect(deliverToCity('msg_1', ports({ httpStatus: 429, retryAfterSeconds: 90 }, 3))).rejects.toMatchObject({ delaySeconds: 90 });
  });

  it('tells the event sweeper when the retry is due, so a waiting event is never taken for lost', async () => {
    const p = ports({ httpStatus: 503 }, 2);
    await expect(deliverToCity('msg_1', p)).rejects.toBeInstanceOf(RetryLaterError);
    expect(p.scheduleEventRetry).toHaveBeenCalledWith('msg_1', '2026-11-22T02:00:30.000Z');
  });

  it('dead-letters any other 4xx at once, with the status as reason', async () => {
    const p = ports({ httpStatus: 400 });
    const error = await deliverToCity('msg_1', p).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadLetterError);
    expect((error as DeadLetterError).reasonCode).toBe('city-rejected-400');
    expect(p.markEvent).toHaveBeenCalledWith('msg_1', 'failed');
    expect(p.recordDeliveryAttempt).toHaveBeenCalledWith('msg_1', expect.objectContaining({ outcome: 'rejected', httpStatus: 400 }));
  });

  it('delivers a redriven failed event again, with the retry schedule starting over', async () => {
    const p = ports({ httpStatus: 503 }, 7, { ...event('failed'), deliveryAttempts: 6 });
    const error = await deliverToCity('msg_1', p).catch((e: unknown) => e);
    expect(p.reopenEvent).toHaveBeenCalledWith('msg_1', 6);
    expect(p.postToCity).toHaveBeenCalled();
    expect(error).toMatchObject({ delaySeconds: 5 }); // the first step of the schedule, not "exhausted"
  });

  it('dead-letters when the schedule runs out', async () => {
    const error = await deliverToCity('msg_1', ports({ httpStatus: 500 }, 4)).catch((e: unknown) => e);
    expect(error).toMatchObject({ reasonCode: 'retries-exhausted' });
    expect(error).not.toBeInstanceOf(RetryLaterError);
  });

  it('keeps trying for about three days by default, each wait within SQS’s 12 h visibility limit', () => {
    const total = defaultCityRetryScheduleSeconds.reduce((a, b) => a + b, 0);
    expect(total / 86_400).toBeGreaterThan(2.8);
    expect(total / 86_400).toBeLessThan(3.5);
    expect(Math.max(...defaultCityRetryScheduleSeconds)).toBeLessThan(43_200);
  });
});
