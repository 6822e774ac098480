/**
 * Canonical JSON in the spirit of RFC 8785 (JCS): object keys sorted by UTF-16 code units, no
 * whitespace, `undefined` members dropped as `JSON.stringify` drops them, numbers in their
 * shortest round-trip form. The same value always gives the same bytes, so hashes computed when
 * an event is written can be recomputed from what PostgreSQL gives back years later.
 *
 * Values the store cannot keep bit-exact are refused: non-finite numbers, unsafe integers,
 * bigints and the NUL character (PostgreSQL `jsonb` rejects `\u0000`).
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

/** Thrown for a value that has no stable JSON form; `path` names the offending member. */
export class CanonicalJsonError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'CanonicalJsonError';
  }
}

function write(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
      if (value.includes('\u0000')) throw new CanonicalJsonError(path, 'strings must not contain NUL');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, 'numbers must be finite');
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        throw new CanonicalJsonError(path, 'integers must be within ±(2^53 − 1)');
      }
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => (item === undefined ? 'null' : write(item, `${path}[${i}]`))).join(',')}]`;
      }
      if (value instanceof Date) return write(value.toISOString(), path);
      return writeObject(value as Record<string, unknown>, path);
    default:
      throw new CanonicalJsonError(path, `${typeof value} has no JSON form`);
  }
}

function writeObject(object: Record<string, unknown>, path: string): string {
  const keys = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort();
  const members = keys.map((key) => {
    if (key.includes('\u0000')) throw new CanonicalJsonError(path, 'keys must not contain NUL');
    return `${JSON.stringify(key)}:${write(object[key], `${path}.${key}`)}`;
  });
  return `{${members.join(',')}}`;
}
