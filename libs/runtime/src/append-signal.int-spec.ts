import { randomUUID } from 'node:crypto';
import { DatabaseEventStore, EVENT_STORE_MIGRATIONS, migrate, NewEvent } from '@app/event-store';
import { databaseEventStore } from '@app/event-store/testing/database-event-store';
import { limitConcurrentPasses, SUBSCRIPTION_MIGRATIONS, SubscriptionRunner } from '@app/projections';
import { createTestSchema, TestSchema } from '@app/testing';
import { AppendSignal } from './append-signal';

function newEvent(n: number): NewEvent {
  return { eventId: randomUUID(), type: 'Counted', schemaVersion: 1, data: { n }, metadata: {} };
}

/** Resolves when `check` holds, polling every 10 ms; fails after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('coalesced wake-ups of the in-process worker (PostgreSQL)', () => {
  let test: TestSchema;

  beforeAll(async () => {
    test = await createTestSchema('signal');
    await migrate(test.db, [...EVENT_STORE_MIGRATIONS, ...SUBSCRIPTION_MIGRATIONS]);
  });
  afterAll(() => test.drop());

  it('handles a burst of 50 concurrent appends in far fewer passes than 50, each event once', async () => {
    const signal = new AppendSignal({ coalesceMs: 20, maxDelayMs: 200 });
    const store: DatabaseEventStore = databaseEventStore(test.db, { onAppended: () => signal.emit() });
    const seen: string[] = [];
    let passes = 0;
    // A long idle poll, so only the signal (or a wake-up during a pass) starts a pass.
    const runner = new SubscriptionRunner(store, test.db, {
      name: `coalesce-${randomUUID()}`,
      idleMs: 60_000,
      handle: async (events) => {
        passes += 1;
        for (const event of events) seen.push(event.eventId);
      },
    });
    await runner.init();
    await runner.catchUp();
    signal.on(() => runner.notify());
    runner.start();
    try {
      const appended = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const event = newEvent(i);
          await store.appendToStreams([{ streamId: `burst-${randomUUID()}`, expectedVersion: 0, events: [event] }]);
          return event.eventId;
        }),
      );
      await until(() => seen.length >= 50);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.sort()).toEqual(appended.sort());
      expect(passes).toBeLessThanOrEqual(10);
      expect(signal.wakeUps).toBeLessThanOrEqual(10);
    } finally {
      await runner.stop();
    }
  });

  it('tells at the latest maxDelayMs after the first append while appends keep coming', async () => {
    const signal = new AppendSignal({ coalesceMs: 30, maxDelayMs: 100 });
    const told: number[] = [];
    signal.on(() => told.push(Date.now()));
    const start = Date.now();
    // An append every 10 ms for 300 ms: never 30 ms of quiet.
    while (Date.now() - start < 300) {
      signal.emit();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(told.length).toBeGreaterThanOrEqual(2);
    expect(told[0] - start).toBeLessThan(100 + 50);
    signal.flush();
  });

  it('lets at most the set number of passes on one database run at once, each event still handled once per runner', async () => {
    const store = databaseEventStore(test.db);
    await store.appendToStreams([{ streamId: `gate-${randomUUID()}`, expectedVersion: 0, events: [newEvent(1), newEvent(2)] }]);
    limitConcurrentPasses(test.db, 2);
    let active = 0;
    let most = 0;
    const handled = new Map<string, string[]>();
    const runners = Array.from({ length: 5 }, (_, i) => {
      const name = `gate-${i}-${randomUUID()}`;
      handled.set(name, []);
      return new SubscriptionRunner(store, test.db, {
        name,
        handle: async (events) => {
          active += 1;
          most = Math.max(most, active);
          await new Promise((resolve) => setTimeout(resolve, 20));
          handled.get(name)?.push(...events.map((e) => e.eventId));
          active -= 1;
        },
      });
    });
    try {
      for (const runner of runners) await runner.init();
      await Promise.all(runners.map((runner) => runner.catchUp()));
      expect(most).toBe(2);
      const all = (await store.readAll({ after: { transactionId: '0', position: 0 }, limit: 100_000 })).events.map((e) => e.eventId);
      for (const ids of handled.values()) expect(ids).toEqual(all);
    } finally {
      limitConcurrentPasses(test.db, 100);
    }
  });

  it('tells on every append without a window, as before', () => {
    const signal = new AppendSignal();
    let told = 0;
    signal.on(() => (told += 1));
    signal.emit();
    signal.emit();
    expect(told).toBe(2);
  });
});
