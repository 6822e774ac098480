import { randomUUID } from 'node:crypto';
import { DatabaseEventStore, EVENT_STORE_MIGRATIONS, migrate, NewEvent } from '@app/event-store';
import { databaseEventStore } from '@app/event-store/testing/database-event-store';
import { createTestSchema, TestSchema } from '@app/testing';
import { Projection } from './projection';
import { ProjectionManager } from './projection-manager';
import { SubscriptionRunner } from './subscription-runner';
import { SUBSCRIPTION_MIGRATIONS } from './subscriptions.migrations';
import { expectApplyingTwiceChangesNothing } from './testing/projection-testing';

/** Counts events per stream; keeps the last applied version so a repeat is a no-op. */
const streamCounts: Projection = {
  name: 'stream_counts',
  version: 1,
  tables: ['stream_counts'],
  schema: (t) => `CREATE TABLE ${t('stream_counts')} (stream_id text PRIMARY KEY, events integer NOT NULL, last_version integer NOT NULL)`,
  async apply(events, { sql, table }) {
    for (const event of events) {
      await sql.query(
        `INSERT INTO ${table('stream_counts')} AS s (stream_id, events, last_version) VALUES ($1, 1, $2)
         ON CONFLICT (stream_id) DO UPDATE SET events = s.events + 1, last_version = EXCLUDED.last_version
         WHERE s.last_version < EXCLUDED.last_version`,
        [event.streamId, event.version],
      );
    }
  },
};

function newEvent(n: number): NewEvent {
  return { eventId: randomUUID(), type: 'Counted', schemaVersion: 1, data: { n }, metadata: {} };
}

describe('subscriptions and projections (PostgreSQL)', () => {
  let test: TestSchema;
  let store: DatabaseEventStore;

  beforeAll(async () => {
    test = await createTestSchema('proj');
    await migrate(test.db, [...EVENT_STORE_MIGRATIONS, ...SUBSCRIPTION_MIGRATIONS]);
    store = databaseEventStore(test.db);
  });
  afterAll(() => test.drop());

  async function appendTo(streamId: string, count: number): Promise<number> {
    let position = 0;
    const existing = (await store.readStream(streamId)).length;
    for (let i = 0; i < count; i += 1) {
      position = (await store.appendToStreams([{ streamId, expectedVersion: existing + i, events: [newEvent(i)] }])).position;
    }
    return position;
  }

  it('moves the checkpoint with the handler’s writes, and not at all when the handler fails', async () => {
    await test.db.exec('CREATE TABLE IF NOT EXISTS seen (event_id uuid PRIMARY KEY)');
    const stream = `s-${randomUUID()}`;
    await appendTo(stream, 3);
    let fail = true;
    const runner = new SubscriptionRunner(store, test.db, {
      name: `test-fail-${randomUUID()}`,
      batchSize: 100,
      handle: async (events, tx) => {
        for (const e of events) await tx.query('INSERT INTO seen (event_id) VALUES ($1)', [e.eventId]);
        if (fail) throw new Error('crash after writing, before the checkpoint');
      },
    });
    await runner.init();
    await expect(runner.runBatch()).rejects.toThrow('crash after writing');
    expect((await test.db.query('SELECT * FROM seen')).rowCount).toBe(0);
    fail = false;
    const result = await runner.runBatch();
    expect(result.read).toBeGreaterThanOrEqual(3);
    expect((await test.db.query('SELECT * FROM seen')).rowCount).toBe(result.read);
    expect((await runner.runBatch()).read).toBe(0);
  });

  it('lets one runner per subscription process at a time, so two runners apply each event once', async () => {
    await test.db.exec('CREATE TABLE IF NOT EXISTS seen_once (event_id uuid PRIMARY KEY, runner text)');
    await appendTo(`s-${randomUUID()}`, 40);
    const name = `test-pair-${randomUUID()}`;
    const make = (label: string) =>
      new SubscriptionRunner(store, test.db, {
        name,
        batchSize: 7,
        handle: async (events, tx) => {
          // A duplicate would violate the primary key and fail the batch.
          for (const e of events) await tx.query('INSERT INTO seen_once (event_id, runner) VALUES ($1, $2)', [e.eventId, label]);
          await new Promise((r) => setTimeout(r, 5));
        },
      });
    const a = make('a');
    const b = make('b');
    await a.init();
    await Promise.all([a.catchUp(), b.catchUp(), a.catchUp()]);
    await a.catchUp();
    const total = (await store.readAll({ limit: 10_000 })).events.length;
    expect((await test.db.query('SELECT * FROM seen_once')).rowCount).toBe(total);
  });

  it('runs a batch’s after-commit action once its rows are committed, also when calls overlap', async () => {
    await test.db.exec('CREATE TABLE IF NOT EXISTS handed_over (event_id uuid PRIMARY KEY)');
    await appendTo(`s-${randomUUID()}`, 30);
    // Counted in the table: a read of the log may stop short while other tests hold transactions open.
    const total = Number((await test.db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]?.n);
    const actedOn: string[] = [];
    let inAction = 0;
    let overlapped = false;
    const runner = new SubscriptionRunner(store, test.db, {
      name: `test-after-commit-${randomUUID()}`,
      batchSize: 4,
      handle: async (events, tx) => {
        if (inAction > 0) overlapped = true;
        for (const e of events) await tx.query('INSERT INTO handed_over (event_id) VALUES ($1)', [e.eventId]);
        const ids = events.map((e) => e.eventId);
        return async () => {
          inAction += 1;
          // Another connection sees the rows: the batch has committed.
          const visible = await test.db.query('SELECT count(*)::int AS n FROM handed_over WHERE event_id = ANY($1::uuid[])', [ids]);
          expect(visible.rows[0]?.n).toBe(ids.length);
          await new Promise((r) => setTimeout(r, 3));
          actedOn.push(...ids);
          inAction -= 1;
        };
      },
    });
    await runner.init();
    // The loop, catch-ups and single batches of one runner, all at once: none takes another's action.
    runner.start();
    await Promise.all([runner.catchUp(), runner.runBatch(), runner.catchUp(), runner.runBatch(), runner.catchUp()]);
    for (let i = 0; i < 200 && actedOn.length < total; i += 1) await new Promise((r) => setTimeout(r, 25));
    await runner.stop();
    expect(overlapped).toBe(false);
    expect(actedOn).toHaveLength(total);
    expect(new Set(actedOn).size).toBe(total);
  });

  it('applying every event twice gives the same rows as once', async () => {
    const stream = `s-${randomUUID()}`;
    await appendTo(stream, 4);
    const events = await store.readStream(stream);
    const rows = await expectApplyingTwiceChangesNothing(test.db, streamCounts, events);
    expect(rows.stream_counts).toEqual([{ stream_id: stream, events: 4, last_version: 4 }]);
  });

  it('projects live, rebuilds blue/green with the same rows, and waits for a position', async () => {
    const manager = new ProjectionManager(store, test.db, [streamCounts], { batchSize: 10 });
    await manager.setUp();
    const stream = `live-${randomUUID()}`;
    const position = await appendTo(stream, 12);
    expect(await manager.waitForPosition(position, 50)).toBe(false);
    await manager.catchUp();
    expect(await manager.waitForPosition(position, 1000)).toBe(true);
    const before = (await test.db.query('SELECT * FROM stream_counts ORDER BY stream_id')).rows;
    expect(before.find((r) => r.stream_id === stream)).toEqual({ stream_id: stream, events: 12, last_version: 12 });

    const generation = await manager.rebuild('stream_counts');
    expect(generation).toBe(2);
    // Events keep arriving while the new generation builds.
    await appendTo(stream, 2);
    await manager.catchUp();
    const status = await manager.status();
    expect(status).toEqual([expect.objectContaining({ name: 'stream_counts', generation: 2, status: 'live', lag: 0 })]);
    const after = (await test.db.query('SELECT * FROM stream_counts ORDER BY stream_id')).rows;
    expect(after.find((r) => r.stream_id === stream)).toEqual({ stream_id: stream, events: 14, last_version: 14 });
    expect(after.filter((r) => r.stream_id !== stream)).toEqual(before.filter((r) => r.stream_id !== stream));
    const tables = await test.db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'rm_stream_counts_g%' AND table_type = 'BASE TABLE'",
      [test.schema],
    );
    expect(tables.rows.map((r) => r.table_name).sort()).toEqual(['rm_stream_counts_g2', 'rm_stream_counts_g90001', 'rm_stream_counts_g90002']);
    await manager.stop();
  });

  it('feeds projections in the background and switches a rebuild in on its own', async () => {
    const manager = new ProjectionManager(store, test.db, [streamCounts], { batchSize: 10, idleMs: 20 });
    await manager.setUp();
    manager.start();
    const stream = `bg-${randomUUID()}`;
    const position = await appendTo(stream, 3);
    manager.notify();
    expect(await manager.waitForPosition(position, 5000)).toBe(true);
    const generation = await manager.rebuild('stream_counts');
    for (let i = 0; i < 100; i += 1) {
      const live = (await manager.status()).find((s) => s.status === 'live');
      if (live?.generation === generation) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await manager.status()).map((s) => [s.generation, s.status])).toEqual([[generation, 'live']]);
    const row = await test.db.query('SELECT events FROM stream_counts WHERE stream_id = $1', [stream]);
    expect(row.rows).toEqual([{ events: 3 }]);
    await manager.stop();
  });
});
