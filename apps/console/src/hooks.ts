import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { useApp } from './app-context';

export interface Async<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  /** Loads again from the engine (not the kept reads), keeping the current data on screen meanwhile. */
  readonly reload: () => void;
}

/**
 * Loads data when its dependencies change; a late answer to an older request is dropped, so
 * typing in a filter never shows the results of a previous keystroke.
 */
export function useAsync<T>(load: () => Promise<T>, deps: DependencyList, kept?: () => T | undefined): Async<T> {
  const { api } = useApp();
  // An answer already kept (`kept`, e.g. from `api.peek`) is shown from the first render.
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>(() => {
    const data = kept?.();
    return data === undefined ? { data: undefined, error: undefined, loading: true } : { data, error: undefined, loading: false };
  });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  // Whether the first render showed a kept answer: the first load then only confirms it.
  const keptShown = useRef(state.data !== undefined);
  useEffect(() => {
    const id = ++latest.current;
    if (keptShown.current) keptShown.current = false;
    else setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => {
        // The very answer on screen changes nothing: no render.
        if (id === latest.current) setState((s) => (s.data === data && !s.loading && s.error === undefined ? s : { data, error: undefined, loading: false }));
      },
      (error: unknown) => {
        if (id === latest.current) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    // `load` is a fresh closure every render; the listed dependencies say when it really changes.
  }, [...deps, tick]);
  const reload = useCallback(() => {
    api.invalidate();
    setTick((n) => n + 1);
  }, [api]);
  return { ...state, reload };
}

/** A value that follows `value` once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
