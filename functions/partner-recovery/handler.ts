import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { releaseParkedCityEvents } from '../adapters/city/city-parking';
import { anyParkedCityEvent } from '../adapters/events/parked-events';
import { finishRelease, readPartnerHealth } from '../adapters/partners/partner-health-store';
import { sendProbeTick } from '../adapters/partners/partner-probe-queue';
import { releasePendingDossiers } from '../adapters/portal/portal-parking';
import { once } from '../config/once';
import { recoverySettingsFromEnv } from '../config/partner-recovery-config';
import { gatedPartners } from '../core/partners/partner-health';
import { watchPartners } from '../core/partners/partner-watch';
import { logger } from '../observability/logger';

const probeIntervalSeconds = once(() => recoverySettingsFromEnv('portal').probeIntervalSeconds);

export const handler = middy<ScheduledEvent, unknown>().handler(async () => {
  const actions = await watchPartners({
    partners: gatedPartners,
    read: readPartnerHealth,
    probeIntervalSeconds: probeIntervalSeconds(),
    sendProbeTick: (partner) => sendProbeTick(partner === 'portal' ? 'portalSync' : 'cityDelivery', partner, 0),
    release: (partner) => (partner === 'portal' ? releasePendingDossiers() : releaseParkedCityEvents()),
    hasParked: async (partner) => partner === 'city' && (await anyParkedCityEvent()) !== undefined,
    finishRelease,
    releaseGraceSeconds: 120,
    now: () => new Date(),
  });
  logger.info('partner watch', { ...actions });
  return actions;
});
