import { DossierLinks } from './dossier-links';
import { dateTime, points } from './format';
import { t } from './i18n';

/** `publication` of a scorecard (contracts/insight/scorecard.ts): present once a month of the period is frozen. */
export interface Publication {
  status: 'live' | 'frozen' | 'partly_frozen';
  frozenMonths: { month: string; frozenAt: string }[];
  adjustments: { score: number; counters: Record<string, number>; dossiers: string[] };
}

const signed = (n: number) => (n > 0 ? `+${points(n)}` : points(n));

/**
 * Whether the figures shown are the published ones of a frozen month or live ones, and how far late
 * corrections have moved the live score since publication (the published figures stay as shown).
 */
export function PublicationState({ score, publication }: { score: number; publication: Publication | undefined }) {
  const label = t.value;
  const status = publication?.status ?? 'live';
  const adjustments = publication?.adjustments;
  return (
    <div class="publication" data-testid="publication" data-status={status}>
      <p>
        <strong>{label('publication')}:</strong> <span class={`badge badge-${status === 'live' ? 'idle' : 'up'}`}>{label(status)}</span>
        {publication && publication.frozenMonths.length > 0 && (
          <span class="muted">
            {' '}
            ({publication.frozenMonths.map((m) => `${m.month} ${label('frozenAt')} ${dateTime(m.frozenAt)}`).join('; ')})
          </span>
        )}
      </p>
      {adjustments && status !== 'live' && (
        <dl class="adjustments" data-testid="adjustments">
          <dt>{label('publishedScore')}</dt>
          <dd data-value={score}>{points(score)}</dd>
          <dt>{label('liveScore')}</dt>
          <dd data-testid="live-score" data-value={Math.round((score + adjustments.score) * 100) / 100}>
            {points(score + adjustments.score)} ({signed(adjustments.score)})
          </dd>
          <dt>{label('adjustments')}</dt>
          <dd data-testid="adjustment-count" data-value={adjustments.dossiers.length}>
            {adjustments.dossiers.length}
          </dd>
          <dt>{label('movedCounters')}</dt>
          <dd data-testid="moved-counters">
            {Object.keys(adjustments.counters).length === 0
              ? '–'
              : Object.entries(adjustments.counters)
                  .map(([counter, n]) => `${counter} ${n > 0 ? '+' : ''}${n}`)
                  .join(', ')}
          </dd>
          <dt>{label('correctedDossiers')}</dt>
          <dd>
            <DossierLinks codes={adjustments.dossiers} />
          </dd>
        </dl>
      )}
    </div>
  );
}
