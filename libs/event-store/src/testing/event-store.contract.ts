import { randomUUID } from 'node:crypto';
import { IdempotencyKeyInUseError, InvalidAppendError, WrongExpectedVersionError } from '../errors';
import { DatabaseEventStore } from '../database-event-store.port';
import { compareCursors, EventStore, LogCursor, NewEvent, RecordedEvent } from '../event-store.port';
import { eventHash, firstBrokenLink, GENESIS_HASH } from '../hash-chain';

/** What the contract suite needs from an adapter under test. */
export interface ContractSubject {
  readonly store: EventStore;
  /** The same store when it shares its transactions with the caller's SQL tables (not in memory). */
  readonly database?: DatabaseEventStore;
  close(): Promise<void>;
}

/** Makes a fresh, empty store whose `recordedAt` comes from `now`. */
export type ContractFactory = (now: () => Date) => Promise<ContractSubject>;

function event(type = 'Thing', data: unknown = { n: 1 }): NewEvent {
  return { eventId: randomUUID(), type, schemaVersion: 1, data, metadata: { correlationId: 'c-1' } };
}

function uniqueStream(prefix = 'stream'): string {
  return `${prefix}-${randomUUID()}`;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

async function readEverything(store: EventStore, after?: LogCursor): Promise<RecordedEvent[]> {
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
async function readUntil(store: EventStore, after: LogCursor | undefined, done: (events: RecordedEvent[]) => boolean): Promise<RecordedEvent[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const events = await readEverything(store, after);
    if (done(events) || Date.now() > deadline) return events;
    await new Promise((r) => setTimeout(r, 25));
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves with the value when the promise settles within `ms`, or with 'pending'. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The behaviour every event store adapter must have. Run it from a spec file of the adapter:
 *
 * @example
 * eventStoreContract('in-memory', async (now) => ({ store: new InMemoryEventStore(now), close: async () => {} }));
 * eventStoreContract('PGlite', async (now) => { const store = …; return { store, database: store, close }; }, { sharesDatabase: true });
 */
export function eventStoreContract(name: string, factory: ContractFactory, { sharesDatabase = false } = {}): void {
  describe(`event store contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    let clock = new Date('2026-03-02T02:00:00.000Z');

    beforeAll(async () => {
      subject = await factory(() => clock);
      store = subject.store;
    });
    afterAll(async () => {
      await subject?.close();
    });

    describe('appending', () => {
      it('creates a stream at version 1 with a chained hash', async () => {
        const streamId = uniqueStream();
        const first = event('Created', { title: 'Dây chuyền kẹo khóm', amountVnd: 150_000_000 });
        const result = await store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [first] }]);
        expect(result.streams).toEqual([{ streamId, version: 1, lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
        const [stored] = await store.readStream(streamId);
        expect(stored).toMatchObject({ eventId: first.eventId, streamId, version: 1, type: 'Created', data: first.data, prevHash: GENESIS_HASH });
        expect(stored?.position).toBe(result.position);
        expect(stored?.hash).toBe(eventHash(GENESIS_HASH, stored as RecordedEvent));
      });

      it('refuses a second create of the same stream and writes nothing', async () => {
        const streamId = uniqueStream();
        await store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event()] }]);
        const error = await rejection(store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event()] }]));
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamId, actual: 1 });
        expect(await store.readStream(streamId)).toHaveLength(1);
      });

      it('refuses a stale expected version and accepts the matching one', async () => {
        const streamId = uniqueStream();
        await store.appendToStreams([{ streamId, expectedVersion: 0, events: [event(), event()] }]);
        const stale = await rejection(store.appendToStreams([{ streamId, expectedVersion: 1, events: [event()] }]));
        expect(stale).toBeInstanceOf(WrongExpectedVersionError);
        expect(stale).toMatchObject({ expected: 1, actual: 2 });
        const ahead = await rejection(store.appendToStreams([{ streamId, expectedVersion: 5, events: [event()] }]));
        expect(ahead).toMatchObject({ expected: 5, actual: 2 });
        const ok = await store.appendToStreams([{ streamId, expectedVersion: 2, events: [event()] }]);
        expect(ok.streams[0]?.version).toBe(3);
        const events = await store.readStream(streamId);
        expect(events.map((e) => e.version)).toEqual([1, 2, 3]);
        expect(firstBrokenLink(events)).toBeUndefined();
      });

      it('appends at the head with expected version any', async () => {
        const streamId = uniqueStream();
        await store.appendToStreams([{ streamId, expectedVersion: 'any', events: [event()] }]);
        const result = await store.appendToStreams([{ streamId, expectedVersion: 'any', events: [event()] }]);
        expect(result.streams[0]?.version).toBe(2);
        expect(firstBrokenLink(await store.readStream(streamId))).toBeUndefined();
      });

      it('refuses empty batches', async () => {
        await expect(store.appendToStreams([])).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.appendToStreams([{ streamId: uniqueStream(), expectedVersion: 'no_stream', events: [] }])).rejects.toBeInstanceOf(InvalidAppendError);
      });

      it('refuses payloads without a stable JSON form and writes nothing', async () => {
        const streamId = uniqueStream();
        await expect(
          store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event('Bad', { amount: Number.NaN })] }]),
        ).rejects.toBeInstanceOf(InvalidAppendError);
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it('lets exactly one of 20 parallel appends at the same expected version win', async () => {
        const streamId = uniqueStream();
        await store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event()] }]);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) => store.appendToStreams([{ streamId, expectedVersion: 1, events: [event('Raced', { i })] }])),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(19);
        for (const o of lost) expect(o.reason).toBeInstanceOf(WrongExpectedVersionError);
        const events = await store.readStream(streamId);
        expect(events.map((e) => e.version)).toEqual([1, 2]);
        expect(firstBrokenLink(events)).toBeUndefined();
      });

      it('appends to several streams atomically', async () => {
        const a = uniqueStream('project');
        const b = uniqueStream('programme');
        await store.appendToStreams([{ streamId: b, expectedVersion: 'no_stream', events: [event('ProgrammeCreated')] }]);
        const result = await store.appendToStreams([
          { streamId: a, expectedVersion: 'no_stream', events: [event('Approved')] },
          { streamId: b, expectedVersion: 1, events: [event('FundsReserved')] },
        ]);
        expect(result.streams.map((s) => [s.streamId, s.version])).toEqual([
          [a, 1],
          [b, 2],
        ]);
        const [ea] = await store.readStream(a);
        const eb = await store.readStream(b);
        expect(eb[1]?.position).toBe(result.position);
        expect(ea?.transactionId).toBe(eb[1]?.transactionId);
      });

      it('writes nothing to any stream when one stream of a multi-stream append conflicts', async () => {
        const a = uniqueStream('project');
        const b = uniqueStream('programme');
        await store.appendToStreams([{ streamId: a, expectedVersion: 'no_stream', events: [event()] }]);
        await store.appendToStreams([{ streamId: b, expectedVersion: 'no_stream', events: [event(), event()] }]);
        const error = await rejection(
          store.appendToStreams([
            { streamId: a, expectedVersion: 1, events: [event('Approved')] },
            { streamId: b, expectedVersion: 1, events: [event('FundsReserved')] },
          ]),
        );
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamId: b, actual: 2 });
        expect(await store.readStream(a)).toHaveLength(1);
        expect(await store.readStream(b)).toHaveLength(2);
      });

      it('writes a retried append with the same event ids once and answers as the first time', async () => {
        const streamId = uniqueStream();
        const events = [event('A'), event('B')];
        const first = await store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events }]);
        const again = await store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events }]);
        expect(again).toEqual(first);
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it('refuses event ids reused in another stream', async () => {
        const reused = event();
        await store.appendToStreams([{ streamId: uniqueStream(), expectedVersion: 'no_stream', events: [reused] }]);
        const other = uniqueStream();
        await expect(store.appendToStreams([{ streamId: other, expectedVersion: 'no_stream', events: [reused] }])).rejects.toBeInstanceOf(
          WrongExpectedVersionError,
        );
        expect(await store.readStream(other)).toEqual([]);
      });
    });

    describe('idempotency records', () => {
      it('stores the answer with the append, and not when the append is refused', async () => {
        const streamId = uniqueStream();
        const key = `key-${randomUUID()}`;
        const answer = { result: 'created' as const, body: { id: streamId, version: 1 } };
        const result = await store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event()] }], {
          idempotency: { key, fingerprint: 'f1', ...answer },
        });
        expect(await store.findIdempotencyRecord(key)).toMatchObject({ key, fingerprint: 'f1', ...answer, position: result.position });

        const refusedKey = `key-${randomUUID()}`;
        await expect(
          store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event()] }], {
            idempotency: { key: refusedKey, fingerprint: 'f2', ...answer },
          }),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
        expect(await store.findIdempotencyRecord(refusedKey)).toBeUndefined();
      });

      it('refuses a key already used and writes nothing', async () => {
        const key = `key-${randomUUID()}`;
        const first = uniqueStream();
        await store.appendToStreams([{ streamId: first, expectedVersion: 'no_stream', events: [event()] }], {
          idempotency: { key, fingerprint: 'f', result: 'created', body: {} },
        });
        const second = uniqueStream();
        await expect(
          store.appendToStreams([{ streamId: second, expectedVersion: 'no_stream', events: [event()] }], {
            idempotency: { key, fingerprint: 'f', result: 'created', body: {} },
          }),
        ).rejects.toBeInstanceOf(IdempotencyKeyInUseError);
        expect(await store.readStream(second)).toEqual([]);
      });

      it('saves answers of commands that appended nothing, and purges old records', async () => {
        const key = `key-${randomUUID()}`;
        await store.saveIdempotencyRecord({ key, fingerprint: 'f', result: 'updated', body: { ok: true } });
        expect(await store.findIdempotencyRecord(key)).toMatchObject({ result: 'updated', body: { ok: true } });
        clock = new Date(clock.getTime() + 1000);
        const removed = await store.purgeIdempotencyRecords(new Date(clock.getTime() + 1).toISOString());
        expect(removed).toBeGreaterThanOrEqual(1);
        expect(await store.findIdempotencyRecord(key)).toBeUndefined();
      });
    });

    describe('reading', () => {
      it('reads a stream up to a version and up to an instant', async () => {
        const streamId = uniqueStream();
        clock = new Date('2026-03-02T02:00:00.000Z');
        await store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event('A')] }]);
        clock = new Date('2026-03-05T02:00:00.000Z');
        await store.appendToStreams([{ streamId, expectedVersion: 1, events: [event('B')] }]);
        clock = new Date('2026-03-09T02:00:00.000Z');
        await store.appendToStreams([{ streamId, expectedVersion: 2, events: [event('C')] }]);

        expect((await store.readStream(streamId, { toVersion: 2 })).map((e) => e.type)).toEqual(['A', 'B']);
        expect((await store.readStream(streamId, { fromVersion: 2 })).map((e) => e.type)).toEqual(['B', 'C']);
        expect((await store.readStream(streamId, { toRecordedAt: '2026-03-05T02:00:00.000Z' })).map((e) => e.type)).toEqual(['A', 'B']);
        expect((await store.readStream(streamId, { toRecordedAt: '2026-03-08T00:00:00+07:00' })).map((e) => e.type)).toEqual(['A', 'B']);
        expect(await store.readStream(streamId, { toRecordedAt: '2026-03-01T00:00:00Z' })).toEqual([]);
        expect((await store.readStream(streamId))[2]?.recordedAt).toBe('2026-03-09T02:00:00.000Z');
        expect(await store.readStream(uniqueStream())).toEqual([]);
      });

      it('reads a stream to fold: the same events as a full read, with what folding needs', async () => {
        const streamId = uniqueStream();
        await store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event('A', { n: 1 }), event('B', { tên: 'Cơ sở Đức Hòa', tiền: 150_000_000 })] }]);
        await store.appendToStreams([{ streamId, expectedVersion: 2, events: [{ ...event('C', { n: 3 }), schemaVersion: 2 }] }]);
        const full = await store.readStream(streamId);
        const toFold = await store.readStreamToFold(streamId);
        expect(toFold).toEqual(full.map(({ type, schemaVersion, data, version, position }) => ({ type, schemaVersion, data, version, position })));
        expect(toFold.map((e) => [e.type, e.version, e.schemaVersion])).toEqual([
          ['A', 1, 1],
          ['B', 2, 1],
          ['C', 3, 2],
        ]);
        expect(await store.readStreamToFold(uniqueStream())).toEqual([]);
        // The fold's read leaves the store able to append at the head it saw.
        await store.appendToStreams([{ streamId, expectedVersion: 3, events: [event('D')] }]);
        expect(firstBrokenLink(await store.readStream(streamId))).toBeUndefined();
      });

      it('reads the global log in order, in batches, from a cursor', async () => {
        const start = await store.headCursor();
        const streamId = uniqueStream();
        const written = Array.from({ length: 7 }, (_, i) => event('N', { i }));
        for (const [i, e] of written.entries()) {
          await store.appendToStreams([{ streamId, expectedVersion: i, events: [e] }]);
        }
        await readUntil(store, start, (events) => events.filter((e) => e.streamId === streamId).length === written.length);
        const seen: RecordedEvent[] = [];
        let cursor = start;
        for (;;) {
          const page = await store.readAll({ after: cursor, limit: 3 });
          if (page.events.length === 0) break;
          seen.push(...page.events);
          cursor = page.cursor;
        }
        const mine = seen.filter((e) => e.streamId === streamId);
        expect(mine.map((e) => e.eventId)).toEqual(written.map((e) => e.eventId));
        const positions = seen.map((e) => e.position);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        expect(compareCursors(await store.headCursor(), cursor)).toBeGreaterThanOrEqual(0);
        const last = mine[mine.length - 1];
        expect(await store.cursorOfPosition(last?.position ?? -1)).toEqual({ transactionId: last?.transactionId, position: last?.position });
      });

      it('keeps Vietnamese text and nested data byte-exact, so hashes verify after reading', async () => {
        const streamId = uniqueStream();
        const data = { title: 'Robot gắp gạch – lò gạch Đức Hòa', tags: ['kẹo', 'khóm'], nested: { z: 1, a: [1.5, -2, 0] }, emoji: '🍍' };
        await store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event('T', data), event('T', { x: null })] }]);
        const events = await store.readStream(streamId);
        expect(events[0]?.data).toEqual(data);
        expect(firstBrokenLink(events)).toBeUndefined();
      });
    });

    describe('the delayed-commit race', () => {
      it('does not pass an open transaction’s event, and delivers both once it commits', async () => {
        const start = await store.headCursor();
        const slow = uniqueStream('slow');
        const fast = uniqueStream('fast');
        const appended = deferred();
        const release = deferred();

        // T1 appends (taking the lower position) and stays open.
        const t1 = store.transaction(async (tx) => {
          await tx.appendToStreams([{ streamId: slow, expectedVersion: 'no_stream', events: [event('Slow')] }]);
          appended.resolve();
          await release.promise;
        });
        await appended.promise;
        // T2 appends and commits while T1 is open (or waits its turn on single-connection stores).
        const t2 = store.appendToStreams([{ streamId: fast, expectedVersion: 'no_stream', events: [event('Fast')] }]);
        await within(t2, 300);
        const whileOpen = await within(readEverything(store, start), 300);

        if (whileOpen !== 'pending') {
          // Nothing of T2 may be seen before T1's event: a subscription would checkpoint past it.
          const streams = whileOpen.map((e) => e.streamId);
          expect(streams).not.toContain(fast);
          expect(streams).not.toContain(slow);
        }

        release.resolve();
        await t1;
        await t2;
        const after = await readUntil(store, start, (events) => events.filter((e) => e.streamId === slow || e.streamId === fast).length === 2);
        const order = after.filter((e) => e.streamId === slow || e.streamId === fast).map((e) => e.streamId);
        expect(order).toEqual([slow, fast]);
        if (whileOpen !== 'pending') {
          // A reader that stopped at the last event it saw still gets both, once.
          const resumed = await readUntil(store, whileOpen[whileOpen.length - 1] ?? start, (events) => events.filter((e) => e.streamId === slow || e.streamId === fast).length >= 2);
          expect(resumed.filter((e) => e.streamId === slow || e.streamId === fast)).toHaveLength(2);
        }
      });

      it('moves on without loss when the open transaction rolls back', async () => {
        const start = await store.headCursor();
        const slow = uniqueStream('slow');
        const fast = uniqueStream('fast');
        const appended = deferred();
        const release = deferred();
        const t1 = store.transaction(async (tx) => {
          await tx.appendToStreams([{ streamId: slow, expectedVersion: 'no_stream', events: [event('Slow')] }]);
          appended.resolve();
          await release.promise;
          throw new Error('roll back');
        });
        await appended.promise;
        const t2 = store.appendToStreams([{ streamId: fast, expectedVersion: 'no_stream', events: [event('Fast')] }]);
        await within(t2, 300);
        const whileOpen = await within(readEverything(store, start), 300);
        if (whileOpen !== 'pending') expect(whileOpen.map((e) => e.streamId)).not.toContain(fast);

        release.resolve();
        await expect(t1).rejects.toThrow('roll back');
        await t2;
        const after = await readUntil(store, start, (events) => events.some((e) => e.streamId === fast));
        expect(after.map((e) => e.streamId)).toContain(fast);
        expect(after.map((e) => e.streamId)).not.toContain(slow);
        expect(await store.readStream(slow)).toEqual([]);
      });

      it('keeps a transaction usable after a refused append inside it', async () => {
        const streamId = uniqueStream();
        await store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event()] }]);
        const other = uniqueStream();
        await store.transaction(async (tx) => {
          await expect(tx.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event()] }])).rejects.toBeInstanceOf(
            WrongExpectedVersionError,
          );
          await tx.appendToStreams([{ streamId: other, expectedVersion: 'no_stream', events: [event()] }]);
        });
        expect(await store.readStream(other)).toHaveLength(1);
        expect(await store.readStream(streamId)).toHaveLength(1);
      });
    });

    describe('one transaction', () => {
      it('commits appends to several streams together, and reads inside see them', async () => {
        const a = uniqueStream('a');
        const b = uniqueStream('b');
        const inside = await store.transaction(async (tx) => {
          await tx.appendToStreams([{ streamId: a, expectedVersion: 'no_stream', events: [event('A')] }]);
          await tx.appendToStreams([{ streamId: b, expectedVersion: 'no_stream', events: [event('B')] }]);
          await tx.appendToStreams([{ streamId: a, expectedVersion: 1, events: [event('A2')] }]);
          return { full: await tx.readStream(a), fold: await tx.readStreamToFold(a) };
        });
        expect(inside.full.map((e) => e.type)).toEqual(['A', 'A2']);
        expect(inside.fold.map((e) => [e.type, e.version])).toEqual([
          ['A', 1],
          ['A2', 2],
        ]);
        const [ea, eb] = [await store.readStream(a), await store.readStream(b)];
        expect(ea).toHaveLength(2);
        expect(eb).toHaveLength(1);
        expect(ea[0]?.transactionId).toBe(eb[0]?.transactionId);
      });

      it('rolls back every append and saved answer when the work throws', async () => {
        const a = uniqueStream('a');
        const key = `k-${randomUUID()}`;
        const failed = store.transaction(async (tx) => {
          await tx.appendToStreams([{ streamId: a, expectedVersion: 'no_stream', events: [event()] }]);
          await tx.saveIdempotencyRecord({ key, fingerprint: 'f', result: 'updated', body: { n: 1 } });
          expect(await tx.findIdempotencyRecord(key)).toMatchObject({ key, result: 'updated' });
          throw new Error('roll back');
        });
        await expect(failed).rejects.toThrow('roll back');
        expect(await store.readStream(a)).toEqual([]);
        expect(await store.findIdempotencyRecord(key)).toBeUndefined();
      });

      it('stores answers with the transaction’s appends, found inside and after the commit', async () => {
        const a = uniqueStream('a');
        const key = `k-${randomUUID()}`;
        const result = await store.transaction(async (tx) => {
          const appended = await tx.appendToStreams([{ streamId: a, expectedVersion: 'no_stream', events: [event()] }], {
            idempotency: { key, fingerprint: 'f', result: 'created', body: { id: a } },
          });
          expect(await tx.findIdempotencyRecord(key)).toMatchObject({ key, position: appended.position });
          return appended;
        });
        expect(await store.findIdempotencyRecord(key)).toMatchObject({ key, result: 'created', body: { id: a }, position: result.position });
      });

      it('reads the committed log inside, before appending', async () => {
        const a = uniqueStream('a');
        await store.appendToStreams([{ streamId: a, expectedVersion: 'no_stream', events: [event()] }]);
        await readUntil(store, undefined, (events) => events.some((e) => e.streamId === a));
        const [stored] = await store.readStream(a);
        if (!stored) throw new Error('the event was not stored');
        const seen = await store.transaction(async (tx) => {
          const page = await tx.readAll({ after: { transactionId: stored.transactionId, position: stored.position - 1 }, limit: 1 });
          return page.events.map((e) => e.eventId);
        });
        expect(seen).toEqual([stored.eventId]);
      });

      // The in-memory store has no database to share: it implements the EventStore port only.
      if (!sharesDatabase) return;
      it('carries the caller’s own statements when the store shares the database, and rolls them back with the appends', async () => {
        const database = subject.database;
        if (!database) throw new Error('a store that shares its database gives it as `database`');
        await database.transaction((tx) => tx.exec('CREATE TABLE IF NOT EXISTS contract_side_writes (id text PRIMARY KEY)'));
        const kept = uniqueStream('kept');
        const dropped = uniqueStream('dropped');
        await database.transaction(async (tx) => {
          await tx.query('INSERT INTO contract_side_writes (id) VALUES ($1)', [kept]);
          await tx.appendToStreams([{ streamId: kept, expectedVersion: 'no_stream', events: [event()] }]);
        });
        const failed = database.transaction(async (tx) => {
          await tx.query('INSERT INTO contract_side_writes (id) VALUES ($1)', [dropped]);
          await tx.appendToStreams([{ streamId: dropped, expectedVersion: 'no_stream', events: [event()] }]);
          throw new Error('roll back');
        });
        await expect(failed).rejects.toThrow('roll back');
        const rows = await database.transaction((tx) => tx.query<{ id: string }>('SELECT id FROM contract_side_writes WHERE id = ANY($1::text[])', [[kept, dropped]]));
        expect(rows.rows.map((r) => r.id)).toEqual([kept]);
        expect(await store.readStream(kept)).toHaveLength(1);
        expect(await store.readStream(dropped)).toEqual([]);
      });
    });
  });
}
