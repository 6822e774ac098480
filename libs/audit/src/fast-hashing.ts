import { createHash } from 'node:crypto';
import { canonicalJson, HashedEventFields } from '@app/event-store';

/*
 * The verifier hashes every event of the log, so canonical JSON is its hot path. This writer
 * gives the same bytes as `canonicalJson` (the spec checks it on recorded events and random
 * values) without building a member path per value or intermediate arrays. On any value it
 * cannot write, it defers to `canonicalJson`, which throws the same error it always did.
 */

/**
 * The canonical writer itself; throws a bare Error on a value without canonical form. Exported
 * for the hashing workers, which run its source (see `hashing-pool.ts`).
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
 * Canonical JSON, byte for byte as `canonicalJson` writes it, faster.
 *
 * @example
 * fastCanonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function fastCanonicalJson(value: unknown): string {
  try {
    return writeCanonicalValue(value);
  } catch {
    return canonicalJson(value);
  }
}

/**
 * `eventHash` (ADR 2) computed with {@link fastCanonicalJson}: the same digest.
 *
 * @example
 * fastEventHash(GENESIS_HASH, fields) === eventHash(GENESIS_HASH, fields); // true
 */
export function fastEventHash(prevHash: string, event: HashedEventFields): string {
  const canonical = fastCanonicalJson({
    eventId: event.eventId,
    streamId: event.streamId,
    version: event.version,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  });
  return createHash('sha256').update(Buffer.from(prevHash, 'hex')).update(canonical, 'utf8').digest('hex');
}
