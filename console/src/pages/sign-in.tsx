import { useSignal } from '@preact/signals';
import { api, signIn } from '../api';
import { t } from '../i18n';

/** The key is checked against /v1/ops/overview before it is kept (in sessionStorage only). */
export function SignIn() {
  const label = t.value;
  const key = useSignal('');
  const failed = useSignal(false);
  return (
    <section aria-labelledby="sign-in-title" class="sign-in">
      <h1 id="sign-in-title">{label('signIn')}</h1>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await api('GET', '/v1/ops/overview', undefined, key.value.trim());
            signIn(key.value.trim());
          } catch {
            failed.value = true;
          }
        }}
      >
        <label for="operator-key">{label('operatorKey')}</label>
        <input id="operator-key" name="operatorKey" type="password" autoComplete="off" required value={key.value} onInput={(e) => (key.value = e.currentTarget.value)} aria-describedby="key-hint" />
        <p id="key-hint" class="muted">{label('keyHint')}</p>
        {failed.value && <p role="alert" class="error">{label('badKey')}</p>}
        <button type="submit">{label('signIn')}</button>
      </form>
    </section>
  );
}
