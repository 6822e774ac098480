import { randomUUID } from 'node:crypto';
import { EventStore } from '../event-store.port';
import { ContractContext, event, readUntil, uniqueStream } from './contract-support';

/** The contract on `transaction`: appends, reads, answers and the caller’s own statements commit or roll back together. */
export function transactionContract(context: ContractContext, sharesDatabase: boolean): void {
  describe('one transaction', () => {
    let store: EventStore;
    beforeAll(() => {
      store = context.store;
    });

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
      const database = context.subject.database;
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
}
