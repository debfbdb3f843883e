import { dateTime } from '../format';
import { t } from '../i18n';
import { useData } from '../use-data';

export function Payments() {
  const label = t.value;
  const { data, error } = useData<any>('/v1/ops/stuck?kind=payments&olderThanMinutes=0');
  const work = data.value;
  return (
    <section aria-labelledby="payments-title">
      <h1 id="payments-title">{label('payments')}</h1>
      {error.value && <p role="alert" class="error">{error.value}</p>}
      {!work ? (
        <p aria-busy="true">{label('loading')}</p>
      ) : work.payments.length === 0 ? (
        <p>{label('nothing')}</p>
      ) : (
        <table data-testid="payments">
          <thead>
            <tr>
              <th scope="col">{label('payment')}</th>
              <th scope="col">{label('dossier')}</th>
              <th scope="col">{label('provider')}</th>
              <th scope="col">{label('state')}</th>
              <th scope="col">{label('amount')}</th>
              <th scope="col">{label('reason')}</th>
              <th scope="col">{label('expires')}</th>
            </tr>
          </thead>
          <tbody>
            {work.payments.map((p: any) => (
              <tr>
                <th scope="row">{p.paymentId}</th>
                <td><a href={`#/dossier/${encodeURIComponent(p.dossierCode)}`}>{p.dossierCode}</a></td>
                <td>{p.provider}</td>
                <td>{p.status}</td>
                <td>{p.amount.toLocaleString('vi-VN')}</td>
                <td>{p.reason}{p.exceptions.length ? `: ${p.exceptions.map((x: any) => x.kind).join(', ')}` : ''}</td>
                <td>{dateTime(p.expiresAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
