import { stateLabels, language, t } from '../i18n';
import { age, dateTime, percent } from '../format';
import { TrendChart } from '../trend-chart';
import { useData } from '../use-data';

export function Overview() {
  const { data, error, reload } = useData<any>('/v1/ops/overview');
  const label = t.value;
  const overview = data.value;
  return (
    <section aria-labelledby="overview-title">
      <div class="heading-row">
        <h1 id="overview-title">{label('overview')}</h1>
        <button type="button" onClick={() => void reload()}>{label('refresh')}</button>
      </div>
      {error.value && <p role="alert" class="error">{error.value}</p>}
      {!overview ? (
        <p aria-busy="true">{label('loading')}</p>
      ) : (
        <>
          <p class="muted">{label('lastUpdated')}: {dateTime(overview.generatedAt)}</p>
          {overview.unavailable?.length > 0 && (
            <div role="alert" class="error" data-testid="overview-unavailable">
              <p>{label('partsUnavailable')}</p>
              <ul>
                {overview.unavailable.map((gap: any) => (
                  <li data-part={gap.part}>
                    {label(`part-${gap.part}` as never)}: {gap.source} — <code>{gap.errorCode}</code>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <h2>{label('stuckCounts')}</h2>
          <ul class="cards" data-testid="stuck-counts">
            {Object.entries(overview.stuck ?? {}).map(([key, value]) => (
              <li class={`card ${typeof value === 'number' && value > 0 ? 'card-alert' : ''}`}>
                <span class="card-value" data-testid={`stuck-${key}`}>{value ?? label('notTracked')}</span>
                <span class="card-label">{label(key as never)}</span>
              </li>
            ))}
          </ul>
          <h2>{label('trend')}</h2>
          <TrendChart points={overview.trend} />
          <h2>{label('partners')}</h2>
          <table data-testid="partners">
            <thead>
              <tr>
                <th scope="col">{label('partner')}</th>
                <th scope="col">{label('state')}</th>
                <th scope="col">{label('lastSuccess')}</th>
                <th scope="col">{label('errors5')}</th>
                <th scope="col">{label('errors60')}</th>
                <th scope="col">{label('calls60')}</th>
                <th scope="col">{label('latency')}</th>
                <th scope="col">{label('topError')}</th>
                <th scope="col">{label('parked')}</th>
                <th scope="col">{label('pace')}</th>
                {overview.partners.some((p: any) => p.unknownReason) && <th scope="col">{label('unknownReason')}</th>}
              </tr>
            </thead>
            <tbody>
              {overview.partners.map((p: any) => (
                <tr data-partner={p.partner}>
                  <th scope="row">{p.partner}</th>
                  <td><span class={`badge badge-${p.state}`}>{stateLabels[p.state]?.[language.value] ?? p.state}</span></td>
                  <td>{dateTime(p.lastSuccessAt)}</td>
                  <td>{percent(p.errorRate5m)}</td>
                  <td>{percent(p.errorRate60m)}</td>
                  <td>{p.calls60m ?? '–'}</td>
                  <td>{p.latencyP50Ms ?? '–'} / {p.latencyP99Ms ?? '–'}</td>
                  <td>{p.topErrors[0] ? `${p.topErrors[0].code} ×${p.topErrors[0].count}` : '–'}</td>
                  <td>{p.parked ?? '–'}</td>
                  <td>{p.pacePerSecond ?? '–'}</td>
                  {overview.partners.some((q: any) => q.unknownReason) && <td class="reason" data-testid={`unknown-${p.partner}`}>{p.unknownReason ?? '–'}</td>}
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{label('queues')}</h2>
          <table data-testid="queues">
            <thead>
              <tr>
                <th scope="col">{label('queue')}</th>
                <th scope="col">{label('depth')}</th>
                <th scope="col">{label('inFlight')}</th>
                <th scope="col">{label('oldest')}</th>
                <th scope="col">{label('dlq')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.queues.map((q: any) => (
                <tr>
                  <th scope="row">{q.queue}</th>
                  <td>{q.depth}</td>
                  <td>{q.inFlight}</td>
                  <td>{age(q.oldestAgeSeconds)}</td>
                  <td>{q.deadLetterDepth}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
