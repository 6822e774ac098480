import { WrongExpectedVersionError } from '../errors';
import { compareCursors, EventStore, RecordedEvent } from '../event-store.port';
import { firstBrokenLink } from '../hash-chain';
import { ContractContext, deferred, event, readEverything, readUntil, uniqueStream, within } from './contract-support';

/** The contract on reads: a stream, the global log in commit order, and the delayed-commit race (ADR 1). */
export function readingContract(context: ContractContext): void {
  describe('reading', () => {
    let store: EventStore;
    beforeAll(() => {
      store = context.store;
    });

    it('reads a stream up to a version and up to an instant', async () => {
      const streamId = uniqueStream();
      context.clock = new Date('2026-03-02T02:00:00.000Z');
      await store.appendToStreams([{ streamId, expectedVersion: 'no_stream', events: [event('A')] }]);
      context.clock = new Date('2026-03-05T02:00:00.000Z');
      await store.appendToStreams([{ streamId, expectedVersion: 1, events: [event('B')] }]);
      context.clock = new Date('2026-03-09T02:00:00.000Z');
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
    let store: EventStore;
    beforeAll(() => {
      store = context.store;
    });

    it('does not pass an open transaction’s event, and delivers both once it commits', async () => {
      const { start, slow, fast, t1, t2, whileOpen, release } = await raceAnOpenTransaction(store, { rollBack: false });

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
      const { start, slow, fast, t1, t2, whileOpen, release } = await raceAnOpenTransaction(store, { rollBack: true });
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
}

/**
 * The delayed-commit race: T1 appends to `slow` (taking the lower position) and stays open; T2
 * appends to `fast` and commits meanwhile (or waits its turn on single-connection stores); the
 * log is read while T1 is open ('pending' where the read waits for it). `release` lets T1 commit,
 * or roll back with `rollBack`.
 */
async function raceAnOpenTransaction(store: EventStore, { rollBack }: { rollBack: boolean }) {
  const start = await store.headCursor();
  const slow = uniqueStream('slow');
  const fast = uniqueStream('fast');
  const appended = deferred();
  const release = deferred();
  const t1 = store.transaction(async (tx) => {
    await tx.appendToStreams([{ streamId: slow, expectedVersion: 'no_stream', events: [event('Slow')] }]);
    appended.resolve();
    await release.promise;
    if (rollBack) throw new Error('roll back');
  });
  await appended.promise;
  const t2 = store.appendToStreams([{ streamId: fast, expectedVersion: 'no_stream', events: [event('Fast')] }]);
  await within(t2, 300);
  const whileOpen = await within(readEverything(store, start), 300);
  return { start, slow, fast, t1, t2, whileOpen, release };
}
