import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DOCUMENT_MIGRATIONS, DocumentContentStore, FileSystemContentStore, SqlContentStore } from '@app/documents';
import { DatabaseEventStore, EVENT_STORE_MIGRATIONS, migrate, SqlDatabase } from '@app/event-store';
import { databaseEventStore } from '@app/event-store/testing/database-event-store';
import { SUBSCRIPTION_MIGRATIONS } from '@app/projections';
import { testSqlDatabases } from '@app/testing';
import { AuditChain } from './audit-chain.subscription';
import { AuditSigner } from './audit-signing';
import { AUDIT_MIGRATIONS } from './audit.migrations';
import { DocumentVerifier } from './document-verifier';
import { EventExport } from './event-export';

interface Attached {
  readonly projectId: string;
  readonly documentId: string;
  readonly sha256: string;
  readonly storedSha256?: string;
}

/** Where each adapter keeps a content, so a test can damage it the way an operator could. */
interface StoreUnderTest {
  readonly store: DocumentContentStore;
  /** Changes one byte of the stored content in place. */
  alterOneByte(address: string): Promise<void>;
  close(): Promise<void>;
}

const STORES: { name: string; open: (db: SqlDatabase) => Promise<StoreUnderTest> }[] = [
  {
    name: 'the file system',
    open: async () => {
      const root = await mkdtemp(join(tmpdir(), 'document-verifier-'));
      return {
        store: new FileSystemContentStore(root),
        alterOneByte: async (address) => {
          const file = join(root, 'sha256', address.slice(0, 2), address.slice(2, 4), address);
          const bytes = await readFile(file);
          bytes[7] = (bytes[7] as number) ^ 0x01;
          await writeFile(file, bytes);
        },
        close: () => rm(root, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'SQL',
    open: async (db) => {
      await db.exec('DELETE FROM document_chunks; DELETE FROM document_contents; DELETE FROM document_stagings;');
      return {
        store: new SqlContentStore(db),
        alterOneByte: async (address) => {
          await db.query('UPDATE document_chunks SET bytes = overlay(bytes placing $2::bytea from 8 for 1) WHERE content_key = $1 AND seq = 0', [address, Buffer.from([0xff])]);
        },
        close: async () => undefined,
      };
    },
  },
];

describe.each(testSqlDatabases('docverify'))('document verification with the log on $name', (database) => {
  let db: SqlDatabase;
  let closeDb: () => Promise<void>;
  let events: DatabaseEventStore;

  beforeAll(async () => {
    ({ db, close: closeDb } = await database.open());
    await migrate(db, [...EVENT_STORE_MIGRATIONS, ...SUBSCRIPTION_MIGRATIONS, ...AUDIT_MIGRATIONS, ...DOCUMENT_MIGRATIONS]);
    events = databaseEventStore(db);
  }, 60_000);
  afterAll(() => closeDb());

  /** Stores `bytes` and records the DocumentAttached event that pins them, as the dossier does. */
  async function attach(store: DocumentContentStore, bytes: Buffer, options: { encrypt?: boolean } = {}): Promise<Attached> {
    const staged = await store.stage(Readable.from([bytes]), { maxBytes: 1 << 20, ...(options.encrypt ? { encrypt: { key: randomBytes(32) } } : {}) });
    await staged.commit();
    const projectId = randomUUID();
    const documentId = randomUUID();
    const streamId = `project-${projectId}`;
    const data = {
      projectId,
      at: '2026-03-02T02:00:00.000Z',
      documentId,
      kind: 'quotation',
      title: 'Báo giá thiết bị',
      fileName: 'bao-gia.pdf',
      mediaType: 'application/pdf',
      size: staged.size,
      sha256: staged.sha256,
      ...(options.encrypt ? { storedSha256: staged.storedSha256 } : {}),
      encrypted: Boolean(options.encrypt),
      attachedBy: 'u1',
    };
    await events.appendToStreams([
      { streamId, expectedVersion: 0, events: [{ eventId: randomUUID(), type: 'DocumentAttached', schemaVersion: 1, data, metadata: { actor: { id: 'u1', roles: ['officer'] } } }] },
    ]);
    return { projectId, documentId, sha256: staged.sha256, ...(options.encrypt ? { storedSha256: staged.storedSha256 } : {}) };
  }

  /** Each test starts from an empty log; events are immutable, so only a replica session may delete them. */
  const emptyLog = () =>
    db.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query('DELETE FROM events');
    });

  async function positionOf(documentId: string): Promise<number> {
    const { rows } = await db.query<{ position: string }>("SELECT position FROM events WHERE type = 'DocumentAttached' AND data->>'documentId' = $1", [documentId]);
    return Number(rows[0]?.position);
  }

  describe.each(STORES)('contents in $name', (kind) => {
    let subject: StoreUnderTest;

    beforeEach(async () => {
      await emptyLog();
      subject = await kind.open(db);
    });
    afterEach(() => subject.close());

    it('verifies stored documents, superseded and encrypted ones included, on the stored hash', async () => {
      const plain = await attach(subject.store, Buffer.from('%PDF-1.4 báo giá'));
      const encrypted = await attach(subject.store, randomBytes(3000), { encrypt: true });
      await events.appendToStreams([
        {
          streamId: `project-${plain.projectId}`,
          expectedVersion: 1,
          events: [{ eventId: randomUUID(), type: 'DocumentSuperseded', schemaVersion: 1, data: { projectId: plain.projectId, documentId: plain.documentId, reason: 'cũ' }, metadata: {} }],
        },
      ]);
      // The plaintext hash of an encrypted document is stored nowhere: only its ciphertext is.
      expect(await subject.store.stat(encrypted.sha256)).toBeUndefined();
      expect(await new DocumentVerifier(db, subject.store).verify()).toEqual({ checked: 2, broken: [] });
    });

    it("names a document with one byte changed in storage 'altered' and a removed one 'missing'", async () => {
      const intact = await attach(subject.store, randomBytes(1000));
      const altered = await attach(subject.store, randomBytes(2000));
      const removed = await attach(subject.store, randomBytes(500), { encrypt: true });
      await subject.alterOneByte(altered.sha256);
      await subject.store.remove(removed.storedSha256 as string);

      const progress: number[] = [];
      const report = await new DocumentVerifier(db, subject.store).verify({ batchSize: 2, onProgress: (checked) => progress.push(checked) });
      expect(report).toEqual({
        checked: 3,
        broken: [
          { documentId: altered.documentId, projectId: altered.projectId, position: await positionOf(altered.documentId), sha256: altered.sha256, reason: 'altered' },
          {
            documentId: removed.documentId,
            projectId: removed.projectId,
            position: await positionOf(removed.documentId),
            sha256: removed.sha256,
            storedSha256: removed.storedSha256,
            reason: 'missing',
          },
        ],
      });
      expect(progress).toEqual([2, 3]);
      expect(report.broken.map((b) => b.documentId)).not.toContain(intact.documentId);
    });

    it('checks every event pinning the same content, and an empty log', async () => {
      expect(await new DocumentVerifier(db, subject.store).verify()).toEqual({ checked: 0, broken: [] });
      const bytes = randomBytes(800);
      const first = await attach(subject.store, bytes);
      const second = await attach(subject.store, bytes);
      expect(second.sha256).toBe(first.sha256);
      await subject.alterOneByte(first.sha256);
      const report = await new DocumentVerifier(db, subject.store).verify();
      expect(report.checked).toBe(2);
      expect(report.broken.map((b) => [b.documentId, b.reason])).toEqual([
        [first.documentId, 'altered'],
        [second.documentId, 'altered'],
      ]);
    });
  });

  it('reads the document events through their partial index', async () => {
    const { rows } = await db.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE indexname = 'events_document_attached'");
    expect(rows[0]?.indexdef).toContain("WHERE (type = 'DocumentAttached'::text)");
  });

  it('exports DocumentAttached events with their metadata and hashes in the NDJSON audit export', async () => {
    await emptyLog();
    const root = await mkdtemp(join(tmpdir(), 'document-export-'));
    try {
      const store = new FileSystemContentStore(root);
      const doc = await attach(store, randomBytes(100), { encrypt: true });
      const signer = AuditSigner.generate();
      const chain = new AuditChain(events, db, { signer: () => signer, checkpointEvery: 1000 });
      for (let i = 0; i < 100 && (await chain.catchUp()).position < (await positionOf(doc.documentId)); i += 1) await new Promise((r) => setTimeout(r, 50));
      const exporter = new EventExport(db, () => signer, { maxEvents: 1000 });
      const position = await positionOf(doc.documentId);
      let text = '';
      for await (const chunk of exporter.lines(await exporter.plan({ fromPosition: position, toPosition: position }))) text += chunk;
      const line = text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { kind: string; type?: string; data?: Record<string, unknown>; hash?: string; metadata?: Record<string, unknown> })
        .find((l) => l.kind === 'event');
      expect(line).toMatchObject({
        type: 'DocumentAttached',
        data: { documentId: doc.documentId, fileName: 'bao-gia.pdf', mediaType: 'application/pdf', sha256: doc.sha256, storedSha256: doc.storedSha256, encrypted: true },
        metadata: { actor: { id: 'u1' } },
      });
      expect(line?.hash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
