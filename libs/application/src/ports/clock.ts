/** The engine's sense of time, injected so tests can hold it still. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class FixedClock implements Clock {
  constructor(private current: Date = new Date('2026-03-02T02:00:00.000Z')) {}

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(instant: string | Date): void {
    this.current = new Date(instant);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
