import { signal, type Signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { api, ApiError } from './api';

export interface Loaded<T> {
  readonly data: Signal<T | null>;
  readonly error: Signal<string | null>;
  /** The HTTP status of the last failure (403: the key lacks the scope), null when it loaded. */
  readonly status: Signal<number | null>;
  readonly reload: () => Promise<void>;
}

/** Loads a GET answer into signals and refreshes it every `everyMs` while the page is shown. */
export function useData<T>(path: string, everyMs = 10_000): Loaded<T> {
  const state = useMemo(() => ({ data: signal<T | null>(null), error: signal<string | null>(null), status: signal<number | null>(null) }), [path]);
  const reload = async () => {
    try {
      state.data.value = await api<T>('GET', path);
      state.error.value = null;
      state.status.value = null;
    } catch (error) {
      state.error.value = (error as Error).message;
      state.status.value = error instanceof ApiError ? error.status : null;
    }
  };
  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), everyMs);
    return () => clearInterval(timer);
  }, [path]);
  return { ...state, reload };
}
