import type { $ZodType, output } from 'zod/v4/core';
import * as zm from '../../contracts/zod-mini';
import { WorkingCalendar } from '../../contracts/insight/calendar';
import calendarData from '../../contracts/insight/calendar-vn.json' with { type: 'json' };
import catalogueData from '../../contracts/insight/procedure-catalogue.json' with { type: 'json' };
import { ProcedureCatalogue, type ProcedureRule } from '../../contracts/insight/procedures';
import { ScorecardConfig } from '../../contracts/insight/scorecard';
import scorecardData from '../../contracts/insight/scorecard-766.json' with { type: 'json' };
import { CalendarIndex } from '../core/deadlines/calendar';
import { ConfigurationError } from '../core/errors';
import { loadEnv, once } from './env';
import { envInt } from './env-number';

/**
 * Insight configuration: the data files shipped in contracts/insight, each replaceable by an
 * environment variable holding the whole JSON document (a corrected holiday or point is a
 * configuration change). Validated on first use; a malformed document fails the function loudly.
 */

/** An optional environment variable holding a whole JSON document. zod/mini: GET /v1/dossiers reads it. */
const json = /* @__PURE__ */ zm.pipe(
  zm.optional(zm.string()),
  zm.transform((text, ctx) => {
    if (text === undefined || text === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.issues.push({ code: 'custom', message: 'not JSON', input: text });
      return zm.NEVER;
    }
  }),
);

const DeadlineEnv = /* @__PURE__ */ (() => zm.object({ INSIGHT_CALENDAR: json, INSIGHT_PROCEDURES: json }))();

const InsightEnv = /* @__PURE__ */ (() =>
  zm.object({
    INSIGHT_SCORECARD_CONFIG: json,
    /** Working minutes before a due date when dossier.due_soon is raised: one working day. */
    INSIGHT_DUE_SOON_LEAD_MINUTES: envInt(0, 30 * 480, 480),
    /** Days of the sparse index the deadline job reads back (a job stopped for longer misses older checks). */
    INSIGHT_CHECK_LOOKBACK_DAYS: envInt(1, 60, 7),
    /** Days after a month ends before its figures are frozen as published (the portal revises the last month meanwhile). */
    INSIGHT_FREEZE_GRACE_DAYS: envInt(0, 90, 10),
    /** A pending scorecard update belongs to its run this long: twice the insight worker's 60 s timeout. */
    INSIGHT_OPERATION_LEASE_SECONDS: envInt(1, 3600, 120),
  }))();

function parsed<S extends $ZodType>(schema: S, value: unknown, what: string): output<S> {
  const result = zm.safeParse(schema, value);
  if (!result.success) throw new ConfigurationError(`invalid ${what}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return result.data;
}

/**
 * What deadlines need (the calendar, the procedure catalogue), apart from the scorecard: GET
 * /v1/dossiers computes deadlines on every read, and needs neither the scorecard configuration nor
 * its schema. Marked pure so a bundle that never calls a loader drops it.
 */
export const deadlineConfig = /* @__PURE__ */ once(() => {
  const env = loadEnv(DeadlineEnv);
  const catalogue = parsed(ProcedureCatalogue, env.INSIGHT_PROCEDURES ?? catalogueData, 'procedure catalogue');
  return {
    calendar: new CalendarIndex(parsed(WorkingCalendar, env.INSIGHT_CALENDAR ?? calendarData, 'working calendar')),
    procedureRule: (code: string): ProcedureRule | undefined => catalogue.procedures[code],
    catalogueVersion: catalogue.catalogueVersion,
  };
});

export const insightConfig = /* @__PURE__ */ once(() => {
  const env = loadEnv(InsightEnv);
  return {
    ...deadlineConfig(),
    scorecard: parsed(ScorecardConfig, env.INSIGHT_SCORECARD_CONFIG ?? scorecardData, 'scorecard configuration'),
    dueSoonLeadMinutes: env.INSIGHT_DUE_SOON_LEAD_MINUTES,
    checkLookbackDays: env.INSIGHT_CHECK_LOOKBACK_DAYS,
    operationLeaseSeconds: env.INSIGHT_OPERATION_LEASE_SECONDS,
    freezeGraceDays: env.INSIGHT_FREEZE_GRACE_DAYS,
  };
});
