import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gatewayMetrics, metricsNamespace } from '../../contracts/platform/metrics';
import { recordExchangeMetrics, recordLedgerFailureMetric } from '../../functions/observability/metrics';

/** The EMF lines the functions print, parsed back as CloudWatch would read them. */
let lines: string[] = [];
let write: ReturnType<typeof vi.spyOn>;
let warnings: string[] = [];
let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warnings = [];
  // Powertools warns through its own console, on stderr.
  warn = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    warnings.push(String(chunk));
    return true;
  });
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  lines = [];
  write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  write.mockRestore();
  warn.mockRestore();
  vi.unstubAllEnvs();
});

const emf = () => lines.filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l));

describe('EMF metrics', () => {
  it('counts and times each exchange by partner × outcome and partner × operation × outcome, in the Lienthong namespace', () => {
    recordExchangeMetrics({ partner: 'portal', operation: 'DongBoHoSoMC', outcome: 'retryable', durationMs: 42, direction: 'outbound' });
    const lines = emf();
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const [directive] = line._aws.CloudWatchMetrics;
      expect(directive.Namespace).toBe(metricsNamespace);
      expect(directive.Metrics).toEqual(
        expect.arrayContaining([
          { Name: gatewayMetrics.partnerCalls, Unit: 'Count' },
          { Name: gatewayMetrics.partnerLatency, Unit: 'Milliseconds' },
        ]),
      );
      expect(line).toMatchObject({ service: 'lienthong', partner: 'portal', outcome: 'retryable', PartnerCalls: 1, PartnerLatency: 42 });
    }
    expect(lines.map((l) => l._aws.CloudWatchMetrics[0].Dimensions)).toEqual([[['service', 'partner', 'outcome']], [['service', 'partner', 'operation', 'outcome']]]);
    expect(lines[1]).toMatchObject({ operation: 'DongBoHoSoMC' });
    // No Powertools warning about overlapping dimension sets.
    expect(warnings).toEqual([]);
  });

  it('does not count a caller refused at the door against the partner', () => {
    recordExchangeMetrics({ partner: 'payment', operation: 'momo-ipn', outcome: 'rejected', durationMs: 1, direction: 'inbound' });
    expect(emf()).toEqual([]);
  });

  it('counts a lost ledger record by partner (what the ledger alarm adds up)', () => {
    recordLedgerFailureMetric('city');
    const [line] = emf();
    expect(line._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'partner']]);
    expect(line).toMatchObject({ service: 'lienthong', partner: 'city', LedgerAppendFailures: 1 });
  });
});
