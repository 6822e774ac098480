import { CanonicalJsonError } from './canonical-json';
import { InvalidAppendError } from './errors';
import { AppendRequest } from './event-store.port';
import { eventHash, GENESIS_HASH } from './hash-chain';
import { KnownHead } from './head-cache';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An event with everything the store writes, computed before the insert. */
export interface PlannedEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * Refuses malformed appends before any I/O: an empty batch or stream, a stream named twice,
 * an event id that is not a UUID or repeats.
 */
export function validateAppend(requests: readonly AppendRequest[]): void {
  if (requests.length === 0) throw new InvalidAppendError('An append needs at least one stream');
  const streams = new Set<string>();
  const ids = new Set<string>();
  for (const request of requests) {
    if (!request.streamId) throw new InvalidAppendError('Stream id must not be empty');
    if (streams.has(request.streamId)) throw new InvalidAppendError(`Stream ${request.streamId} appears twice in one append`);
    streams.add(request.streamId);
    if (request.events.length === 0) throw new InvalidAppendError(`Append to ${request.streamId} has no events`);
    const expected = request.expectedVersion;
    if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
      throw new InvalidAppendError(`Expected version of ${request.streamId} must be a non-negative integer`);
    }
    for (const event of request.events) {
      if (!UUID_RE.test(event.eventId)) throw new InvalidAppendError(`Event id ${event.eventId} is not a UUID`);
      const id = event.eventId.toLowerCase();
      if (ids.has(id)) throw new InvalidAppendError(`Event id ${event.eventId} appears twice in one append`);
      ids.add(id);
      if (!event.type) throw new InvalidAppendError('Event type must not be empty');
      if (!Number.isSafeInteger(event.schemaVersion) || event.schemaVersion < 1) {
        throw new InvalidAppendError(`Schema version of ${event.type} must be a positive integer`);
      }
      // Payloads without a stable JSON form are refused by `planStream`, which canonicalises
      // each event once to hash it.
    }
  }
}

/**
 * Numbers and chains a stream's new events after its current head.
 *
 * @example
 * planStream(request, { version: 3, hash: h3 }, '2026-03-02T02:00:00.000Z') // versions 4, 5, …
 */
export function planStream(request: AppendRequest, head: KnownHead | undefined, recordedAt: string): PlannedEvent[] {
  let prevHash = head?.hash ?? GENESIS_HASH;
  let version = head?.version ?? 0;
  return request.events.map((event) => {
    version += 1;
    const fields = {
      eventId: event.eventId.toLowerCase(),
      streamId: request.streamId,
      version,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
      recordedAt,
    };
    let hash: string;
    try {
      hash = eventHash(prevHash, fields);
    } catch (error) {
      if (error instanceof CanonicalJsonError) throw new InvalidAppendError(`Event ${event.type} ${error.message}`);
      throw error;
    }
    const planned = { ...fields, prevHash, hash };
    prevHash = hash;
    return planned;
  });
}
