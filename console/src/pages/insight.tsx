import { useSignal } from '@preact/signals';
import { CalendarSummary } from '../calendar-summary';
import { downloadCsv } from '../download';
import { t } from '../i18n';
import { period, PeriodPicker } from '../period';
import { PublicationState } from '../publication-state';
import { GroupsRadar, GroupsTable, IndicatorsTable, MonthlyTrend, ScoreDoughnut, type Scorecard, type TrendMonth } from '../scorecard-charts';
import { UnitTable, type UnitRow } from '../unit-table';
import { useData, type Loaded } from '../use-data';

/** Loading, refused (a key without insight:read) or failed: the same words on every insight page. */
export function LoadState({ loaded }: { loaded: Loaded<unknown> }) {
  const label = t.value;
  if (loaded.status.value === 403) return <p role="alert" class="error">{label('noInsightScope')}</p>;
  if (loaded.error.value) return <p role="alert" class="error">{loaded.error.value}</p>;
  return <p aria-busy="true">{label('loading')}</p>;
}

/** A button that fetches a CSV with the operator key and saves it; the outcome is announced. */
export function CsvButton({ path, fallbackName, testId }: { path: string; fallbackName: string; testId: string }) {
  const label = t.value;
  // The saved file's name (or the failure), labelled at render time so a language switch relabels it.
  const outcome = useSignal<{ saved: string } | { failed: string } | null>(null);
  return (
    <span class="csv">
      <button
        type="button"
        data-testid={testId}
        onClick={async () => {
          try {
            outcome.value = { saved: await downloadCsv(path, fallbackName) };
          } catch (error) {
            outcome.value = { failed: (error as Error).message };
          }
        }}
      >
        {label('exportCsv')}
      </button>{' '}
      <span role="status" class="muted">
        {outcome.value && ('saved' in outcome.value ? `${label('downloaded')}: ${outcome.value.saved}` : `${label('failed')}: ${outcome.value.failed}`)}
      </span>
    </span>
  );
}

/** The city's shadow 766 scorecard: score doughnut, group radar, monthly trend and the by-unit table. */
export function Insight() {
  const label = t.value;
  const p = encodeURIComponent(period.value);
  const card = useData<Scorecard & { configVersion: number }>(`/v1/insight/scorecard?period=${p}`, 30_000);
  const units = useData<{ period: string; units: UnitRow[] }>(`/v1/insight/units?period=${p}`, 30_000);
  const trend = useData<{ months: TrendMonth[] }>('/v1/insight/trend?months=12', 60_000);
  const city = card.data.value;
  return (
    <section aria-labelledby="insight-title">
      <div class="heading-row">
        <h1 id="insight-title">{label('scorecard')}</h1>
      </div>
      <div class="filters">
        <PeriodPicker />
        <CsvButton path={`/v1/insight/units?period=${p}&format=csv`} fallbackName={`insight-units-${period.value}.csv`} testId="units-csv" />
      </div>
      {!city ? (
        <LoadState loaded={card} />
      ) : (
        <>
          <div class="charts">
            <ScoreDoughnut card={city} title={`${label('cityScore')} · ${period.value}`} testId="city-doughnut" />
            <GroupsRadar card={city} testId="city-radar" />
          </div>
          <PublicationState score={city.score} publication={city.publication} />
          <details open>
            <summary>{label('groups')}</summary>
            <GroupsTable card={city} />
          </details>
          <details>
            <summary>{label('indicators')}</summary>
            <IndicatorsTable card={city} />
          </details>
        </>
      )}
      {trend.data.value ? <MonthlyTrend months={trend.data.value.months} testId="city-trend" /> : <LoadState loaded={trend} />}
      <h2>{label('byUnit')}</h2>
      {units.data.value ? (
        units.data.value.units.length === 0 ? <p>{label('none')}</p> : <UnitTable units={units.data.value.units} groups={city?.groups ?? []} />
      ) : (
        <LoadState loaded={units} />
      )}
      <CalendarSummary />
    </section>
  );
}
