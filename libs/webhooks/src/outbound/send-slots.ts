/**
 * A counting semaphore whose takers may take several slots at once: {@link take} waits until at
 * least one slot is free, then takes as many as are free, up to what was asked. Waiters are
 * served in arrival order.
 *
 * @example
 * const slots = new SendSlots(16);
 * const n = await slots.take(8); // 1..8
 * try { … } finally { slots.give(n); }
 */
export class SendSlots {
  private free: number;
  private readonly waiting: { readonly want: number; readonly grant: (n: number) => void }[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error('SendSlots: size must be a positive integer');
    this.free = size;
  }

  /** Slots free now. */
  get available(): number {
    return this.free;
  }

  /** Takes between 1 and `want` slots (at least one), waiting until one is free. */
  take(want: number): Promise<number> {
    const asked = Math.max(1, Math.min(Math.floor(want), this.size));
    if (this.waiting.length === 0 && this.free > 0) {
      const n = Math.min(asked, this.free);
      this.free -= n;
      return Promise.resolve(n);
    }
    return new Promise((grant) => this.waiting.push({ want: asked, grant }));
  }

  /** Gives back `n` slots taken before; they go to the waiters first. */
  give(n: number): void {
    this.free += n;
    while (this.free > 0 && this.waiting.length > 0) {
      const next = this.waiting.shift() as { want: number; grant: (n: number) => void };
      const granted = Math.min(next.want, this.free);
      this.free -= granted;
      next.grant(granted);
    }
  }
}
