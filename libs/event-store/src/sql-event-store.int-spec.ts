import { randomUUID } from 'node:crypto';
import { createTestSchema, TestSchema } from '@app/testing';
import { GENESIS_HASH } from './hash-chain';
import { SqlEventStore } from './sql-event-store';
import { EVENT_STORE_MIGRATIONS } from './sql/event-store.migrations';
import { migrate } from './sql/migrations';

describe('SqlEventStore on PostgreSQL, beyond the contract', () => {
  let test: TestSchema;
  let store: SqlEventStore;

  beforeAll(async () => {
    test = await createTestSchema('sql');
    await migrate(test.db, EVENT_STORE_MIGRATIONS);
    store = new SqlEventStore(test.db);
  });
  afterAll(() => test.drop());

  it('orders the log by transaction id as a number, not as text', async () => {
    // Transaction ids with more digits sort after those with fewer (100 > 99, though '100' < '99'),
    // and both are older than any transaction still open, so readers see them.
    for (const [txid, stream] of [
      ['100', 'b'],
      ['99', 'a'],
    ]) {
      await test.db.query(
        `INSERT INTO events (transaction_id, event_id, stream_id, version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
         VALUES ($1::xid8, $2, $3, 1, 'T', 1, '{}', '{}', now(), $4, $4)`,
        [txid, randomUUID(), `order-${stream}`, GENESIS_HASH],
      );
    }
    const page = await store.readAll({ limit: 10 });
    expect(page.events.map((e) => [e.transactionId, e.streamId])).toEqual([
      ['99', 'order-a'],
      ['100', 'order-b'],
    ]);
    expect(await store.headCursor()).toMatchObject({ transactionId: '100' });
    const after = await store.readAll({ after: page.events[0], limit: 10 });
    expect(after.events.map((e) => e.streamId)).toEqual(['order-b']);
  });
});
