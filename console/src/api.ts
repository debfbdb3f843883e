import { computed, signal } from '@preact/signals';

/**
 * The console talks to the gateway's /v1/ops on the same origin (the twin serves both; in AWS
 * CloudFront routes /v1/* to the API), with the operator key from this browser session only.
 */
const storageKey = 'lienthong.operatorKey';
export const operatorKey = signal<string | null>(sessionStorage.getItem(storageKey));
export const signedIn = computed(() => operatorKey.value !== null);

export function signIn(key: string): void {
  sessionStorage.setItem(storageKey, key);
  operatorKey.value = key;
}

export function signOut(): void {
  sessionStorage.removeItem(storageKey);
  operatorKey.value = null;
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export async function api<T = any>(method: 'GET' | 'POST', path: string, body?: unknown, key = operatorKey.value): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${key ?? ''}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (response.status === 401) signOut();
  if (!response.ok) throw new ApiError(response.status, parsed?.detail ?? parsed?.title ?? `HTTP ${response.status}`);
  return parsed as T;
}
