import { randomUUID } from 'node:crypto';
import { EventStore, LogCursor, NewEvent, RecordedEvent } from '../event-store.port';
import { DatabaseEventStore } from '../database-event-store.port';

/** What the contract suite needs from an adapter under test. */
export interface ContractSubject {
  readonly store: EventStore;
  /** The same store when it shares its transactions with the caller's SQL tables (not in memory). */
  readonly database?: DatabaseEventStore;
  close(): Promise<void>;
}

/** Makes a fresh, empty store whose `recordedAt` comes from `now`. */
export type ContractFactory = (now: () => Date) => Promise<ContractSubject>;

/** What every part of the contract suite shares: the store under test and its clock. */
export interface ContractContext {
  subject: ContractSubject;
  store: EventStore;
  /** What the store's `recordedAt` reads; a test may move it. */
  clock: Date;
}

export function event(type = 'Thing', data: unknown = { n: 1 }): NewEvent {
  return { eventId: randomUUID(), type, schemaVersion: 1, data, metadata: { correlationId: 'c-1' } };
}

export function uniqueStream(prefix = 'stream'): string {
  return `${prefix}-${randomUUID()}`;
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

export async function readEverything(store: EventStore, after?: LogCursor): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await store.readAll({ after: cursor, limit: 100 });
    all.push(...page.events);
    if (page.events.length < 100) return all;
    cursor = page.cursor;
  }
}

/**
 * Reads until `done` accepts what it read: on PostgreSQL the log shows nothing past the oldest
 * transaction open anywhere in the cluster, so other test files running at the same time can
 * hold readers back for a moment (ADR 1).
 */
export async function readUntil(store: EventStore, after: LogCursor | undefined, done: (events: RecordedEvent[]) => boolean): Promise<RecordedEvent[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const events = await readEverything(store, after);
    if (done(events) || Date.now() > deadline) return events;
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves with the value when the promise settles within `ms`, or with 'pending'. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
