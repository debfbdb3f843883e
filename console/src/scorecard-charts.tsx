import { ChartView } from './chart-view';
import { points } from './format';
import { groupName, indicatorName, t } from './i18n';
import type { Publication } from './publication-state';

/** The Scorecard answer of /v1/insight/scorecard (contracts/insight/scorecard.ts), as the console reads it. */
export interface IndicatorScore {
  id: string;
  name: string;
  points: number;
  score: number | null;
  ratio: number | null;
  numerator: number | null;
  denominator: number | null;
  visibility: 'gateway' | 'national_only';
  /** The sync ratio the online share was multiplied by, when the rule has one. */
  factor?: number;
  /** What of the indicator only the national portal sees (left out of the score). */
  nationalOnlyPart?: string;
}
export interface GroupScore {
  id: string;
  name: string;
  points: number;
  score: number;
  visiblePoints: number;
  indicators: IndicatorScore[];
}
export interface Scorecard {
  score: number;
  visiblePoints: number;
  nationalOnlyPoints: number;
  groups: GroupScore[];
  counters: Record<string, number>;
  publication?: Publication;
}

const colours = { earned: '#136c2e', lost: '#a4001d', national: '#8c8c8c', line: '#0b5cad' };
const share = (g: GroupScore) => (g.visiblePoints > 0 ? Math.round((g.score / g.visiblePoints) * 1000) / 10 : null);

/** Earned, lost and national-only points of one scorecard (a unit's or the city's). */
export function ScoreDoughnut({ card, title, testId }: { card: Scorecard; title: string; testId: string }) {
  const label = t.value;
  const lost = Math.max(0, card.visiblePoints - card.score);
  const summary = `${title}: ${points(card.score)} / ${points(card.visiblePoints)} ${label('visiblePoints')}; ${points(card.nationalOnlyPoints)} ${label('nationalOnly')}`;
  return (
    <figure data-testid={testId}>
      <figcaption>{title}</figcaption>
      <p>
        <span class="score-big" data-testid="score-value" data-value={card.score}>{points(card.score)}</span> / <span data-testid="visible-points" data-value={card.visiblePoints}>{points(card.visiblePoints)}</span>{' '}
        <span class="muted">({label('visiblePoints')}; <span data-testid="national-points" data-value={card.nationalOnlyPoints}>{points(card.nationalOnlyPoints)}</span> {label('nationalOnly')})</span>
      </p>
      <ChartView
        type="doughnut"
        size="small"
        summary={summary}
        labels={[label('earned'), label('lost'), label('nationalOnly')]}
        datasets={[{ data: [card.score, lost, card.nationalOnlyPoints], backgroundColor: [colours.earned, colours.lost, colours.national] }]}
        options={{ plugins: { legend: { position: 'bottom' } } }}
      />
    </figure>
  );
}

/** Share of the visible points earned per group; a group the gateway cannot see at all is left out and said so. */
export function GroupsRadar({ card, testId }: { card: Scorecard; testId: string }) {
  const label = t.value;
  const seen = card.groups.filter((g) => g.visiblePoints > 0);
  const summary = `${label('radar')}: ${card.groups.map((g) => `${groupName(g.id, g.name)} ${share(g) === null ? label('nationalOnly') : `${points(share(g))} %`}`).join(', ')}`;
  return (
    <figure data-testid={testId}>
      <figcaption>{label('radar')}</figcaption>
      <ChartView
        type="radar"
        summary={summary}
        labels={seen.map((g) => groupName(g.id, g.name))}
        datasets={[{ label: label('share'), data: seen.map((g) => share(g) ?? 0), borderColor: colours.line, backgroundColor: 'rgba(11, 92, 173, 0.2)', fill: true }]}
        options={{ scales: { r: { min: 0, max: 100, ticks: { stepSize: 25, color: '#4a4a4a' }, pointLabels: { color: '#1a1a1a', padding: 10, font: { size: 13 } } } }, plugins: { legend: { display: false } } }}
      />
    </figure>
  );
}

/** The radar's numbers as a table (also the per-group breakdown of the doughnut). */
export function GroupsTable({ card }: { card: Scorecard }) {
  const label = t.value;
  return (
    <table data-testid="groups">
      <caption class="visually-hidden">{label('groups')}</caption>
      <thead>
        <tr>
          <th scope="col">{label('group')}</th>
          <th scope="col" class="num">{label('points')}</th>
          <th scope="col" class="num">{label('visiblePoints')}</th>
          <th scope="col" class="num">{label('score')}</th>
          <th scope="col" class="num">{label('share')}</th>
          <th scope="col" class="num">{label('nationalOnlyPoints')}</th>
        </tr>
      </thead>
      <tbody>
        {card.groups.map((g) => (
          <tr data-group={g.id}>
            <th scope="row">{groupName(g.id, g.name)}</th>
            <td class="num">{points(g.points)}</td>
            <td class="num">{points(g.visiblePoints)}</td>
            <td class="num" data-value={g.score}>{g.visiblePoints > 0 ? points(g.score) : <span class="badge badge-national">{label('nationalOnly')}</span>}</td>
            <td class="num">{share(g) === null ? '–' : `${points(share(g))} %`}</td>
            <td class="num">{points(g.points - g.visiblePoints)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every indicator, the ones only the national portal can judge marked as such. */
export function IndicatorsTable({ card }: { card: Scorecard }) {
  const label = t.value;
  return (
    <table data-testid="indicators">
      <caption class="visually-hidden">{label('indicator')}</caption>
      <thead>
        <tr>
          <th scope="col">{label('indicator')}</th>
          <th scope="col">{label('group')}</th>
          <th scope="col" class="num">{label('points')}</th>
          <th scope="col" class="num">{label('score')}</th>
          <th scope="col" class="num">{label('ratio')}</th>
          <th scope="col" class="num">{label('factor')}</th>
          <th scope="col">{label('nationalOnlyPart')}</th>
        </tr>
      </thead>
      <tbody>
        {card.groups.flatMap((g) =>
          g.indicators.map((i) => (
            <tr data-indicator={i.id} data-visibility={i.visibility}>
              <th scope="row">{i.id} {indicatorName(i.id, i.name)}</th>
              <td>{groupName(g.id, g.name)}</td>
              <td class="num">{points(i.points)}</td>
              <td class="num" data-value={i.score ?? ''}>{i.visibility === 'national_only' ? <span class="badge badge-national">{label('nationalOnly')}</span> : points(i.score)}</td>
              <td class="num">{i.ratio === null ? '–' : `${points(i.ratio * 100)} % (${i.numerator ?? 0}/${i.denominator ?? 0})`}</td>
              <td class="num" data-column="factor" data-value={i.factor ?? ''}>{i.factor === undefined ? '–' : points(i.factor)}</td>
              {/* The API words this part in English; shown as given. */}
              <td data-column="national-only-part" lang="en">{i.nationalOnlyPart ?? '–'}</td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}

export interface TrendMonth {
  month: string;
  score: number;
  groups: Record<string, number>;
  received: number;
}

/**
 * Monthly score (line) with the numbers in a disclosure table. A month with no dossier received
 * is a gap in the line: the API scores an empty month by the indicators' "nothing to judge" rule
 * (30 points today), which is no performance to draw.
 */
export function MonthlyTrend({ months, testId }: { months: TrendMonth[]; testId: string }) {
  const label = t.value;
  return (
    <figure data-testid={testId}>
      <figcaption>{label('monthlyTrend')}</figcaption>
      <ChartView
        type="line"
        summary={`${label('monthlyTrend')}: ${months.map((m) => `${m.month} ${m.received > 0 ? points(m.score) : '–'}`).join(', ')}`}
        labels={months.map((m) => m.month)}
        datasets={[{ label: label('score'), data: months.map((m) => (m.received > 0 ? m.score : null)), spanGaps: false, borderColor: colours.line, backgroundColor: colours.line, tension: 0.2 }]}
        options={{ scales: { y: { beginAtZero: true } } }}
      />
      <details>
        <summary>{label('dataTable')}</summary>
        <table data-testid={`${testId}-table`}>
          <thead>
            <tr>
              <th scope="col">{label('month')}</th>
              <th scope="col" class="num">{label('score')}</th>
              <th scope="col" class="num">{label('receivedCount')}</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr>
                <th scope="row">{m.month}</th>
                <td class="num">{points(m.score)}</td>
                <td class="num">{m.received}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
