import type { ApiClient } from './api/client';
import type { Policy } from './api/types';

/*
 * Policy versions never change once published (a change is a new version), so each one is
 * fetched once per page load and kept.
 */
const cache = new Map<string, Promise<Policy>>();

/** A pinned policy version, asked for once a page load (a failed load is forgotten, so the next asks again). */
export function loadPolicy(api: ApiClient, ref: { readonly id: string; readonly version: number }): Promise<Policy> {
  const key = `${ref.id}@${ref.version}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = api.get<Policy>(`/policies/${encodeURIComponent(ref.id)}`, { version: ref.version });
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}

/** Forgets a version's load (`id@version`), so the next asks the engine again. */
export function forgetPolicy(key: string): void {
  cache.delete(key);
}
