/** A stream's folded state as a successful command left it. */
export interface CachedState {
  readonly version: number;
  /** Position of the append that wrote the stream's newest event. */
  readonly position: number;
  readonly state: unknown;
  /** The fold the state was made with; another fold of the same stream does not use it. */
  readonly fold: unknown;
}

/**
 * The folded state of the streams recent commands wrote, per process, so the next command on
 * a stream decides without reading and folding it again. Bounded: the least recently used
 * entry goes when a new one would exceed `capacity` (0 keeps nothing).
 *
 * An entry is only a guess of the stream's head. The command path serves it only for the
 * primary stream of a command, which the command's append checks: its expected version is the
 * entry's, so a stream another process moved on makes the append fail with a version conflict,
 * the entry is dropped and the command decides again on a fresh read. A decision that appends
 * nothing to the primary stream, or refuses, is checked by a fresh read of the stream instead.
 * Streams are append-only and a version is written once, so an entry whose version is the
 * stream's is the stream's state.
 *
 * Personal data: an entry never holds cleartext personal data, because a stream whose events
 * hold sealed values is not kept at all (the command path asks its data guard). Keeping such a
 * state folded from the sealed events instead is not an option: deciders read personal values
 * (a draft update compares the beneficiary with the one it replaces; funding, contract and
 * tranche events copy the beneficiary's name), so they need the opened values, and opened
 * values kept between requests would outlive an erasure made by another process.
 *
 * States are shared between the commands that read them: deciders and folds must not mutate them.
 *
 * @example
 * const cache = new StateCache(10_000);
 * cache.remember('project-p1', { version: 3, position: 812, state, fold: projectAggregate });
 * cache.get('project-p1', projectAggregate)?.version; // 3
 */
export class StateCache {
  private readonly entries = new Map<string, CachedState>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new Error(`A state cache holds a whole number of entries, not ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry of a stream folded with `fold`, now the most recently used; undefined when none. */
  get(streamId: string, fold: unknown): CachedState | undefined {
    const entry = this.entries.get(streamId);
    if (!entry) return undefined;
    if (entry.fold !== fold) return undefined;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return entry;
  }

  /**
   * Keeps a stream's state; an entry of a higher version is left as it is (two commands of this
   * process may finish in either order).
   */
  remember(streamId: string, entry: CachedState): void {
    if (this.capacity === 0) return;
    const known = this.entries.get(streamId);
    if (known && known.version > entry.version) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Drops a stream's entry (it is behind, or about to be). */
  forget(streamId: string): void {
    this.entries.delete(streamId);
  }
}
