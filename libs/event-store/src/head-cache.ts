/** A version a stream is known to have reached, with that event's hash. */
export interface KnownHead {
  readonly version: number;
  readonly hash: string;
}

/**
 * Remembers the last (version, hash) seen per stream, so an append that follows a read of the
 * same stream needs no extra round trip to find the hash it chains to. Entries are facts about
 * one version (events are immutable); an entry only ever saves a lookup, the append statement
 * still checks the link against the table.
 */
export class HeadCache {
  private readonly entries = new Map<string, KnownHead>();

  constructor(private readonly capacity = 10_000) {}

  get(streamId: string): KnownHead | undefined {
    return this.entries.get(streamId);
  }

  remember(streamId: string, head: KnownHead): void {
    const current = this.entries.get(streamId);
    if (current && current.version > head.version) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, head);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  forget(streamId: string): void {
    this.entries.delete(streamId);
  }
}
