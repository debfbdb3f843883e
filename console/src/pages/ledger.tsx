import { useSignal } from '@preact/signals';
import { api } from '../api';
import { dateTime } from '../format';
import { t } from '../i18n';

const partners = ['', 'portal', 'city', 'identity', 'payment', 'operator'] as const;
const today = () => new Date().toISOString().slice(0, 10);

/**
 * The ledger's verification for one partner and one UTC day (GET /v1/ops/ledger/verify): run when
 * asked, never on a timer — it reads every anchor of the partner. Read-only, like the CLI's.
 */
export function Ledger() {
  const label = t.value;
  const partner = useSignal<string>('');
  const day = useSignal(today());
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const report = useSignal<any>(null);

  const run = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    error.value = null;
    try {
      report.value = await api('GET', `/v1/ops/ledger/verify?${new URLSearchParams({ ...(partner.value ? { partner: partner.value } : {}), day: day.value })}`);
    } catch (failure) {
      report.value = null;
      error.value = (failure as Error).message;
    } finally {
      busy.value = false;
    }
  };
  const where = (p: { seq: number | null; leaf: number | null; key: string | null }) =>
    [p.seq !== null ? `${label('tree')} ${p.seq}` : '', p.leaf !== null ? `${label('leaf')} ${p.leaf}` : ''].filter(Boolean).join(' · ') || '–';
  const r = report.value;
  return (
    <section aria-labelledby="ledger-title">
      <h1 id="ledger-title">{label('ledger')}</h1>
      <p class="muted">{label('ledgerHint')}</p>
      <form class="filters" onSubmit={run}>
        <label>
          {label('partner')}
          <select value={partner.value} onChange={(e) => (partner.value = e.currentTarget.value)}>
            {partners.map((p) => (
              <option value={p}>{p || label('allPartners')}</option>
            ))}
          </select>
        </label>
        <label>
          {label('dayUtc')}
          <input type="date" required value={day.value} onInput={(e) => (day.value = e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy.value}>{label('verifyLedger')}</button>
      </form>
      {busy.value && <p aria-busy="true">{label('loading')}</p>}
      {error.value && <p role="alert" class="error">{error.value}</p>}
      {r && (
        <>
          <p role="status" data-testid="ledger-verdict" class={r.intact ? 'notice' : 'error'}>
            <strong>{r.intact ? label('ledgerIntact') : label('ledgerNotIntact')}</strong> — {r.day} ({label('lateBound')}: {r.lateBoundSeconds} s)
            {r.nothingSealed && <> — {label('nothingSealed')}</>}
          </p>
          {r.partners.map((p: any) => (
            <PartnerReport report={p} where={where} />
          ))}
        </>
      )}
    </section>
  );
}

function PartnerReport({ report: p, where }: { report: any; where: (position: any) => string }) {
  const label = t.value;
  return (
    <section aria-labelledby={`ledger-${p.partner}`} data-partner={p.partner} class="ledger-partner">
      <h2 id={`ledger-${p.partner}`}>
        {p.partner}: <span class={`badge badge-${p.intact ? 'up' : 'down'}`}>{p.intact ? label('ledgerIntact') : label('ledgerNotIntact')}</span>
      </h2>
      <p data-testid={`ledger-counts-${p.partner}`}>
        {p.anchors} {label('trees')}, {p.sealedChecked} {label('sealedChecked')}, {p.unsealed} {label('unsealed')}, {p.findings.length} {label('findings')}
        {p.nothingSealed && <> — {label('nothingSealed')}</>}
      </p>
      {p.findings.length > 0 && (
        <table data-testid={`ledger-findings-${p.partner}`}>
          <caption>{label('findings')}</caption>
          <thead>
            <tr>
              <th scope="col">{label('kind')}</th>
              <th scope="col">{label('position')}</th>
              <th scope="col">{label('ledgerKey')}</th>
              <th scope="col">{label('what')}</th>
            </tr>
          </thead>
          <tbody>
            {p.findings.map((f: any) => (
              <tr data-kind={f.kind}>
                <th scope="row">{f.kind}</th>
                <td>{where(f.position)}</td>
                <td><code>{f.position.key ?? '–'}</code></td>
                <td>{f.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.sealedLate.length > 0 && (
        <table data-testid={`ledger-sealed-late-${p.partner}`}>
          <caption>{label('sealedLate')}</caption>
          <thead>
            <tr>
              <th scope="col">{label('position')}</th>
              <th scope="col">{label('at')}</th>
              <th scope="col">{label('sealedAt')}</th>
              <th scope="col">{label('lateSeconds')}</th>
            </tr>
          </thead>
          <tbody>
            {p.sealedLate.map((l: any) => (
              <tr>
                <th scope="row">{where(l.position)}</th>
                <td>{dateTime(l.writtenAt)}</td>
                <td>{dateTime(l.sealedAt)}</td>
                <td>{l.lateSeconds}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
