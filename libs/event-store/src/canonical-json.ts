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
  try {
    return writeCanonicalValue(value);
  } catch {
    // The fast writer only says that a value has no canonical form; this one says where.
    return writeCanonicalWithPaths(value);
  }
}

/**
 * The canonical writer of {@link canonicalJson} without error reporting: it throws a bare Error
 * on a value without canonical form. It is self-contained (no module-level helpers), so hashing
 * workers can run its source (`libs/audit/src/hashing-pool.ts`). It builds no member paths or
 * intermediate arrays: appends and the audit verifier spend most of their hashing time here.
 *
 * @example
 * writeCanonicalValue({ b: 1, a: 2 }); // '{"a":2,"b":1}'
 */
export function writeCanonicalValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      if (value.indexOf('\u0000') !== -1) throw new Error('NUL');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) throw new Error('number');
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i += 1) {
          if (i > 0) out += ',';
          const item: unknown = value[i];
          out += item === undefined ? 'null' : writeCanonicalValue(item);
        }
        return `${out}]`;
      }
      if (value instanceof Date) return writeCanonicalValue(value.toISOString());
      const object = value as Record<string, unknown>;
      const keys = Object.keys(object).sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const member = object[key];
        if (member === undefined) continue;
        if (key.indexOf('\u0000') !== -1) throw new Error('NUL');
        if (!first) out += ',';
        first = false;
        out += `${JSON.stringify(key)}:${writeCanonicalValue(member)}`;
      }
      return `${out}}`;
    }
    default:
      throw new Error('no JSON form');
  }
}

/**
 * The reference writer: the same bytes as {@link writeCanonicalValue}, slower, and on a value
 * without canonical form a {@link CanonicalJsonError} naming the member (`$.data.items[2]`).
 *
 * @example
 * writeCanonicalWithPaths({ a: Number.NaN }); // throws CanonicalJsonError('$.a: numbers must be finite')
 */
export function writeCanonicalWithPaths(value: unknown): string {
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
