import { dateTime, points } from '../format';
import { reasonName, t } from '../i18n';
import { period, PeriodPicker } from '../period';
import { PublicationState } from '../publication-state';
import { GroupsRadar, GroupsTable, IndicatorsTable, MonthlyTrend, ScoreDoughnut, type Scorecard, type TrendMonth } from '../scorecard-charts';
import { useData } from '../use-data';
import { CsvButton, LoadState } from './insight';

interface AtRisk {
  dossierCode: string;
  month: string;
  procedureCode: string;
  dueAt: string | null;
  reasons: { reason: string; points: number }[];
  pointsAtStake: number;
  kind: 'costing' | 'at_risk';
}

/** One unit: its score doughnut, group radar, trend, indicators, and the dossiers costing it points. */
export function InsightUnit({ unit }: { unit: string }) {
  const label = t.value;
  const p = encodeURIComponent(period.value);
  const u = encodeURIComponent(unit);
  const card = useData<Scorecard>(`/v1/insight/scorecard?unit=${u}&period=${p}`, 30_000);
  const trend = useData<{ months: TrendMonth[] }>(`/v1/insight/trend?unit=${u}&months=12`, 60_000);
  const risks = useData<{ dossiers: AtRisk[] }>(`/v1/insight/units/${u}/at-risk?period=${p}`, 30_000);
  const unitCard = card.data.value;
  return (
    <section aria-labelledby="unit-title">
      <p>
        <a href="#/insight">← {label('backToScorecard')}</a>
      </p>
      <h1 id="unit-title">
        {label('unitScore')}: {unit}
      </h1>
      <div class="filters">
        <PeriodPicker />
      </div>
      {!unitCard ? (
        <LoadState loaded={card} />
      ) : (
        <>
          <div class="charts">
            <ScoreDoughnut card={unitCard} title={`${unit} · ${period.value}`} testId="unit-doughnut" />
            <GroupsRadar card={unitCard} testId="unit-radar" />
          </div>
          <PublicationState score={unitCard.score} publication={unitCard.publication} />
          <details open>
            <summary>{label('groups')}</summary>
            <GroupsTable card={unitCard} />
          </details>
          <details>
            <summary>{label('indicators')}</summary>
            <IndicatorsTable card={unitCard} />
          </details>
        </>
      )}
      {trend.data.value ? <MonthlyTrend months={trend.data.value.months} testId="unit-trend" /> : <LoadState loaded={trend} />}
      <div class="heading-row">
        <h2 id="at-risk-title">{label('atRisk')}</h2>
        <CsvButton path={`/v1/insight/units/${u}/at-risk?period=${p}&format=csv`} fallbackName={`insight-at-risk-${unit}-${period.value}.csv`} testId="at-risk-csv" />
      </div>
      {!risks.data.value ? (
        <LoadState loaded={risks} />
      ) : risks.data.value.dossiers.length === 0 ? (
        <p>{label('none')}</p>
      ) : (
        <table aria-labelledby="at-risk-title" data-testid="at-risk">
          <thead>
            <tr>
              <th scope="col">{label('dossier')}</th>
              <th scope="col">{label('procedure')}</th>
              <th scope="col">{label('month')}</th>
              <th scope="col">{label('dueAt')}</th>
              <th scope="col">{label('state')}</th>
              <th scope="col">{label('reasons')}</th>
              <th scope="col" class="num">{label('pointsAtStake')}</th>
            </tr>
          </thead>
          <tbody>
            {risks.data.value.dossiers.map((d) => (
              <tr data-dossier={d.dossierCode}>
                <th scope="row">
                  <a href={`#/dossier/${encodeURIComponent(d.dossierCode)}`}>{d.dossierCode}</a>
                </th>
                <td>{d.procedureCode}</td>
                <td>{d.month}</td>
                <td>{dateTime(d.dueAt)}</td>
                <td>
                  <span class={`badge badge-${d.kind}`}>{label(d.kind)}</span>
                </td>
                <td>
                  <ul class="reasons">
                    {d.reasons.map((r) => (
                      <li data-reason={r.reason}>
                        {reasonName(r.reason)} ({points(r.points)})
                      </li>
                    ))}
                  </ul>
                </td>
                <td class="num" data-value={d.pointsAtStake}>{points(d.pointsAtStake)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
