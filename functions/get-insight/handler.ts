import * as z from '../../contracts/zod-mini';
import { PeriodQuery, ScorecardQuery, UnitPathParameters } from '../../contracts/insight/views';
import { frozenAt, frozenPk, readAdjustments, readCounterRows, readOfficialRows, readRisks } from '../adapters/insight/insight-store';
import { bucketKeys } from '../core/insight/buckets';
import { reconcile } from '../core/insight/reconciliation';
import { ValidationError } from '../core/errors';
import { insightConfig } from '../config/insight-config';
import { calendarView } from '../core/insight/calendar-view';
import { toCsv } from '../core/insight/csv';
import { monthOf, monthsEndingWith, parsePeriod, type Period } from '../core/insight/periods';
import { pointsAtRisk } from '../core/insight/points-at-risk';
import { byUnitTable, cityScorecard, procedureScorecard, unitScorecard } from '../core/insight/scorecard-read';
import { httpEndpoint } from '../http/endpoint';
import { json, textResponse } from '../http/response';
import { parseOrReject } from '../http/validate';

/** One function for the read-only /v1/insight routes: every answer is built from counter items. */

const ports = () => ({ readCounterRows, config: insightConfig().scorecard, frozenAt, frozenPk, readAdjustments });
const periodOf = (label: string | undefined): Period => parsePeriod(label ?? monthOf(new Date()))!;
const TrendQuery = /* @__PURE__ */ (() =>
  z.object({
    unit: z.optional(z.string().check(z.minLength(1), z.maxLength(50))),
    months: z._default(z.pipe(z.coerce.number(), z.int().check(z.minimum(1), z.maximum(36))), 12),
  }))();
const maxRisks = 1000;

export const handler = httpEndpoint({}, async ({ event }) => {
  const query = event.queryStringParameters ?? {};
  switch (event.resource) {
    case '/v1/insight/scorecard': {
      const q = parseOrReject(ScorecardQuery, query, 'query');
      const period = periodOf(q.period);
      const card = q.unit
        ? await unitScorecard(q.unit, period, ports())
        : q.procedure
          ? await procedureScorecard(q.procedure, period, ports())
          : await cityScorecard(period, ports());
      return json(200, card);
    }
    case '/v1/insight/units': {
      const q = parseOrReject(PeriodQuery, query, 'query');
      const period = periodOf(q.period);
      const units = await byUnitTable(period, ports());
      const groups = insightConfig().scorecard.groups.map((g) => g.id);
      if (q.format === 'csv') {
        const rows = units.map((u) => [u.unitKey, u.unitName, u.score, u.visiblePoints, ...groups.map((g) => u.groups[g] ?? 0), u.counters.received, u.counters.overdue]);
        return textResponse(200, toCsv(['unit', 'name', 'score', 'visiblePoints', ...groups, 'received', 'overdue'], rows), 'text/csv; charset=utf-8', {
          'content-disposition': `attachment; filename="insight-units-${period.label}.csv"`,
        });
      }
      return json(200, { period: period.label, units, configVersion: insightConfig().scorecard.configVersion });
    }
    case '/v1/insight/trend': {
      const q = parseOrReject(TrendQuery, query, 'query');
      const months = monthsEndingWith(monthOf(new Date()), q.months);
      const cards = await Promise.all(
        months.map((m) => (q.unit ? unitScorecard(q.unit, periodOf(m), ports()) : cityScorecard(periodOf(m), ports()))),
      );
      return json(200, {
        scope: { kind: q.unit ? 'unit' : 'city', code: q.unit ?? null },
        months: cards.map((c, i) => ({ month: months[i]!, score: c.score, groups: Object.fromEntries(c.groups.map((g) => [g.id, g.score])), received: c.counters.received ?? 0 })),
      });
    }
    case '/v1/insight/units/{unit}/at-risk': {
      const { unit } = parseOrReject(UnitPathParameters, event.pathParameters ?? {}, 'path');
      const q = parseOrReject(PeriodQuery, query, 'query');
      const period = periodOf(q.period);
      const card = await unitScorecard(unit, period, ports());
      const entries = (await readRisks(unit, maxRisks)).filter((e) => period.months.includes(e.month));
      const dossiers = pointsAtRisk(entries, card, insightConfig().scorecard);
      if (q.format === 'csv') {
        const rows = dossiers.map((d) => [d.dossierCode, d.procedureCode, d.month, d.dueAt, d.kind, d.pointsAtStake, d.reasons.map((r) => r.reason).join(' ')]);
        return textResponse(200, toCsv(['dossierCode', 'procedure', 'month', 'dueAt', 'kind', 'pointsAtStake', 'reasons'], rows), 'text/csv; charset=utf-8', {
          'content-disposition': `attachment; filename="insight-at-risk-${unit}-${period.label}.csv"`,
        });
      }
      return json(200, { unit, period: period.label, score: card.score, dossiers });
    }
    case '/v1/insight/reconciliation': {
      const q = parseOrReject(PeriodQuery, query, 'query');
      const period = periodOf(q.period);
      if (period.kind !== 'month') throw new ValidationError([{ location: 'query', path: '/period', message: 'reconciliation is per month: YYYY-MM' }]);
      const month = period.months[0]!;
      const [units, official] = await Promise.all([readCounterRows(bucketKeys.unitMonth(month)), readOfficialRows(month)]);
      const risks = new Map(await Promise.all(units.map(async (u) => [u.key, (await readRisks(u.key, maxRisks)).filter((r) => r.month === month)] as const)));
      const cards = await Promise.all(units.map((u) => unitScorecard(u.key, period, ports())));
      const rows = reconcile(
        units.map((u, i) => ({ unitKey: u.key, unitName: u.label ?? null, card: cards[i]! })),
        official?.figures ?? new Map(),
        risks,
        insightConfig().scorecard,
      );
      return json(200, { period: month, pulledAt: official?.pulledAt ?? null, units: official ? rows : rows.map((r) => ({ ...r, explanations: ['no official figures pulled yet'] })) });
    }
    case '/v1/insight/calendar':
      return json(200, calendarView(insightConfig().calendar));
    default:
      throw new Error(`get-insight is not wired for ${event.resource}`);
  }
});
