import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Marks a value encrypted for a data subject: `pd:v1:<subjectId>:<base64url(iv ‖ ciphertext ‖ tag)>`. */
export const PERSONAL_DATA_PREFIX = 'pd:v1:';
/** What a value shows once its subject's key is destroyed. */
export const ERASED = '[erased]';

/** Subject ids: letters, digits, `_`, `.`, `-` (no `:`, the separator of sealed values). */
export const SUBJECT_ID = /^[A-Za-z0-9_.-]{1,120}$/;

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for one value of personal data, bound to its subject (the subject id is the
 * additional authenticated data, so a value cannot be moved to another subject's key).
 *
 * @example
 * const sealed = sealValue(key, 'project_p1', 'Nguyễn Văn An'); // 'pd:v1:project_p1:…'
 * openValue(key, sealed); // 'Nguyễn Văn An'
 */
export function sealValue(key: Buffer, subjectId: string, plaintext: string): string {
  if (!SUBJECT_ID.test(subjectId)) throw new Error(`Unusable subject id ${subjectId}`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(subjectId, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${PERSONAL_DATA_PREFIX}${subjectId}:${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

/** The subject of a sealed value, or undefined when the value is not sealed. */
export function subjectOf(value: string): string | undefined {
  if (!value.startsWith(PERSONAL_DATA_PREFIX)) return undefined;
  const rest = value.slice(PERSONAL_DATA_PREFIX.length);
  const last = rest.lastIndexOf(':');
  return last > 0 ? rest.slice(0, last) : undefined;
}

/** Decrypts a sealed value with its subject's key. */
export function openValue(key: Buffer, sealed: string): string {
  const subject = subjectOf(sealed);
  if (!subject) throw new Error('Not a sealed value');
  const raw = Buffer.from(sealed.slice(PERSONAL_DATA_PREFIX.length + subject.length + 1), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(subject, 'utf8'));
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
}

/** Rewrites every string of a JSON value (objects and arrays walked), leaving the rest. */
export function mapStrings(value: unknown, map: (s: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, map));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, map);
    return out;
  }
  return value;
}

/** Whether any string inside a JSON value passes `test` (stops at the first; copies nothing). */
export function someString(value: unknown, test: (s: string) => boolean): boolean {
  if (typeof value === 'string') return test(value);
  if (Array.isArray(value)) return value.some((v) => someString(v, test));
  if (value !== null && typeof value === 'object') return Object.values(value).some((v) => someString(v, test));
  return false;
}

/** Every sealed string inside a JSON value. */
export function sealedStrings(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (value.startsWith(PERSONAL_DATA_PREFIX)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) sealedStrings(v, into);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) sealedStrings(v, into);
  }
  return into;
}
