/*
 * The console's reads, shared: two components asking for the same address at the same time get
 * one request, and an answer is kept for a short while so moving between pages does not ask
 * again. Any command (or sign-in, sign-out, a "reload" button) empties it, since the answers
 * it keeps may no longer be true. A failure is never kept: the next caller asks again.
 */

/** How long an answer is reused when no command came in between. */
export const QUERY_MAX_AGE_MS = 30_000;

interface Entry {
  readonly answer: Promise<unknown>;
  readonly at: number;
  /** Set once the answer has arrived. */
  settled?: { readonly value: unknown };
}

/**
 * A per-session cache of GET answers by key (the request's address and language).
 *
 * @example
 * const cache = new QueryCache();
 * const [a, b] = await Promise.all([cache.get('/projects', load), cache.get('/projects', load)]); // `load` ran once
 * cache.clear(); // after a command
 */
export class QueryCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxAgeMs = QUERY_MAX_AGE_MS,
  ) {}

  /** The kept or in-flight answer for `key`, else the answer of `load()` (kept unless it fails). */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const kept = this.entries.get(key);
    if (kept && this.now() - kept.at < this.maxAgeMs) return kept.answer as Promise<T>;
    const answer = load();
    const entry: Entry = { answer, at: this.now() };
    this.entries.set(key, entry);
    answer.then((value) => {
      entry.settled = { value };
    }, () => {
      // Only this request's entry: a newer one for the same key (after a clear) stays.
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return answer;
  }

  /** The kept answer for `key` if it has arrived (and is still fresh), without asking: a page's first render can show it. */
  peek<T>(key: string): T | undefined {
    const kept = this.entries.get(key);
    return kept?.settled && this.now() - kept.at < this.maxAgeMs ? (kept.settled.value as T) : undefined;
  }

  /** Forgets every answer, in flight or kept: the next read of each asks the engine again. */
  clear(): void {
    this.entries.clear();
  }

  /** How many answers are kept or in flight. */
  get size(): number {
    return this.entries.size;
  }
}
