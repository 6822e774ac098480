import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AUDIT_MIGRATIONS, AuditChain, AuditSigner } from '@app/audit';
import { EngineConfig, parseConfig } from '@app/config';
import { createDocumentContentStore, DOCUMENT_MIGRATIONS } from '@app/documents';
import { EVENT_STORE_MIGRATIONS, migrate, PgDatabase } from '@app/event-store';
import { databaseEventStore } from '@app/event-store/testing/database-event-store';
import { SUBSCRIPTION_MIGRATIONS } from '@app/projections';
import { createTestSchema, TestSchema } from '@app/testing';
import { runAuditCommand } from './audit-command';

describe('audit verify --documents (CLI)', () => {
  let test: TestSchema;
  let dataDir: string;
  let config: EngineConfig;
  let signer: AuditSigner;
  let address: string;
  const printed: string[] = [];

  const run = (options: Record<string, string>) =>
    runAuditCommand(['verify'], {
      config,
      option: (name) => options[name],
      // The command closes the database it opens: each run gets a pool of its own on the test schema.
      openDatabase: async () => new PgDatabase({ connectionString: test.url, schema: test.schema, maxConnections: 2 }),
      storeOf: (db) => databaseEventStore(db),
    });

  beforeAll(async () => {
    test = await createTestSchema('cliaudit');
    await migrate(test.db, [...EVENT_STORE_MIGRATIONS, ...SUBSCRIPTION_MIGRATIONS, ...AUDIT_MIGRATIONS, ...DOCUMENT_MIGRATIONS]);
    dataDir = await mkdtemp(join(tmpdir(), 'cli-audit-'));
    config = parseConfig({ DATA_DIR: dataDir, DOCUMENT_STORAGE: 'filesystem' });
    signer = AuditSigner.generate();

    // A document stored where the engine keeps it (DATA_DIR/documents), pinned by its event.
    const store = createDocumentContentStore(config, test.db);
    const staged = await store.stage(Readable.from([Buffer.from('%PDF-1.4\nBiên bản nghiệm thu\n%%EOF\n')]), { maxBytes: 1 << 20 });
    await staged.commit();
    address = staged.storedSha256;
    const projectId = randomUUID();
    const events = databaseEventStore(test.db);
    const data = { projectId, at: '2026-03-02T02:00:00.000Z', documentId: randomUUID(), kind: 'acceptance_minutes', title: 'Biên bản nghiệm thu', fileName: 'bien-ban.pdf' };
    await events.appendToStreams([
      {
        streamId: `project-${projectId}`,
        expectedVersion: 0,
        events: [
          {
            eventId: randomUUID(),
            type: 'DocumentAttached',
            schemaVersion: 1,
            data: { ...data, mediaType: 'application/pdf', size: staged.size, sha256: staged.sha256, encrypted: false, attachedBy: 'u1' },
            metadata: { actor: { id: 'u1', roles: ['officer'] } },
          },
        ],
      },
    ]);
    await new AuditChain(events, test.db, { signer: () => signer }).catchUp();
    jest.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await test.drop();
    await rm(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => (printed.length = 0));

  it('prints the documents checked and exits 0 when every content re-hashes', async () => {
    expect(await run({ 'public-key': signer.publicKey.pem, documents: 'true' })).toBe(0);
    expect(printed).toContain('ok: 1 document contents verified');
    expect(JSON.parse(printed[printed.length - 1] as string)).toMatchObject({ ok: true, checkedEvents: 1, documents: { checked: 1, broken: [] } });
  });

  it('leaves documents out without the flag', async () => {
    expect(await run({ 'public-key': signer.publicKey.pem })).toBe(0);
    expect(JSON.parse(printed[printed.length - 1] as string)).not.toHaveProperty('documents');
  });

  it('names an altered document and exits 1', async () => {
    const file = join(dataDir, 'documents', 'sha256', address.slice(0, 2), address.slice(2, 4), address);
    const original = await readFile(file);
    await writeFile(file, Buffer.concat([original.subarray(0, 5), Buffer.from('2'), original.subarray(6)]));
    try {
      expect(await run({ 'public-key': signer.publicKey.pem, documents: 'true' })).toBe(1);
      expect(printed).toContain('BROKEN: 1 of 1 document contents');
      expect(printed.some((line) => line.startsWith('  altered  document ') && line.includes(address))).toBe(true);
      expect(JSON.parse(printed[printed.length - 1] as string)).toMatchObject({ ok: false, documents: { checked: 1, broken: [{ reason: 'altered', sha256: address }] } });
    } finally {
      await writeFile(file, original);
    }
  });
});
