import { signal } from '@preact/signals';
import { t } from './i18n';

/** The last action's outcome, announced politely to screen readers. */
export const actionResult = signal<{ ok: boolean; text: string; detail?: unknown } | null>(null);

export function ActionResult() {
  const result = actionResult.value;
  const label = t.value;
  return (
    <div aria-live="polite" class="action-result" data-testid="action-result">
      {result && (
        <div class={result.ok ? 'notice' : 'error'} role={result.ok ? 'status' : 'alert'}>
          <strong>{result.ok ? label('result') : label('failed')}:</strong> {result.text}
          {result.detail !== undefined && <pre tabIndex={0}>{JSON.stringify(result.detail, null, 2)}</pre>}
        </div>
      )}
    </div>
  );
}
