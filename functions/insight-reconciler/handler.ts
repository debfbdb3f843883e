import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { officialIndicators, type EvaluationKind } from '../../contracts/portal/evaluation';
import { frozenAt, markFrozen, putFrozenRows, putOfficialRows, readCounterRows } from '../adapters/insight/insight-store';
import { insightConfig } from '../config/insight-config';
import { freezeClosedMonths } from '../core/insight/freeze';
import { fetchEvaluationRows } from '../adapters/portal/evaluation-client';
import { portalConfig } from '../adapters/portal/portal-config';
import { monthOf, monthsEndingWith } from '../core/insight/periods';
import { logger } from '../observability/logger';

/**
 * Daily: freezes the months closed for longer than the grace period (kept as published), then pulls the portal's published figures for the city's units — every evaluation kind an
 * indicator the gateway computes is published under — for this month and the last (which the
 * portal keeps revising), and stores them for GET /v1/insight/reconciliation.
 */
const kinds = [...new Set(Object.values(officialIndicators).map((i) => i.kind))] as EvaluationKind[];

export const handler = middy<ScheduledEvent, unknown>().handler(async () => {
  const now = new Date();
  // First, so a portal outage never delays a freeze.
  const frozen = await freezeClosedMonths({ frozenAt, readCounterRows, putFrozenRows, markFrozen }, now, insightConfig().freezeGraceDays);
  const pulled: Record<string, Record<string, number>> = {};
  for (const month of monthsEndingWith(monthOf(now), 2)) {
    const [year, m] = month.split('-').map(Number);
    pulled[month] = {};
    for (const kind of kinds) {
      const rows = await fetchEvaluationRows(kind, { timeType: 'month', year: year!, month: m!, rootDepartmentId: portalConfig().unitCode });
      await putOfficialRows(month, kind, rows, now.toISOString());
      pulled[month][kind] = rows.length;
    }
  }
  logger.info('official scores pulled', { pulled, frozen });
  return { pulled, frozen };
});
