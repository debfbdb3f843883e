import { DossierLinks, Explanations } from '../dossier-links';
import { dateTime, points } from '../format';
import { t } from '../i18n';
import { monthOf, period, PeriodPicker } from '../period';
import { ReconciliationIndicators, type IndicatorReconciliation } from '../reconciliation-indicators';
import { useData } from '../use-data';
import { LoadState } from './insight';

interface Progress {
  received: number;
  onTime: number;
  overdue: number;
  progressScore: number;
}
interface Row {
  unitKey: string | null;
  unitName: string;
  shadow: Progress | null;
  official: Progress | null;
  difference: { received: number; onTime: number; progressScore: number };
  scoreDifference: number;
  explanations: string[];
  dossiers: string[];
  indicators: IndicatorReconciliation[];
}

const figures = (p: Progress | null) => (p ? `${p.received} / ${p.onTime} / ${p.overdue} · ${points(p.progressScore)}` : '–');
const signed = (n: number) => (n > 0 ? `+${points(n)}` : points(n));

/**
 * Shadow vs official per unit: a summary row (2.1 progress figures and the score gap over every
 * indicator both publish), then each unit's indicators one by one with the dossiers explaining the gap.
 */
export function Reconciliation() {
  const label = t.value;
  const month = monthOf(period.value);
  const loaded = useData<{ period: string; pulledAt: string | null; units: Row[] }>(`/v1/insight/reconciliation?period=${month}`, 60_000);
  const answer = loaded.data.value;
  return (
    <section aria-labelledby="reconciliation-title">
      <h1 id="reconciliation-title">{label('reconciliation')}</h1>
      <div class="filters">
        <PeriodPicker monthsOnly />
      </div>
      <p class="muted">{label('reconciledIndicator')}</p>
      {!answer ? (
        <LoadState loaded={loaded} />
      ) : (
        <>
          <p data-testid="pulled-at">
            {label('pulledAt')}: {answer.pulledAt ? dateTime(answer.pulledAt) : label('notPulled')}
          </p>
          {answer.units.length === 0 ? (
            <p>{label('none')}</p>
          ) : (
            <table data-testid="reconciliation">
              <thead>
                <tr>
                  <th scope="col">{label('unit')}</th>
                  <th scope="col">
                    {label('shadow')}
                    <br />
                    <span class="muted">{label('receivedCount')} / {label('onTime')} / {label('overdueCount')} · {label('score')}</span>
                  </th>
                  <th scope="col">
                    {label('official')}
                    <br />
                    <span class="muted">{label('receivedCount')} / {label('onTime')} / {label('overdueCount')} · {label('score')}</span>
                  </th>
                  <th scope="col" class="num">{label('difference')} ({label('receivedCount')})</th>
                  <th scope="col" class="num">{label('difference')} ({label('score')})</th>
                  <th scope="col" class="num">{label('scoreDifference')}</th>
                  <th scope="col">{label('explanations')}</th>
                  <th scope="col">{label('explainingDossiers')}</th>
                </tr>
              </thead>
              <tbody>
                {answer.units.map((r) => (
                  <tr data-unit={r.unitKey ?? r.unitName}>
                    <th scope="row">
                      {r.unitKey ? <a href={`#/insight/unit/${encodeURIComponent(r.unitKey)}`}>{r.unitKey}</a> : null} {r.unitName}
                    </th>
                    <td data-column="shadow">{figures(r.shadow)}</td>
                    <td data-column="official">{figures(r.official)}</td>
                    <td class="num" data-column="received-difference" data-value={r.difference.received}>{signed(r.difference.received)}</td>
                    <td class="num" data-column="score-difference" data-value={r.difference.progressScore}>{signed(r.difference.progressScore)}</td>
                    <td class="num" data-column="total-score-difference" data-value={r.scoreDifference}>{signed(r.scoreDifference)}</td>
                    <td>
                      <Explanations items={r.explanations} />
                    </td>
                    <td data-column="dossiers">
                      <DossierLinks codes={r.dossiers} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {answer.units.map((r) => (
            <ReconciliationIndicators unit={r.unitKey ?? r.unitName} indicators={r.indicators} />
          ))}
        </>
      )}
    </section>
  );
}
