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
export function useAsync<T>(load: () => Promise<T>, deps: DependencyList): Async<T> {
  const { api } = useApp();
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const id = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => {
        if (id === latest.current) setState({ data, error: undefined, loading: false });
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
