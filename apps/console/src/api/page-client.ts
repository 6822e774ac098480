import { ApiClient, type ApiClientOptions } from './client';
import { loadSession } from '../session';

/**
 * A client made before the provider that will use it (so reads can start before React renders):
 * until `bind`, it sends the session kept in the browser and remembers a 401, which the provider
 * then treats as its own.
 */
export interface PageClient {
  readonly api: ApiClient;
  bind(options: ApiClientOptions): void;
  /** Whether a request was refused with 401 before `bind` (true once). */
  takeEarlyUnauthorized(): boolean;
}

export function createPageClient(): PageClient {
  let early = false;
  let current: ApiClientOptions = {
    token: () => loadSession()?.token,
    onUnauthorized: () => {
      early = true;
    },
  };
  return {
    api: new ApiClient({ token: () => current.token(), onUnauthorized: () => current.onUnauthorized() }),
    bind: (options) => {
      current = options;
    },
    takeEarlyUnauthorized: () => {
      const was = early;
      early = false;
      return was;
    },
  };
}
