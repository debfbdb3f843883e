import { vi } from 'vitest';
import type { GatewayMetricKey } from '../../contracts/platform/metrics';
import { gatewayMetrics } from '../../contracts/platform/metrics';

/** One EMF line as CloudWatch reads it: the `_aws` directive and the values at the top level. */
export interface EmfLine {
  readonly _aws: { readonly CloudWatchMetrics: readonly { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  readonly [key: string]: unknown;
}

/**
 * Captures what this process writes to stdout (Powertools Metrics prints EMF lines there; the
 * logger's JSON lines too, told apart by `_aws`) and to stderr (Powertools' own warnings), with
 * metrics enabled as in Lambda. Call `restore` after each test.
 */
export function captureEmf() {
  const out: string[] = [];
  const err: string[] = [];
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (err.push(String(chunk)), true));
  const lines = (): EmfLine[] =>
    out
      .join('')
      .split('\n')
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as EmfLine);
  return {
    lines,
    /** The lines carrying one gateway metric. */
    of: (key: GatewayMetricKey) => lines().filter((line) => line._aws.CloudWatchMetrics[0]!.Metrics.some((m) => m.Name === gatewayMetrics[key].name)),
    warnings: () => err.join(''),
    restore: () => {
      stdout.mockRestore();
      stderr.mockRestore();
      vi.unstubAllEnvs();
    },
  };
}
