import { GENESIS_HASH } from '@app/event-store';
import { Break } from './audit-breaks';

interface Parked {
  readonly prevHash: string;
  readonly hash: string;
  readonly position: number;
  readonly ordinal: number;
}

/**
 * Checks that every stream is versions 1..n, each chaining to the one before. Log order is
 * commit order, and a transaction that took its id early may commit a stream's next version
 * after another transaction committed later versions (ADR 1), so a version that arrives early
 * is parked until the versions before it arrive; only what is still parked at the end is missing.
 *
 * @example
 * const streams = new StreamContinuity();
 * const broken = streams.add('project-p1', 1, GENESIS_HASH, hash, 7, 1) ?? streams.unresolved();
 */
export class StreamContinuity {
  private readonly streams = new Map<string, { version: number; hash: string; ahead?: Map<number, Parked> }>();

  add(streamId: string, version: number, prevHash: string, hash: string, position: number, ordinal: number): Break | undefined {
    let stream = this.streams.get(streamId);
    if (!stream) {
      stream = { version: 0, hash: GENESIS_HASH };
      this.streams.set(streamId, stream);
    }
    if (version <= stream.version || stream.ahead?.has(version)) {
      return { position, reason: 'broken_link', detail: `${streamId} holds version ${version} twice` };
    }
    if (version > stream.version + 1) {
      stream.ahead ??= new Map();
      stream.ahead.set(version, { prevHash, hash, position, ordinal });
      return undefined;
    }
    let next: Parked | undefined = { prevHash, hash, position, ordinal };
    while (next) {
      if (next.prevHash !== stream.hash) {
        return { position: next.position, reason: 'broken_link', detail: `${streamId} v${stream.version + 1} does not chain to the previous event of its stream` };
      }
      stream.version += 1;
      stream.hash = next.hash;
      next = stream.ahead?.get(stream.version + 1);
      if (next) stream.ahead?.delete(stream.version + 1);
    }
    if (stream.ahead?.size === 0) delete stream.ahead;
    return undefined;
  }

  /** The first event (in log order) whose stream never showed the versions before it. */
  unresolved(): Break | undefined {
    let first: { streamId: string; version: number; expected: number; parked: Parked } | undefined;
    for (const [streamId, stream] of this.streams) {
      for (const [version, parked] of stream.ahead ?? []) {
        if (!first || parked.ordinal < first.parked.ordinal) first = { streamId, version, expected: stream.version + 1, parked };
      }
    }
    return first
      ? { position: first.parked.position, reason: 'missing_event', detail: `${first.streamId} jumps from version ${first.expected - 1} to ${first.version}` }
      : undefined;
  }
}
