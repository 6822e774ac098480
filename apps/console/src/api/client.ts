import { QueryCache } from './query-cache';
import type { Problem } from './types';
import { sendUpload, type UploadProgress, type UploadXhr } from './upload';

/** An answer other than 2xx, as the engine's Problem Details (or one made up for a network failure). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }
}

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export interface ApiClientOptions {
  /** The bearer token to send, if signed in. */
  readonly token: () => string | undefined;
  /** Called on every 401: the session is gone or was never there. */
  readonly onUnauthorized: () => void;
}

const BASE = '/api/v1';

/**
 * The language the page is shown in (the `lang` the language switch sets on the document), sent
 * as `Accept-Language` so the engine's refusals come in the same language: Vietnamese unless the
 * page is in English.
 */
function pageLanguage(): 'vi' | 'en' {
  return typeof document !== 'undefined' && document.documentElement.lang === 'en' ? 'en' : 'vi';
}

function withQuery(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return `${BASE}${path}${text ? `${path.includes('?') ? '&' : '?'}${text}` : ''}`;
}

async function problemOf(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      return { ...body, status: response.status };
    } catch {
      // Fall through to a problem made from the status alone.
    }
  }
  return { status: response.status, title: response.statusText };
}

/**
 * The engine's HTTP API as the console uses it: bearer token on every request, JSON in and out,
 * `If-Match` for commands, Problem Details for every failure, in the page's language.
 *
 * @example
 * const page = await api.get<ProjectPage>('/projects', { q: 'keo khom', limit: 100 });
 */
export class ApiClient {
  private readonly reads = new QueryCache();

  constructor(private readonly options: ApiClientOptions) {}

  /**
   * A read, shared with any identical one in flight and reused for a short while (see
   * `QueryCache`); every command empties the cache.
   */
  get<T>(path: string, query?: Query): Promise<T> {
    const url = withQuery(path, query);
    return this.reads.get(`${pageLanguage()} ${url}`, () => this.request<T>('GET', url));
  }

  /** The answer of an identical read already arrived and kept, if any (asks for nothing). */
  peek<T>(path: string, query?: Query): T | undefined {
    return this.reads.peek<T>(`${pageLanguage()} ${withQuery(path, query)}`);
  }

  /** Forgets every kept read (after a sign-in or sign-out, or when the person asks to reload). */
  invalidate(): void {
    this.reads.clear();
  }

  /**
   * A GET of a route other issues are still building: undefined when the route answers 404, so
   * the page can say "not available yet" instead of failing.
   */
  async optional<T>(path: string, query?: Query): Promise<T | undefined> {
    try {
      return await this.get<T>(path, query);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** A command; `ifMatch` is the version the page shows, so a stale page gets 412. */
  send<T>(method: 'POST' | 'PATCH', path: string, body: unknown, options: { ifMatch?: number } = {}): Promise<T> {
    this.reads.clear();
    // Whether it went through or not, the reads made meanwhile may predate it.
    return this.request<T>(method, withQuery(path), body, options.ifMatch).finally(() => this.reads.clear());
  }

  /**
   * The bytes of a GET answer (a document's content), with the bearer token, so the page can
   * show or save them through an object URL.
   */
  async blob(path: string, query?: Query): Promise<Blob> {
    return (await this.fetchBytes(path, query)).blob();
  }

  /**
   * A file the engine sends (a report): its bytes and its `Content-Disposition` header, from
   * which the page takes the name to save it under.
   */
  async file(path: string, query?: Query): Promise<{ readonly blob: Blob; readonly disposition: string | null }> {
    const response = await this.fetchBytes(path, query);
    return { blob: await response.blob(), disposition: response.headers.get('content-disposition') };
  }

  private fetchBytes(path: string, query?: Query): Promise<Response> {
    return this.fetchOk(withQuery(path, query), { headers: this.headers('*/*'), cache: 'no-store' });
  }

  /** A fetch whose answer is a success: a network failure or a problem (a 401 signs out) becomes an `ApiError`. */
  private async fetchOk(url: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch {
      throw new ApiError({ status: 0, code: 'NETWORK' });
    }
    if (!response.ok) {
      const problem = await problemOf(response);
      if (response.status === 401) this.options.onUnauthorized();
      throw new ApiError(problem);
    }
    return response;
  }

  /**
   * A multipart upload with progress (through XMLHttpRequest: `fetch` does not report it);
   * `abort` stops it, and the answer rejects with an `ApiError` of code `ABORTED`.
   */
  upload<T, B>(path: string, body: B, options: { readonly xhr: () => UploadXhr<B>; readonly onProgress?: (progress: UploadProgress) => void }): { readonly done: Promise<T>; readonly abort: () => void } {
    const headers = this.headers('application/json');
    this.reads.clear();
    const sent = sendUpload<T, B>(options.xhr(), { url: withQuery(path), headers, body, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    const done = sent.done.then((outcome) => {
      this.reads.clear();
      if (outcome.ok) return outcome.body;
      if (outcome.problem.status === 401) this.options.onUnauthorized();
      throw new ApiError(outcome.problem);
    });
    return { done, abort: sent.abort };
  }

  /** What every request carries: what it accepts, the page's language and the bearer token. */
  private headers(accept: string): Record<string, string> {
    const headers: Record<string, string> = { Accept: accept, 'Accept-Language': pageLanguage() };
    const token = this.options.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    return headers;
  }

  private async request<T>(method: string, url: string, body?: unknown, ifMatch?: number): Promise<T> {
    const headers = this.headers('application/json');
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`;
    const response = await this.fetchOk(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), cache: 'no-store' });
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}
