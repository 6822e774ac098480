import type { ByteRange } from '@app/documents';

/** Characters RFC 8187 lets stand unencoded in an `ext-value` (attr-char). */
const ATTR_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~]/;

/**
 * An ASCII stand-in for a file name, for clients that do not read `filename*`: Vietnamese letters
 * lose their marks (`Biên bản` → `Bien ban`), anything else outside printable ASCII, quotes and
 * backslashes become `_`.
 */
export function asciiFileName(name: string): string {
  const plain = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
  const ascii = [...plain].map((c) => (/[\x20-\x7e]/.test(c) && c !== '"' && c !== '\\' ? c : '_')).join('');
  return ascii.trim() === '' ? 'document' : ascii;
}

/** A file name as an RFC 8187 `ext-value`: `UTF-8''` and the name percent-encoded. */
export function encodedFileName(name: string): string {
  return `UTF-8''${[...Buffer.from(name, 'utf8')].map((b) => (b < 0x80 && ATTR_CHAR.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('')}`;
}

/**
 * `Content-Disposition` for a document (RFC 6266): inline, or attachment for a download, with an
 * ASCII `filename` and the exact name in `filename*`.
 *
 * @example
 * contentDisposition('Biên bản nghiệm thu.pdf', false);
 * // inline; filename="Bien ban nghiem thu.pdf"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20nghi%E1%BB%87m%20thu.pdf
 */
export function contentDisposition(fileName: string, download: boolean): string {
  return `${download ? 'attachment' : 'inline'}; filename="${asciiFileName(fileName)}"; filename*=${encodedFileName(fileName)}`;
}

/** What a `Range` header asks of a content of a known size. */
export type RangeRequest = { readonly kind: 'whole' } | { readonly kind: 'range'; readonly range: ByteRange } | { readonly kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * Reads a `Range` header (RFC 9110 §14) against a content of `size` bytes: one range
 * `bytes=a-b`, `bytes=a-` or `bytes=-n` (the last n bytes), clipped to the content; a range
 * starting past the end, or a zero suffix, is unsatisfiable. No header, another unit, several
 * ranges or a malformed value ask for the whole content (a server may ignore `Range`).
 *
 * @example
 * parseRange('bytes=0-99', 1000); // { kind: 'range', range: { start: 0, end: 99 } }
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'whole' };
  const match = SINGLE_RANGE.exec(header.trim());
  if (!match) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    const suffix = Number(last);
    if (!Number.isSafeInteger(suffix)) return { kind: 'whole' };
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', range: { start: Math.max(size - suffix, 0), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? Number.MAX_SAFE_INTEGER : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', range: { start, end: Math.min(end, size - 1) } };
}

/**
 * Whether `If-None-Match` names the entity tag (`*`, or a list holding it, weak or strong: the
 * comparison for a GET is weak, RFC 9110 §13.1.2).
 */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
