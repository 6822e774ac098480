import { randomUUID } from 'node:crypto';
import { DatabaseEventStore, EVENT_STORE_MIGRATIONS, migrate, NewEvent } from '@app/event-store';
import { databaseEventStore } from '@app/event-store/testing/database-event-store';
import { SUBSCRIPTION_MIGRATIONS } from '@app/projections';
import { createTestSchema, TestSchema } from '@app/testing';
import { AUDIT_CHAIN_SUBSCRIPTION, AuditChain } from './audit-chain.subscription';
import { AuditRecords } from './audit-records';
import { AuditSigner } from './audit-signing';
import { AuditVerifier } from './audit-verifier';
import { AUDIT_MIGRATIONS } from './audit.migrations';
import { EventExport } from './event-export';
import { verifyExport } from './export-verifier';

function newEvent(n: number): NewEvent {
  return { eventId: randomUUID(), type: 'Counted', schemaVersion: 1, data: { n, note: `sự kiện ${n}` }, metadata: { actor: { id: 'u1', roles: ['officer'] } } };
}

describe('the global chain, checkpoints, verification and exports (PostgreSQL)', () => {
  let test: TestSchema;
  let store: DatabaseEventStore;
  let signer: AuditSigner;
  let now: Date;
  let chain: AuditChain;
  const streams = ['project-a', 'project-b', 'programme-c'];

  const superuser = (sql: string) =>
    test.db.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(sql);
    });
  const append = async (streamId: string) => {
    const version = (await store.readStream(streamId)).length;
    return store.appendToStreams([{ streamId, expectedVersion: version, events: [newEvent(version + 1)] }]);
  };
  const verify = () => new AuditVerifier(test.db, signer.publicKey).verify({ batchSize: 1000 });
  /**
   * Catches up until the chain holds `ordinal` events: a subscription reads only below the oldest
   * transaction open anywhere on the server, so one pass may stop short while other tests run.
   */
  const catchUpTo = async (c: AuditChain, ordinal: number) => {
    for (let i = 0; i < 100; i += 1) {
      const head = await c.catchUp();
      if (head.ordinal >= ordinal) return head;
      await new Promise((r) => setTimeout(r, 50));
    }
    return c.catchUp();
  };

  beforeAll(async () => {
    test = await createTestSchema('audit');
    await migrate(test.db, [...EVENT_STORE_MIGRATIONS, ...SUBSCRIPTION_MIGRATIONS, ...AUDIT_MIGRATIONS]);
    store = databaseEventStore(test.db);
    signer = AuditSigner.generate();
    now = new Date('2026-03-02T02:00:00.000Z');
    chain = new AuditChain(store, test.db, { signer: () => signer, checkpointEvery: 10, checkpointIntervalMs: 3600_000, batchSize: 5, now: () => now });
    for (let i = 0; i < 25; i += 1) await append(streams[i % 3] as string);
  });
  afterAll(() => test.drop());

  it('links every event once, signs every N events, and resumes from its checkpoint', async () => {
    const head = await catchUpTo(chain, 25);
    expect(head.ordinal).toBe(25);
    expect((await AuditRecords.checkpoints(test.db)).map((c) => c.eventCount)).toEqual([10, 20]);
    const checkpoint = await test.db.query<{ position: string }>('SELECT position FROM subscription_checkpoints WHERE name = $1', [AUDIT_CHAIN_SUBSCRIPTION]);
    expect(Number(checkpoint.rows[0]?.position)).toBe(head.position);

    // Another process starting: nothing is read again, nothing is linked twice.
    const restarted = new AuditChain(store, test.db, { signer: () => signer, checkpointEvery: 10, batchSize: 5, now: () => now });
    const batch = await restarted.runner.runBatch();
    expect(batch.read).toBe(0);
    await append('project-a');
    expect((await catchUpTo(restarted, 26)).ordinal).toBe(26);
    expect(Number((await test.db.query<{ n: string }>('SELECT count(*) AS n FROM audit_chain')).rows[0]?.n)).toBe(26);
    expect(await verify()).toMatchObject({ ok: true, checkedEvents: 26, chainedEvents: 26, checkpoints: { verified: 2 } });
  });

  it('signs a quiet head once the interval has passed, and not twice', async () => {
    expect(await chain.checkpointIfStale()).toBeUndefined();
    now = new Date(now.getTime() + 3600_000);
    expect(await chain.checkpointIfStale()).toMatchObject({ eventCount: 26 });
    now = new Date(now.getTime() + 3600_000);
    expect(await chain.checkpointIfStale()).toBeUndefined();
  });

  it('verifies a stream whose next version committed before the previous one in log order', async () => {
    // T1 takes its transaction id first, T2 appends version 1 and commits, then T1 appends
    // version 2: in log order (transaction id, position) version 2 comes first.
    const stream = `reminders-${randomUUID()}`;
    let t2Done: () => void = () => undefined;
    const afterT2 = new Promise<void>((resolve) => (t2Done = resolve));
    const t1 = store.transaction(async (tx) => {
      await tx.query('SELECT pg_current_xact_id()');
      await afterT2;
      await tx.appendToStreams([{ streamId: stream, expectedVersion: 1, events: [newEvent(2)] }]);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.appendToStreams([{ streamId: stream, expectedVersion: 0, events: [newEvent(1)] }]);
    t2Done();
    await t1;
    const order = await test.db.query<{ version: number }>('SELECT version FROM events WHERE stream_id = $1 ORDER BY transaction_id, position', [stream]);
    expect(order.rows.map((r) => r.version)).toEqual([2, 1]);
    await chain.catchUp();
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('exports a range that verifies offline, anchored on a signed checkpoint', async () => {
    const exporter = new EventExport(test.db, () => signer, { maxEvents: 100, batchSize: 4, now: () => now });
    const anchor = (await AuditRecords.checkpoints(test.db))[0];
    if (!anchor) throw new Error('no checkpoint');
    const plan = await exporter.plan({ fromPosition: anchor.position + 1 });
    expect(plan).toMatchObject({ fromOrdinal: 11, anchorCheckpoint: { eventCount: 10 } });
    const lines: string[] = [];
    for await (const chunk of exporter.lines(plan)) lines.push(...chunk.split('\n').filter(Boolean));
    const result = await verifyExport(lines, signer.publicKey);
    expect(result).toMatchObject({ ok: true, anchored: 'checkpoint', events: plan.eventCount, checkpoints: 2 });
    expect(await verifyExport(lines, AuditSigner.generate().publicKey)).toMatchObject({ ok: false, reason: 'key_mismatch', firstBadLine: 1 });
    const withoutOne = lines.filter((_, i) => i !== 3);
    expect(await verifyExport(withoutOne, signer.publicKey)).toMatchObject({ ok: false, reason: 'missing_event', firstBadLine: 4 });
  });

  it('names an event without its chain link, and a checkpoint signed by another key', async () => {
    const { rows } = await test.db.query<{ position: string }>('SELECT position FROM audit_chain WHERE ordinal = 5');
    const position = Number(rows[0]?.position);
    await superuser(`CREATE TABLE link_backup AS SELECT * FROM audit_chain WHERE ordinal = 5`);
    await superuser(`DELETE FROM audit_chain WHERE ordinal = 5`);
    expect(await verify()).toMatchObject({ ok: false, reason: 'unchained_event', firstBrokenPosition: position });
    await superuser('INSERT INTO audit_chain SELECT * FROM link_backup; DROP TABLE link_backup');
    expect((await verify()).ok).toBe(true);

    const forged = AuditSigner.generate().signCheckpoint({ position: 1, transactionId: '1', eventCount: 1, chainHash: '0'.repeat(64), createdAt: now.toISOString() });
    await AuditRecords.insertCheckpoint(test.db, forged);
    const report = await verify();
    expect(report).toMatchObject({ ok: false, reason: 'bad_signature', firstBrokenPosition: 1, checkedEvents: 0 });
  });
});
