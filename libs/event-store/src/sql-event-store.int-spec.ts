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

describe('idempotency records written before they spoke of results', () => {
  let test: TestSchema;

  beforeAll(async () => {
    test = await createTestSchema('sql_idem');
    const before = EVENT_STORE_MIGRATIONS.filter((m) => m.id === 'event-store/001-events');
    const later = EVENT_STORE_MIGRATIONS.filter((m) => !before.includes(m));
    await migrate(test.db, before);
    // Rows as the engine wrote them with HTTP statuses: 201 for a creation, 200 otherwise.
    await test.db.query(
      `INSERT INTO idempotency_keys (key, fingerprint, status_code, body, position, created_at) VALUES
       ('u:created', 'f1', 201, '{"id":"p-1","version":1,"status":"draft"}', 7, now()),
       ('u:updated', 'f2', 200, '{"id":"p-1","version":2,"status":"submitted"}', NULL, now())`,
    );
    expect((await migrate(test.db, EVENT_STORE_MIGRATIONS)).applied).toEqual(later.map((m) => m.id));
  });
  afterAll(() => test.drop());

  it('replays a stored 201 as created and a stored 200 as updated, with the same body and position', async () => {
    const store = new SqlEventStore(test.db);
    expect(await store.findIdempotencyRecord('u:created')).toMatchObject({
      fingerprint: 'f1',
      result: 'created',
      body: { id: 'p-1', version: 1, status: 'draft' },
      position: 7,
    });
    expect(await store.findIdempotencyRecord('u:updated')).toMatchObject({
      fingerprint: 'f2',
      result: 'updated',
      body: { id: 'p-1', version: 2, status: 'submitted' },
    });
    expect((await store.findIdempotencyRecord('u:updated'))?.position).toBeUndefined();
  });

  it('keeps no status column and accepts only the known results', async () => {
    const columns = await test.db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'idempotency_keys' ORDER BY column_name",
    );
    expect(columns.rows.map((r) => r.column_name)).toEqual(['body', 'created_at', 'fingerprint', 'key', 'position', 'result']);
    await expect(
      test.db.query("INSERT INTO idempotency_keys (key, fingerprint, result, body, created_at) VALUES ('u:x', 'f', '201', '{}', now())"),
    ).rejects.toThrow(/idempotency_keys_result_check/);
  });
});
