import * as z from '../../contracts/zod-mini';
import { loadEnv, once } from './env';
import { envInt } from './env-number';

/**
 * How far past its due time an undelivered event counts as stuck (its queue message lost). Longer
 * than a delivery attempt can take (the worker's timeout) and than a healthy queue's backlog, so
 * only lost messages are queued again; read by the event sweeper and by the portal-callback
 * intake (a resend of a stuck event re-queues it).
 */
export const eventSweepSettings = once(() =>
  loadEnv(z.object({ EVENT_SWEEP_STALE_SECONDS: envInt(0, 86_400, 300) })),
);
