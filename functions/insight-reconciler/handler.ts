import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { putOfficialProgress } from '../adapters/insight-store';
import { fetchProgressRows } from '../adapters/portal/evaluation-client';
import { portalConfig } from '../adapters/portal/portal-config';
import { monthOf, monthsEndingWith } from '../core/insight/periods';
import { logger } from '../observability/logger';

/**
 * Daily: pulls the portal's published progress figures for the city's units (this month and the
 * last, which the portal keeps revising) and stores them for GET /v1/insight/reconciliation.
 */
export const handler = middy<ScheduledEvent, unknown>().handler(async () => {
  const now = new Date();
  const pulled: Record<string, number> = {};
  for (const month of monthsEndingWith(monthOf(now), 2)) {
    const [year, m] = month.split('-').map(Number);
    const rows = await fetchProgressRows({ timeType: 'month', year: year!, month: m!, rootDepartmentId: portalConfig().unitCode });
    await putOfficialProgress(
      month,
      rows.map((r) => ({ departmentName: r.departmentName, totalReceived: r.totalReceived, totalOnTime: r.totalOnTime, totalOverdue: r.totalOverdue })),
      now.toISOString(),
    );
    pulled[month] = rows.length;
  }
  logger.info('official scores pulled', { pulled });
  return { pulled };
});
