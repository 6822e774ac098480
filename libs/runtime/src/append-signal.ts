/**
 * Tells in-process subscribers that events were appended, so the worker in the same process
 * wakes at once instead of at its next poll. Other processes find the events by polling.
 */
export class AppendSignal {
  private readonly listeners = new Set<() => void>();

  on(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(): void {
    for (const listener of this.listeners) listener();
  }
}
