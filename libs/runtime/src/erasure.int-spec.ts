import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { FixedClock, UuidV7Generator } from '@app/application';
import { DatabaseEventStore, migrate, NewEvent, PgliteDatabase, RecordedEvent, SqlDatabase } from '@app/event-store';
import { databaseEventStore } from '@app/event-store/testing/database-event-store';
import { ERASED, ErasureHooks, KeyEncryption, PersonalDataGuard, SubjectKeys } from '@app/privacy';
import { ProjectionManager } from '@app/projections';
import { testSqlDatabases } from '@app/testing';
import { ALL_PROJECTIONS } from './engine-projections';
import { ENGINE_MIGRATIONS } from './engine-migrations';
import { engineErasure } from './privacy-wiring';

jest.setTimeout(60_000);

/** The recorded main path of a project (household business, contact person), from the audit golden files. */
const GOLDEN = JSON.parse(readFileSync(join(__dirname, '../../audit/src/golden/main-to-closed.golden.json'), 'utf8')) as {
  streams: Record<string, RecordedEvent[]>;
};
const OWNER = 'Cơ sở sản xuất kẹo khóm Bến Lức';
const CONTACT = 'Nguyễn Thị Hoa';
const PHONE = '0912345678';

interface Adapter {
  readonly name: string;
  open(): Promise<{ db: SqlDatabase; reopen?: () => Promise<SqlDatabase>; close: () => Promise<void> }>;
}

const [inMemory, postgres] = testSqlDatabases('erasure');
const ADAPTERS: Adapter[] = [
  inMemory,
  {
    name: 'PGlite on disk (one connection, restarted)',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'erasure-'));
      let db = await PgliteDatabase.open({ dataDir: dir });
      return {
        db,
        reopen: async () => {
          await db.close();
          db = await PgliteDatabase.open({ dataDir: dir });
          return db;
        },
        close: async () => {
          await db.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  postgres,
];

/** A project's events with its id (and payment orders) changed: one golden path per project of a test. */
function projectEvents(projectId: string): NewEvent[] {
  return (GOLDEN.streams['project-golden-1'] ?? []).map((e) => ({
    eventId: randomUUID(),
    type: e.type,
    schemaVersion: e.schemaVersion,
    // Payment order numbers are unique in the whole log.
    data: JSON.parse(JSON.stringify(e.data).replaceAll('"golden-1"', JSON.stringify(projectId)).replaceAll('"UNC-2026-', `"UNC-${projectId}-`)) as unknown,
    metadata: e.metadata,
  }));
}

describe.each(ADAPTERS)('erasure on $name', (adapter) => {
  let db: SqlDatabase;
  let opened: Awaited<ReturnType<Adapter['open']>>;
  let store: DatabaseEventStore;
  let keys: SubjectKeys;
  let manager: ProjectionManager;
  const kek = new KeyEncryption(randomBytes(32));
  const clock = new FixedClock();
  const ids = new UuidV7Generator();

  async function wire(database: SqlDatabase): Promise<void> {
    db = database;
    store = databaseEventStore(db);
    keys = new SubjectKeys(kek);
    const guard = new PersonalDataGuard(db, keys);
    manager = new ProjectionManager(store, db, ALL_PROJECTIONS, { prepare: (events, tx) => guard.open(events, tx) });
    await manager.setUp();
  }

  const erasure = (wrap?: (hooks: ErasureHooks) => ErasureHooks) => engineErasure({ db, store, projections: manager, keys, ids, clock, ...(wrap ? { wrap } : {}) });

  /** Writes a funded project's path (sealed as the command path seals it), a webhook delivery carrying the owner's name, and projects it. */
  async function project(projectId: string): Promise<void> {
    const events = await new PersonalDataGuard(db, keys).seal(`project-${projectId}`, projectEvents(projectId), { status: 'none' });
    const { position } = await store.appendToStreams([{ streamId: `project-${projectId}`, expectedVersion: 0, events }]);
    await db.query(
      `INSERT INTO webhook_endpoints (id, url, event_types, secret, status, created_at, updated_at) VALUES ($1, 'https://finance.example/hook', '{payment_order.issued}', 'x', 'active', now(), now())
       ON CONFLICT (id) DO NOTHING`,
      ['e1'],
    );
    await db.query(
      `INSERT INTO webhook_deliveries (id, endpoint_id, message_id, event_type, body, position, status, next_attempt_at, created_at, updated_at)
       VALUES ($1, 'e1', $1, 'payment_order.issued', $2, 1, 'succeeded', now(), now(), now())`,
      [`d-${projectId}`, JSON.stringify({ data: { payee: OWNER, projectId } })],
    );
    // On PostgreSQL the log shows nothing past a transaction still open elsewhere (other test files): catch up until projected.
    for (let i = 0; i < 400; i += 1) {
      await manager.catchUp();
      if (await manager.waitForPosition(position, 25)) return;
    }
    throw new Error(`project ${projectId} was not projected`);
  }

  async function detail(projectId: string): Promise<string> {
    const res = await db.query<{ doc: unknown; beneficiary_name: string | null }>('SELECT doc, beneficiary_name FROM projects WHERE id = $1', [projectId]);
    return JSON.stringify(res.rows[0]);
  }
  const delivery = async (projectId: string) => (await db.query<{ body: string }>('SELECT body FROM webhook_deliveries WHERE id = $1', [`d-${projectId}`])).rows[0]?.body ?? '';
  const records = async (projectId: string) => (await store.readStream(`data-subject-project_${projectId}`)).filter((e) => e.type === 'DataSubjectErased');
  const keyOf = async (projectId: string) => (await keys.find(db, [`project_${projectId}`])).get(`project_${projectId}`);

  beforeAll(async () => {
    opened = await adapter.open();
    await migrate(opened.db, ENGINE_MIGRATIONS);
    await wire(opened.db);
  });
  afterAll(() => opened?.close());

  it('destroys the key, blanks stored copies, re-folds the read models and records it, in one answer', async () => {
    await project('p1');
    expect(await detail('p1')).toContain(CONTACT);
    expect(await delivery('p1')).toContain(OWNER);

    const result = await erasure().erase('project_p1', { id: 'admin-1', roles: ['admin'] });
    expect(result).toEqual({ subjectId: 'project_p1', status: 'erased', scrubbedDeliveries: 1 });

    const shown = await detail('p1');
    for (const secret of [OWNER, CONTACT, PHONE]) expect(shown).not.toContain(secret);
    expect(shown).toContain(ERASED);
    expect(await delivery('p1')).not.toContain(OWNER);
    expect(await keyOf('p1')).toBeNull();
    const recorded = await records('p1');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.metadata).toMatchObject({ actor: { id: 'admin-1', roles: ['admin'] } });
    // Later events of the stream are projected with the key gone.
    await manager.catchUp();
    expect(await detail('p1')).not.toContain(CONTACT);
  });

  it('answers already_erased to a second request and records nothing twice', async () => {
    expect(await erasure().erase('project_p1')).toEqual({ subjectId: 'project_p1', status: 'already_erased', scrubbedDeliveries: 0 });
    expect(await records('p1')).toHaveLength(1);
    await expect(erasure().erase('project_nobody')).rejects.toThrow('Unknown data subject');
  });

  /** A failure injected after each step of the erasure (the key is destroyed before the scrub). */
  const crashes: Record<string, (hooks: ErasureHooks) => ErasureHooks> = {
    'after the blanking of stored copies': (hooks) => ({
      ...hooks,
      scrub: async (tx, values) => {
        await hooks.scrub(tx, values);
        throw new Error('crash');
      },
    }),
    'in the middle of the re-fold': (hooks) => ({
      ...hooks,
      refold: async (tx, streamId) => {
        await tx.query('DELETE FROM projects WHERE id = $1', [streamId.slice('project-'.length)]);
        throw new Error('crash');
      },
    }),
    'after the record, before the commit': (hooks) => ({
      ...hooks,
      record: async (tx, subjectId, scrubbed, actor) => {
        await hooks.record(tx, subjectId, scrubbed, actor);
        throw new Error('crash');
      },
    }),
  };

  it('leaves everything as it was when it fails at any step after the key is destroyed, and a retry completes it', async () => {
    await project('p2');
    for (const [step, crash] of Object.entries(crashes)) {
      await expect(erasure(crash).erase('project_p2')).rejects.toThrow('crash');
      expect({ step, key: await keyOf('p2') }).toEqual({ step, key: expect.any(Buffer) });
      expect(await detail('p2')).toContain(CONTACT);
      expect(await delivery('p2')).toContain(OWNER);
      expect(await records('p2')).toHaveLength(0);
    }

    expect((await erasure().erase('project_p2')).status).toBe('erased');
    expect(await detail('p2')).not.toContain(CONTACT);
    expect(await delivery('p2')).not.toContain(OWNER);
    expect(await records('p2')).toHaveLength(1);
  });

  it('erases while the read models are being fed, without waiting on itself or on them', async () => {
    await project('p4');
    manager.start();
    try {
      const others = Promise.all(['p5', 'p6'].map((id) => project(id)));
      const result = await erasure().erase('project_p4');
      await others;
      expect(result.status).toBe('erased');
      await manager.catchUp();
      expect(await detail('p4')).not.toContain(CONTACT);
      expect(await detail('p5')).toContain(CONTACT);
    } finally {
      await manager.stop();
    }
  });

  it('finishes an erasure that stopped after destroying the key (older versions): the retry re-scrubs, re-folds and records', async () => {
    await project('p3');
    // What an erasure of an older version left when it stopped half-way: the key gone, nothing else.
    await db.transaction((tx) => keys.destroy(tx, 'project_p3'));
    if (opened.reopen) await wire(await opened.reopen());
    expect(await detail('p3')).toContain(CONTACT);

    const result = await erasure().erase('project_p3');
    // Copies are found by value: deliveries of other projects of the fixture carrying the same names are blanked too.
    expect(result).toMatchObject({ subjectId: 'project_p3', status: 'already_erased', scrubbedDeliveries: expect.any(Number) });
    expect(result.scrubbedDeliveries).toBeGreaterThanOrEqual(1);
    const shown = await detail('p3');
    for (const secret of [OWNER, CONTACT, PHONE]) expect(shown).not.toContain(secret);
    expect(await delivery('p3')).not.toContain(OWNER);
    expect(await records('p3')).toHaveLength(1);
  });
});
