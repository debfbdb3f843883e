import * as z from 'zod';
import { WorkingCalendar } from '../../contracts/insight/calendar';
import calendarData from '../../contracts/insight/calendar-vn.json' with { type: 'json' };
import catalogueData from '../../contracts/insight/procedure-catalogue.json' with { type: 'json' };
import { ProcedureCatalogue, type ProcedureRule } from '../../contracts/insight/procedures';
import { ScorecardConfig } from '../../contracts/insight/scorecard';
import scorecardData from '../../contracts/insight/scorecard-766.json' with { type: 'json' };
import { CalendarIndex } from '../core/deadlines/calendar';
import { ConfigurationError } from '../core/errors';
import { loadEnv, once } from './env';

/**
 * Insight configuration: the data files shipped in contracts/insight, each replaceable by an
 * environment variable holding the whole JSON document (a corrected holiday or point is a
 * configuration change). Validated on first use; a malformed document fails the function loudly.
 */

const json = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  });

const InsightEnv = z.object({
  INSIGHT_CALENDAR: json,
  INSIGHT_PROCEDURES: json,
  INSIGHT_SCORECARD_CONFIG: json,
  /** Working minutes before a due date when dossier.due_soon is raised: one working day. */
  INSIGHT_DUE_SOON_LEAD_MINUTES: z.coerce.number().int().min(0).max(30 * 480).default(480),
  /** Days of the sparse index the deadline job reads back (a job stopped for longer misses older checks). */
  INSIGHT_CHECK_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  /** A pending scorecard update belongs to its run this long: twice the insight worker's 60 s timeout. */
  /** Days after a month ends before its figures are frozen as published (the portal revises the last month meanwhile). */
  INSIGHT_FREEZE_GRACE_DAYS: z.coerce.number().int().min(0).max(90).default(10),
  INSIGHT_OPERATION_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
});

function parsed<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ConfigurationError(`invalid ${what}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return result.data;
}

export const insightConfig = once(() => {
  const env = loadEnv(InsightEnv);
  const catalogue = parsed(ProcedureCatalogue, env.INSIGHT_PROCEDURES ?? catalogueData, 'procedure catalogue');
  return {
    calendar: new CalendarIndex(parsed(WorkingCalendar, env.INSIGHT_CALENDAR ?? calendarData, 'working calendar')),
    scorecard: parsed(ScorecardConfig, env.INSIGHT_SCORECARD_CONFIG ?? scorecardData, 'scorecard configuration'),
    procedureRule: (code: string): ProcedureRule | undefined => catalogue.procedures[code],
    catalogueVersion: catalogue.catalogueVersion,
    dueSoonLeadMinutes: env.INSIGHT_DUE_SOON_LEAD_MINUTES,
    checkLookbackDays: env.INSIGHT_CHECK_LOOKBACK_DAYS,
    operationLeaseSeconds: env.INSIGHT_OPERATION_LEASE_SECONDS,
    freezeGraceDays: env.INSIGHT_FREEZE_GRACE_DAYS,
  };
});
