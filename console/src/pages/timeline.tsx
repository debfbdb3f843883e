import { useSignal } from '@preact/signals';
import { api } from '../api';
import { ActionResult, actionResult } from '../action-result';
import { dateTime } from '../format';
import { kindName, t } from '../i18n';
import { go } from '../router';
import { useData } from '../use-data';

export function Timeline({ code }: { code: string | null }) {
  const label = t.value;
  const input = useSignal(code ?? '');
  return (
    <section aria-labelledby="timeline-title">
      <h1 id="timeline-title">{label('timeline')}</h1>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (input.value.trim()) go(`#/dossier/${encodeURIComponent(input.value.trim())}`);
        }}
      >
        <label>
          {label('dossier')}
          <input name="dossier" value={input.value} onInput={(e) => (input.value = e.currentTarget.value)} />
        </label>
        <button type="submit">{label('show')}</button>
      </form>
      {code && <TimelineTable code={code} />}
    </section>
  );
}

function TimelineTable({ code }: { code: string }) {
  const label = t.value;
  const { data, error, reload } = useData<any>(`/v1/ops/dossiers/${encodeURIComponent(code)}/timeline`);
  const verify = async () => {
    try {
      const answer = await api('POST', `/v1/ops/dossiers/${encodeURIComponent(code)}/verify`);
      actionResult.value = { ok: answer.outcome !== 'error', text: `${label('verify')}: ${answer.outcome}${answer.reopened ? ` (${label('reopened')})` : ''}`, detail: answer.divergence ?? undefined };
    } catch (failure) {
      actionResult.value = { ok: false, text: (failure as Error).message };
    }
    await reload();
  };
  // "Mark as unsynced": the acknowledgement is forgotten and the latest snapshot sent again.
  const resyncOne = async () => {
    try {
      const answer = await api('POST', '/v1/ops/resync', { codes: [code], scope: 'all' });
      actionResult.value = { ok: true, text: `${label('queued')}: ${answer.queued.join(', ')}` };
    } catch (failure) {
      actionResult.value = { ok: false, text: (failure as Error).message };
    }
    await reload();
  };
  const timeline = data.value;
  if (error.value) return <p role="alert" class="error">{error.value}</p>;
  if (!timeline) return <p aria-busy="true">{label('loading')}</p>;
  return (
    <>
      <h2>
        {timeline.dossierCode} · {label('version')} {timeline.version} · {timeline.status}
      </h2>
      <p data-testid="sync-state">
        {label('sync')}: <span class={`badge badge-${timeline.sync.state === 'synced' ? 'up' : 'down'}`}>{timeline.sync.state}</span> · ack {timeline.sync.ackVersion ?? '–'} · {label('attempts')}{' '}
        {timeline.sync.attempts}
        {timeline.sync.lastError ? ` · ${timeline.sync.lastError}` : ''}
      </p>
      <div class="actions">
        <button type="button" onClick={() => void verify()}>{label('verify')}</button>
        <button type="button" onClick={() => void resyncOne()}>{label('resyncOne')}</button>
      </div>
      <ActionResult />
      {timeline.ledgerUnavailable && (
        <p role="alert" class="error" data-testid="ledger-unavailable">
          {label('ledgerUnavailable')} (<code>{timeline.ledgerUnavailable}</code>)
        </p>
      )}
      <table data-testid="timeline">
        <thead>
          <tr>
            <th scope="col">{label('at')}</th>
            <th scope="col">{label('kind')}</th>
            <th scope="col" class="num">{label('version')}</th>
            <th scope="col">{label('partner')}</th>
            <th scope="col">{label('outcome')}</th>
            <th scope="col">HTTP</th>
            <th scope="col">{label('errorCode')}</th>
            <th scope="col">ms</th>
            <th scope="col">{label('what')}</th>
            <th scope="col">{label('reference')}</th>
            <th scope="col">{label('ledgerRecord')}</th>
          </tr>
        </thead>
        <tbody>
          {/* Every entry renders from its common fields, whatever its kind: kinds added to the API show as they come. */}
          {timeline.entries.map((e: any) => (
            <tr data-kind={e.kind} data-outcome={e.outcome}>
              <td>{dateTime(e.at)}</td>
              <td>{kindName(e.kind)}</td>
              {/* The version a received version or a portal acknowledgement is about; a refused version shows as rejected. */}
              <td class="num" data-column="version">{e.version ?? '–'}</td>
              <td>{e.partner}</td>
              <td><span class={`badge badge-${e.outcome === 'ok' ? 'up' : e.outcome === 'info' ? 'idle' : 'down'}`}>{e.outcome}</span></td>
              <td>{e.httpStatus ?? '–'}</td>
              <td>{e.errorCode ?? '–'}</td>
              <td>{e.durationMs ?? '–'}</td>
              <td>{e.summary}</td>
              {/* A received version's reference is the content hash (sha256:…): equal hashes, same content. */}
              <td data-column="reference">{e.reference ? e.kind === 'version-received' ? <code>{e.reference}</code> : e.reference : '–'}</td>
              <td><code>{e.ledgerRecordId ?? (e.kind === 'ledger-record-lost' ? label('notWritten') : '–')}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
