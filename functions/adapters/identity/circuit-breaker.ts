import CircuitBreaker from 'opossum';
import { CircuitOpenError } from '../../core/partners/partner-errors';
import { logger } from '../../observability/logger';
import { emitMetric } from '../../observability/metrics';

export interface BreakerSettings {
  readonly errorThresholdPercentage: number;
  readonly volumeThreshold: number;
  readonly resetTimeoutMs: number;
}

/**
 * A circuit breaker (opossum) around an upstream call: after repeated failures it opens and
 * callers are refused at once with CircuitOpenError (and how long until the next probe) instead
 * of each waiting out a timeout; after `resetTimeoutMs` one half-open call probes the upstream,
 * and a success closes it again. One breaker per Lambda container.
 */
export function withCircuitBreaker<A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>, settings: BreakerSettings) {
  const breaker = new CircuitBreaker(call, {
    // The call enforces its own timeout (the partner HTTP client's); opossum's would race it.
    timeout: false,
    errorThresholdPercentage: settings.errorThresholdPercentage,
    volumeThreshold: settings.volumeThreshold,
    resetTimeout: settings.resetTimeoutMs,
    rollingCountTimeout: 10_000,
    rollingCountBuckets: 10,
    name,
  });
  let openedAt = 0;
  breaker.on('open', () => {
    openedAt = Date.now();
    // The breaker alarm counts this metric; the line says when it will probe again.
    emitMetric('breakerOpened', { circuit: name });
    logger.warn('circuit opened', { circuit: name, resetTimeoutMs: settings.resetTimeoutMs });
  });
  breaker.on('halfOpen', () => logger.info('circuit half-open: probing', { circuit: name }));
  breaker.on('close', () => logger.info('circuit closed', { circuit: name }));

  return {
    fire: async (...args: A): Promise<R> => {
      try {
        return (await breaker.fire(...args)) as R;
      } catch (error) {
        if (breaker.opened && (error as { code?: string }).code === 'EOPENBREAKER') {
          const remainingMs = Math.max(0, openedAt + settings.resetTimeoutMs - Date.now());
          throw new CircuitOpenError(Math.max(1, Math.ceil(remainingMs / 1000)));
        }
        throw error;
      }
    },
    get state(): 'open' | 'half-open' | 'closed' {
      return breaker.opened ? 'open' : breaker.halfOpen ? 'half-open' : 'closed';
    },
  };
}
