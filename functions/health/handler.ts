import { resourceProbes } from '../adapters/partners/health-probes';
import { cachedHealth, checkHealth } from '../core/health';
import { httpEndpoint } from '../http/endpoint';
import { json } from '../http/response';

const perCheckTimeoutMs = 1500;
const cacheTtlMs = 5000;

const probes = resourceProbes();
const health = cachedHealth(() => checkHealth(probes, perCheckTimeoutMs, () => new Date()), cacheTtlMs);

export const handler = httpEndpoint({}, async () => {
  const report = await health();
  return json(report.status === 'pass' ? 200 : 503, report, { 'cache-control': 'no-store' });
});
