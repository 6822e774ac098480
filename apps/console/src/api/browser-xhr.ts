import type { UploadXhr } from './upload';

/**
 * The browser's XMLHttpRequest behind the few members an upload uses (`upload.ts`), so the
 * upload logic itself runs against a fake in tests.
 */
export function browserXhr(): UploadXhr<FormData> {
  const xhr = new XMLHttpRequest();
  const adapter: UploadXhr<FormData> = {
    open: (method, url) => xhr.open(method, url),
    setRequestHeader: (name, value) => xhr.setRequestHeader(name, value),
    getResponseHeader: (name) => xhr.getResponseHeader(name),
    send: (body) => xhr.send(body),
    abort: () => xhr.abort(),
    get status() {
      return xhr.status;
    },
    get statusText() {
      return xhr.statusText;
    },
    get responseText() {
      return xhr.responseText;
    },
    upload: { onprogress: null },
    onload: null,
    onerror: null,
    onabort: null,
  };
  xhr.upload.onprogress = (event) => adapter.upload.onprogress?.({ loaded: event.loaded, total: event.total, lengthComputable: event.lengthComputable });
  xhr.onload = () => adapter.onload?.();
  xhr.onerror = () => adapter.onerror?.();
  xhr.onabort = () => adapter.onabort?.();
  return adapter;
}
