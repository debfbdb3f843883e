import { signal } from '@preact/signals';

/** Hash routes (#/overview, #/stuck, #/dossier/<code>, #/payments, #/insight[/unit/<code>], #/reconciliation): a static bucket serves one file. */
export const route = signal(location.hash || '#/overview');
addEventListener('hashchange', () => {
  route.value = location.hash || '#/overview';
});

export function go(hash: string): void {
  location.hash = hash;
}
