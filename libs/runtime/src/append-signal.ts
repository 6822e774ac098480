export interface AppendSignalOptions {
  /**
   * Quiet time before the subscribers are told (ms, default 0: at once, on every append).
   * Appends that arrive within it are told as one, so each runner makes one pass for a burst.
   */
  readonly coalesceMs?: number;
  /**
   * Longest time the first untold append waits (ms, default 10 × `coalesceMs`): while appends
   * keep arriving (the API is busy) the telling is put off, never longer than this.
   */
  readonly maxDelayMs?: number;
}

/**
 * Tells in-process subscribers that events were appended, so the worker in the same process
 * wakes at once instead of at its next poll. Other processes find the events by polling.
 *
 * With `coalesceMs`, a burst of appends becomes one wake-up: the subscribers are told once no
 * append came for `coalesceMs`, or `maxDelayMs` after the first untold append, whichever is
 * first. Under a steady stream of commands the worker thus wakes at most once per `maxDelayMs`
 * and reads the commands' events in one batch per subscription, leaving the event loop to the
 * API in between; read models lag the log by at most `maxDelayMs` plus a batch.
 *
 * @example
 * const signal = new AppendSignal({ coalesceMs: 5, maxDelayMs: 50 });
 * signal.on(() => runner.notify());
 * signal.emit(); signal.emit(); // one notify, 5 ms after the second emit
 */
export class AppendSignal {
  private readonly listeners = new Set<() => void>();
  private readonly coalesceMs: number;
  private readonly maxDelayMs: number;
  private timer: NodeJS.Timeout | undefined;
  private firstUntold: number | undefined;
  private told = 0;

  constructor(options: AppendSignalOptions = {}) {
    this.coalesceMs = Math.max(0, options.coalesceMs ?? 0);
    this.maxDelayMs = Math.max(this.coalesceMs, options.maxDelayMs ?? this.coalesceMs * 10);
  }

  /** How many times the subscribers were told (tests, diagnostics). */
  get wakeUps(): number {
    return this.told;
  }

  on(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** An append committed: tells the subscribers now, or merges it into the pending wake-up. */
  emit(): void {
    if (this.coalesceMs <= 0) return this.tell();
    const now = Date.now();
    this.firstUntold ??= now;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.min(this.coalesceMs, this.firstUntold + this.maxDelayMs - now);
    this.timer = setTimeout(() => this.tell(), Math.max(0, wait));
    this.timer.unref();
  }

  /** Tells the subscribers of a pending wake-up at once (tests; shutdown needs none: the runners stop, and the timer does not hold the process open). */
  flush(): void {
    if (this.firstUntold !== undefined) this.tell();
  }

  private tell(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.firstUntold = undefined;
    this.told += 1;
    for (const listener of this.listeners) listener();
  }
}
