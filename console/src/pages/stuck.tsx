import { useSignal } from '@preact/signals';
import { api } from '../api';
import { ActionResult, actionResult } from '../action-result';
import { age, dateTime } from '../format';
import { GenericList, otherLists } from '../generic-list';
import { t } from '../i18n';
import { go } from '../router';
import { useData } from '../use-data';

async function act(run: () => Promise<{ ok: boolean; text: string; detail?: unknown }>, after: () => Promise<void>) {
  try {
    actionResult.value = await run();
  } catch (error) {
    actionResult.value = { ok: false, text: (error as Error).message };
  }
  await after();
}

const shownHere = ['dossiers', 'events', 'deadLetters', 'divergences', 'payments'] as const;

export function Stuck() {
  const label = t.value;
  const olderThan = useSignal('0');
  const unit = useSignal('');
  const procedure = useSignal('');
  const errorCode = useSignal('');
  const query = useSignal('olderThanMinutes=0');
  const selected = useSignal<ReadonlySet<string>>(new Set());
  const rate = useSignal('10');
  const { data, error, reload } = useData<any>(`/v1/ops/stuck?${query.value}`);
  const work = data.value;

  const applyFilters = (event: Event) => {
    event.preventDefault();
    const params = new URLSearchParams({ olderThanMinutes: olderThan.value || '0' });
    if (unit.value) params.set('unit', unit.value);
    if (procedure.value) params.set('procedure', procedure.value);
    if (errorCode.value) params.set('errorCode', errorCode.value);
    query.value = params.toString();
    selected.value = new Set();
  };
  const toggle = (code: string) => {
    const next = new Set(selected.value);
    if (next.has(code)) next.delete(code);
    else next.add(code);
    selected.value = next;
  };
  const codes = (work?.dossiers ?? []).map((d: any) => d.dossierCode as string);
  const chosen = selected.value.size ? [...selected.value] : [];

  const resync = (list: string[], dryRun: boolean) =>
    act(async () => {
      const answer = await api('POST', '/v1/ops/resync', { codes: list, dryRun });
      return {
        ok: true,
        text: `${answer.dryRun ? label('preview') : label('queued')}: ${(answer.dryRun ? answer.selected : answer.queued).join(', ')}`,
        detail: dryRun ? answer.previews.map((p: any) => ({ dossierCode: p.dossierCode, [label('payloadHash')]: p.payloadSha256, payload: p.payload })) : undefined,
      };
    }, reload);

  // A reason is required by the API (and ledgered): asked for in a dialog the browser provides, so keyboard and screen readers work.
  const dismiss = (dossierCode: string) => {
    const reason = window.prompt(`${label('dismissReason')} (${dossierCode})`);
    if (reason === null) return Promise.resolve();
    return act(async () => {
      const answer = await api('POST', `/v1/ops/dossiers/${encodeURIComponent(dossierCode)}/dismiss`, { reason });
      return { ok: answer.dismissed, text: `${answer.dossierCode}: ${answer.dismissed ? label('dismissed') : label('nothingToDismiss')}` };
    }, reload);
  };

  const redrive = (queue: string, messageIds?: string[]) =>
    act(async () => {
      const answer = await api('POST', `/v1/ops/queues/${queue}/redrive`, { ratePerSecond: Number(rate.value) || 10, ...(messageIds ? { messageIds } : {}) });
      return { ok: true, text: `${queue}: ${answer.moved.length} ${label('moved')}` };
    }, reload);

  return (
    <section aria-labelledby="stuck-title">
      <div class="heading-row">
        <h1 id="stuck-title">{label('stuck')}</h1>
        <button type="button" onClick={() => void reload()}>{label('refresh')}</button>
      </div>
      <form class="filters" onSubmit={applyFilters}>
        <label>
          {label('olderThan')}
          <input type="number" min="0" inputMode="numeric" value={olderThan.value} onInput={(e) => (olderThan.value = e.currentTarget.value)} />
        </label>
        <label>
          {label('unit')}
          <input value={unit.value} onInput={(e) => (unit.value = e.currentTarget.value)} />
        </label>
        <label>
          {label('procedure')}
          <input value={procedure.value} onInput={(e) => (procedure.value = e.currentTarget.value)} />
        </label>
        <label>
          {label('errorCode')}
          <input value={errorCode.value} onInput={(e) => (errorCode.value = e.currentTarget.value)} />
        </label>
        <button type="submit">{label('filter')}</button>
      </form>
      <ActionResult />
      {error.value && <p role="alert" class="error">{error.value}</p>}
      {!work ? (
        <p aria-busy="true">{label('loading')}</p>
      ) : (
        <>
          <h2 id="dossiers-title">{label('dossiers')} ({work.dossiers.length})</h2>
          <div class="actions">
            <button type="button" disabled={chosen.length === 0} onClick={() => void resync(chosen, true)}>{label('preview')}</button>
            <button type="button" disabled={chosen.length === 0} onClick={() => void resync(chosen, false)}>{label('resyncSelected')}</button>
            <button type="button" disabled={codes.length === 0} onClick={() => void resync(codes, false)}>{label('resyncListed')}</button>
          </div>
          <table aria-labelledby="dossiers-title" data-testid="stuck-dossiers">
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label={label('selectAll')}
                    checked={codes.length > 0 && selected.value.size === codes.length}
                    onChange={(e) => (selected.value = e.currentTarget.checked ? new Set(codes) : new Set())}
                  />
                </th>
                <th scope="col">{label('dossier')}</th>
                <th scope="col">{label('version')}</th>
                <th scope="col">{label('unit')}</th>
                <th scope="col">{label('lag')}</th>
                <th scope="col">{label('attempts')}</th>
                <th scope="col">{label('reason')}</th>
                <th scope="col">{label('nextAttempt')}</th>
              </tr>
            </thead>
            <tbody>
              {work.dossiers.map((d: any) => (
                <tr data-dossier={d.dossierCode}>
                  <td>
                    <input type="checkbox" aria-label={`${label('select')} ${d.dossierCode}`} checked={selected.value.has(d.dossierCode)} onChange={() => toggle(d.dossierCode)} />
                  </td>
                  <th scope="row">
                    <a href={`#/dossier/${encodeURIComponent(d.dossierCode)}`}>{d.dossierCode}</a>
                  </th>
                  <td>{d.version}</td>
                  <td>{d.unitCode ?? '–'}</td>
                  <td>{age(d.lagSeconds)}</td>
                  <td>{d.attempts}</td>
                  <td class="reason">{d.errorCode ?? '–'}{d.permanent ? ' (permanent)' : ''}</td>
                  <td>{dateTime(d.nextAttemptAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2 id="events-title">{label('events')} ({work.events.length})</h2>
          <table aria-labelledby="events-title" data-testid="stuck-events">
            <thead>
              <tr>
                <th scope="col">{label('eventId')}</th>
                <th scope="col">{label('type')}</th>
                <th scope="col">{label('dossier')}</th>
                <th scope="col">{label('state')}</th>
                <th scope="col">{label('attempts')}</th>
                <th scope="col">{label('received')}</th>
                <th scope="col"><span class="visually-hidden">{label('redeliver')}</span></th>
              </tr>
            </thead>
            <tbody>
              {work.events.map((e: any) => (
                <tr>
                  <th scope="row">{e.eventId}</th>
                  <td>{e.type}</td>
                  <td><a href={`#/dossier/${encodeURIComponent(e.dossierCode)}`}>{e.dossierCode}</a></td>
                  <td>{e.status}</td>
                  <td>{e.attempts}</td>
                  <td>{dateTime(e.receivedAt)}</td>
                  <td>
                    <button
                      type="button"
                      aria-label={`${label('redeliver')} ${e.eventId}`}
                      onClick={() => void act(async () => ({ ok: true, text: `${(await api('POST', `/v1/ops/events/${encodeURIComponent(e.eventId)}/redeliver`)).eventId} ${label('queued')}` }), reload)}
                    >
                      {label('redeliver')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2 id="dlq-title">{label('deadLetters')} ({work.deadLetters.length})</h2>
          <div class="actions">
            <label>
              {label('rate')}
              <input type="number" min="0.1" max="100" step="0.1" value={rate.value} onInput={(e) => (rate.value = e.currentTarget.value)} />
            </label>
            <button type="button" onClick={() => void redrive('portalSync')}>{label('redriveAll')}: portalSync</button>
            <button type="button" onClick={() => void redrive('cityDelivery')}>{label('redriveAll')}: cityDelivery</button>
          </div>
          <table aria-labelledby="dlq-title" data-testid="dead-letters">
            <thead>
              <tr>
                <th scope="col">{label('queue')}</th>
                <th scope="col">{label('dossier')} / {label('eventId')}</th>
                <th scope="col">{label('reason')}</th>
                <th scope="col">{label('at')}</th>
                <th scope="col"><span class="visually-hidden">{label('redrive')}</span></th>
              </tr>
            </thead>
            <tbody>
              {work.deadLetters.map((l: any) => (
                <tr>
                  <td>{l.queue}</td>
                  <th scope="row">{l.subject ?? l.messageId}</th>
                  <td class="reason">{l.failureCode ?? '–'}</td>
                  <td>{dateTime(l.failedAt)}</td>
                  <td>
                    <button type="button" aria-label={`${label('redrive')} ${l.subject ?? l.messageId}`} onClick={() => void redrive(l.queue, [l.messageId])}>
                      {label('redrive')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 id="divergences-title">{label('divergences')} ({work.divergences.length})</h2>
          <table aria-labelledby="divergences-title" data-testid="divergences">
            <thead>
              <tr>
                <th scope="col">{label('dossier')}</th>
                <th scope="col">{label('at')}</th>
                <th scope="col">{label('fields')}</th>
                <th scope="col">{label('reopened')}</th>
                <th scope="col"><span class="visually-hidden">{label('dismiss')}</span></th>
              </tr>
            </thead>
            <tbody>
              {work.divergences.map((d: any) => (
                <tr data-divergence={d.dossierCode}>
                  <th scope="row"><a href={`#/dossier/${encodeURIComponent(d.dossierCode)}`}>{d.dossierCode}</a></th>
                  <td>{dateTime(d.checkedAt)}</td>
                  <td>{[...d.fields, d.missingSteps ? `${d.missingSteps} steps missing` : '', d.duplicatedSteps ? `${d.duplicatedSteps} steps duplicated` : ''].filter(Boolean).join(', ') || '–'}</td>
                  <td>{d.reopened ? '✓' : '–'}</td>
                  <td>
                    {/* A reopened divergence is being repaired by a re-sync; only the unrepairable ones wait for an operator. */}
                    {!d.reopened && (
                      <button type="button" aria-label={`${label('dismiss')} ${d.dossierCode}`} onClick={() => void dismiss(d.dossierCode)}>
                        {label('dismiss')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {/* Payments have their own page; every other list the API returns gets a section here. */}
          {otherLists(work, shownHere).map(([name, items]) => (
            <GenericList name={name} items={items} />
          ))}
          {otherLists(work, ['payments']).every(([, items]) => items.length === 0) && <p>{label('nothing')}</p>}
          <p class="muted">
            <button type="button" class="link" onClick={() => go('#/payments')}>{label('payments')} →</button>
          </p>
        </>
      )}
    </section>
  );
}
