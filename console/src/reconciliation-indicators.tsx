import { DossierLinks, Explanations } from './dossier-links';
import { points } from './format';
import { indicatorName, t } from './i18n';

interface Figures {
  numerator: number;
  denominator: number;
  score: number;
}
/** One indicator of a unit in /v1/insight/reconciliation (contracts/insight/views.ts). */
export interface IndicatorReconciliation {
  id: string;
  name: string;
  points: number;
  shadow: Figures | null;
  official: Figures | null;
  difference: Figures | null;
  explanations: string[];
  dossiers: string[];
}

const figures = (f: Figures | null) => (f ? `${f.numerator}/${f.denominator} · ${points(f.score)}` : '–');
const signed = (n: number) => (n > 0 ? `+${points(n)}` : points(n));

/** Every indicator of one unit, shadow beside official: numerator/denominator · points, the gap and the dossiers behind it. */
export function ReconciliationIndicators({ unit, indicators }: { unit: string; indicators: IndicatorReconciliation[] }) {
  const label = t.value;
  const captionId = `indicators-${unit.replace(/[^A-Za-z0-9]/g, '-')}`;
  return (
    <table data-testid="unit-indicators" data-unit={unit} aria-labelledby={captionId}>
      <caption id={captionId}>
        {label('indicators')}: {unit}
      </caption>
      <thead>
        <tr>
          <th scope="col">{label('indicator')}</th>
          <th scope="col" class="num">{label('points')}</th>
          <th scope="col">
            {label('shadow')}
            <br />
            <span class="muted">{label('fraction')}</span>
          </th>
          <th scope="col">
            {label('official')}
            <br />
            <span class="muted">{label('fraction')}</span>
          </th>
          <th scope="col">{label('difference')}</th>
          <th scope="col" class="num">{label('difference')} ({label('score')})</th>
          <th scope="col">{label('explanations')}</th>
          <th scope="col">{label('explainingDossiers')}</th>
        </tr>
      </thead>
      <tbody>
        {indicators.map((i) => (
          <tr data-indicator={i.id}>
            <th scope="row">
              {i.id} {indicatorName(i.id, i.name)}
            </th>
            <td class="num">{points(i.points)}</td>
            <td data-column="shadow" data-value={i.shadow ? `${i.shadow.numerator}/${i.shadow.denominator}/${i.shadow.score}` : ''}>{figures(i.shadow)}</td>
            <td data-column="official" data-value={i.official ? `${i.official.numerator}/${i.official.denominator}/${i.official.score}` : ''}>{figures(i.official)}</td>
            <td data-column="difference" data-value={i.difference ? `${i.difference.numerator}/${i.difference.denominator}` : ''}>
              {i.difference ? `${signed(i.difference.numerator)}/${signed(i.difference.denominator)}` : '–'}
            </td>
            <td class="num" data-column="score-difference" data-value={i.difference?.score ?? ''}>{i.difference ? signed(i.difference.score) : '–'}</td>
            <td>
              <Explanations items={i.explanations} />
            </td>
            <td data-column="dossiers">
              <DossierLinks codes={i.dossiers} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
