import type { Problem } from './types';

/*
 * A file upload with progress. `fetch` cannot report how much of a request body has gone, so
 * uploads go through XMLHttpRequest; this module speaks to it through the few members it uses,
 * so the mapping of progress and answers can be tested with a fake request.
 */

/** A progress event of the request body, as XMLHttpRequest reports it. */
export interface UploadProgressEvent {
  readonly loaded: number;
  readonly total: number;
  readonly lengthComputable: boolean;
}

/** The members of XMLHttpRequest an upload uses. */
export interface UploadXhr<B> {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  getResponseHeader(name: string): string | null;
  send(body: B): void;
  abort(): void;
  readonly status: number;
  readonly statusText: string;
  readonly responseText: string;
  readonly upload: { onprogress: ((event: UploadProgressEvent) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}

/** How far an upload has gone: bytes sent, of how many (when known), and the whole percent. */
export interface UploadProgress {
  readonly loaded: number;
  readonly total?: number;
  readonly percent?: number;
}

/** The outcome of an upload: the parsed JSON answer of a 2xx, or the problem of anything else. */
export type UploadOutcome<T> = { readonly ok: true; readonly status: number; readonly body: T } | { readonly ok: false; readonly problem: Problem };

export interface UploadRequest<B> {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: B;
  readonly onProgress?: (progress: UploadProgress) => void;
}

/**
 * The whole percent of `loaded` out of `total`, between 0 and 100; undefined when the total is
 * unknown.
 *
 * @example
 * percentOf(512, 2048); // 25
 */
export function percentOf(loaded: number, total: number | undefined): number | undefined {
  if (total === undefined || !Number.isFinite(total) || total <= 0) return undefined;
  return Math.max(0, Math.min(100, Math.floor((loaded / total) * 100)));
}

/**
 * The problem an answer other than 2xx carries: its Problem Details when the body is JSON,
 * else one made of the status alone (a proxy's HTML 413 page, for instance).
 *
 * @example
 * problemOfAnswer(413, 'text/html', '<html>…'); // { status: 413, title: undefined }
 */
export function problemOfAnswer(status: number, contentType: string | null, text: string, statusText?: string): Problem {
  if ((contentType ?? '').includes('json')) {
    try {
      const body = JSON.parse(text) as Partial<Problem>;
      if (typeof body === 'object' && body !== null) return { ...body, status };
    } catch {
      // Fall through to a problem made from the status alone.
    }
  }
  return { status, ...(statusText ? { title: statusText } : {}) };
}

/**
 * Sends `body` with the request and settles once the answer is in: never rejects, a network
 * failure is a problem of status 0 (code `NETWORK`) and an abort one of code `ABORTED`.
 * Returns the settled outcome and a function that aborts the upload.
 *
 * @example
 * const { done } = sendUpload(new XMLHttpRequest(), { url, headers, body: form, onProgress: (p) => show(p.percent) });
 * const outcome = await done;
 */
export function sendUpload<T, B>(xhr: UploadXhr<B>, request: UploadRequest<B>): { readonly done: Promise<UploadOutcome<T>>; readonly abort: () => void } {
  const done = new Promise<UploadOutcome<T>>((resolve) => {
    xhr.open('POST', request.url);
    for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      const total = event.lengthComputable ? event.total : undefined;
      const percent = percentOf(event.loaded, total);
      request.onProgress?.({ loaded: event.loaded, ...(total !== undefined ? { total } : {}), ...(percent !== undefined ? { percent } : {}) });
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve({ ok: true, status: xhr.status, body: (xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T });
        } catch {
          resolve({ ok: false, problem: { status: 502, code: 'RESPONSE.NOT_JSON' } });
        }
        return;
      }
      resolve({ ok: false, problem: problemOfAnswer(xhr.status, xhr.getResponseHeader('content-type'), xhr.responseText, xhr.statusText) });
    };
    xhr.onerror = () => resolve({ ok: false, problem: { status: 0, code: 'NETWORK' } });
    xhr.onabort = () => resolve({ ok: false, problem: { status: 0, code: 'ABORTED' } });
    xhr.send(request.body);
  });
  return { done, abort: () => xhr.abort() };
}
