import type { ApiClient } from './api/client';
import type { Policy } from './api/types';

/*
 * Policy versions never change once published (a change is a new version), so each one is
 * fetched once per page load and kept.
 */
const cache = new Map<string, Promise<Policy>>();
/** The versions arrived, by `id@version`, for a page's first render. */
const arrived = new Map<string, Policy>();

/** A pinned policy version, asked for once a page load (a failed load is forgotten, so the next asks again). */
export function loadPolicy(api: ApiClient, ref: { readonly id: string; readonly version: number }): Promise<Policy> {
  const key = `${ref.id}@${ref.version}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = api.get<Policy>(`/policies/${encodeURIComponent(ref.id)}`, { version: ref.version });
    pending.then(
      (policy) => arrived.set(key, policy),
      () => cache.delete(key),
    );
    cache.set(key, pending);
  }
  return pending;
}

/** The version if it has already arrived (asks for nothing). */
export function peekPolicy(ref: { readonly id: string; readonly version: number }): Policy | undefined {
  const key = `${ref.id}@${ref.version}`;
  return cache.has(key) ? arrived.get(key) : undefined;
}

/** Forgets a version's load (`id@version`), so the next asks the engine again. */
export function forgetPolicy(key: string): void {
  cache.delete(key);
  arrived.delete(key);
}
