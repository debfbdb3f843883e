import { describe, expect, it } from 'vitest';
import { cachedHealth, checkHealth } from '../../functions/core/health';

const now = () => new Date('2026-11-22T00:00:00Z');

describe('checkHealth', () => {
  it('passes when every probe answers', async () => {
    const report = await checkHealth([{ name: 'a', run: async () => undefined }], 100, now);
    expect(report.status).toBe('pass');
    expect(report.checks).toMatchObject([{ name: 'a', status: 'pass' }]);
  });

  it('fails a probe that does not answer in time, names it, and aborts it', async () => {
    let aborted = false;
    const hang = {
      name: 'queue:slow',
      run: (signal: AbortSignal) =>
        new Promise<void>(() => {
          signal.addEventListener('abort', () => {
            aborted = true;
          });
        }),
    };
    const report = await checkHealth([hang, { name: 'table:ok', run: async () => undefined }], 50, now);
    expect(report.status).toBe('fail');
    expect(report.checks.find((c) => c.name === 'queue:slow')).toMatchObject({ status: 'fail', error: 'no answer within 50 ms' });
    expect(report.checks.find((c) => c.name === 'table:ok')?.status).toBe('pass');
    expect(aborted).toBe(true);
  });

  it('reports the error of a failing probe', async () => {
    const report = await checkHealth([{ name: 't', run: async () => Promise.reject(new Error('ResourceNotFound')) }], 100, now);
    expect(report.checks[0]).toMatchObject({ status: 'fail', error: 'ResourceNotFound' });
  });
});

describe('cachedHealth', () => {
  it('serves the last report within the TTL and checks again after it', async () => {
    let checks = 0;
    let clock = 0;
    const health = cachedHealth(
      async () => {
        checks++;
        return { status: 'pass', checkedAt: 'x', cached: false, checks: [] };
      },
      1000,
      () => clock,
    );
    expect((await health()).cached).toBe(false);
    clock = 999;
    expect((await health()).cached).toBe(true);
    clock = 1000;
    await health();
    expect(checks).toBe(2);
  });
});
