import * as z from 'zod';

/** The deadline clocks GET /v1/dossiers/{code} shows (computed on read, never stored over the city's dueAt). */
const timeliness = /* @__PURE__ */ (() => z.enum(['early', 'on_time', 'overdue']))();
export const DossierDeadlines = /* @__PURE__ */ (() => z
  .strictObject({
    reception: z.strictObject({ applies: z.boolean(), dueAt: z.string().nullable(), state: z.enum(['met', 'missed', 'running', 'not_applicable']) }),
    processing: z.strictObject({
      state: z.enum(['not_started', 'running', 'paused', 'finished', 'no_deadline']),
      computedDueAt: z.string().nullable(),
      cityDueAt: z.string().nullable(),
      effectiveDueAt: z.string().nullable(),
      dueAtDisagreement: z
        .strictObject({ cityDueAt: z.string(), computedDueAt: z.string(), differenceMinutes: z.int() })
        .nullable()
        .describe("the city's dueAt falls on another local day than the one computed from receipt, duration and calendar"),
      supplementRequests: z.int(),
      pausedWorkingMinutes: z.int(),
      endedAt: z.string().nullable(),
      class: timeliness.nullable().describe('minute precision, as the national score counts'),
      dayClass: timeliness.nullable(),
      reasons: z.array(z.enum(['multiple_supplements', 'past_due', 'no_due_date'])),
    }),
    warnings: z.array(z.strictObject({ code: z.string(), message: z.string() }).catchall(z.unknown())),
    calendarVersion: z.int(),
    procedureKnown: z.boolean().describe('false: the procedure is not in the catalogue, so no due date could be computed'),
  })
  .meta({ id: 'DossierDeadlines' }))();
