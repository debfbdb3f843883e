import { signal, type Signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { api } from './api';

export interface Loaded<T> {
  readonly data: Signal<T | null>;
  readonly error: Signal<string | null>;
  readonly reload: () => Promise<void>;
}

/** Loads a GET answer into signals and refreshes it every `everyMs` while the page is shown. */
export function useData<T>(path: string, everyMs = 10_000): Loaded<T> {
  const state = useMemo(() => ({ data: signal<T | null>(null), error: signal<string | null>(null) }), [path]);
  const reload = async () => {
    try {
      state.data.value = await api<T>('GET', path);
      state.error.value = null;
    } catch (error) {
      state.error.value = (error as Error).message;
    }
  };
  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), everyMs);
    return () => clearInterval(timer);
  }, [path]);
  return { ...state, reload };
}
