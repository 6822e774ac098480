import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** The `prevHash` of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event covered by its hash (everything but the store's global position). */
export interface HashedEventFields {
  readonly eventId: string;
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: string;
}

/**
 * The canonical form of an event for hashing. The global position and transaction id are left
 * out: the database assigns them inside the insert, after the hash is computed. The order of the
 * global log is protected by the audit chain over the log, not by this per-stream chain.
 */
export function canonicalEvent(event: HashedEventFields): string {
  return canonicalJson({
    eventId: event.eventId,
    streamId: event.streamId,
    version: event.version,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  });
}

/**
 * `hash = SHA-256(prevHash ‖ canonical JSON of the event)`, where `prevHash` enters as its 32 raw
 * bytes and the JSON as UTF-8. Returned as lowercase hex.
 *
 * @example
 * const hash = eventHash(GENESIS_HASH, { eventId, streamId: 'project-1', version: 1, ... });
 */
export function eventHash(prevHash: string, event: HashedEventFields): string {
  return createHash('sha256')
    .update(Buffer.from(prevHash, 'hex'))
    .update(canonicalEvent(event), 'utf8')
    .digest('hex');
}

/**
 * Checks a stream's chain from its first event; returns the version of the first event whose
 * link or hash does not match, or `undefined` when the whole chain holds.
 */
export function firstBrokenLink(events: readonly (HashedEventFields & { prevHash: string; hash: string })[]): number | undefined {
  let prev = GENESIS_HASH;
  let expectedVersion = 1;
  for (const event of events) {
    if (event.version !== expectedVersion || event.prevHash !== prev || eventHash(prev, event) !== event.hash) {
      return event.version;
    }
    prev = event.hash;
    expectedVersion += 1;
  }
  return undefined;
}
