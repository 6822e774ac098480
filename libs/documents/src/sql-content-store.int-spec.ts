import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { migrate, SqlDatabase } from '@app/event-store';
import { testSqlDatabases } from '@app/testing';
import { DOCUMENT_MIGRATIONS } from './documents.migrations';
import { SQL_CHUNK_BYTES, SqlContentStore } from './sql-content-store';
import { documentContentStoreContract, readAll } from './testing/content-store-contract';

describe.each(testSqlDatabases('documents'))('SqlContentStore on $name', (database) => {
  let db: SqlDatabase;
  let closeDb: () => Promise<void>;

  beforeAll(async () => {
    ({ db, close: closeDb } = await database.open());
    await migrate(db, DOCUMENT_MIGRATIONS);
  }, 60_000);
  afterAll(() => closeDb());

  const empty = async () => {
    await db.exec('DELETE FROM document_chunks; DELETE FROM document_contents; DELETE FROM document_stagings;');
  };

  documentContentStoreContract(database.name, async () => {
    await empty();
    return { store: new SqlContentStore(db), close: empty };
  });

  it('writes 256 KiB chunks and re-keys them to the content address on commit', async () => {
    await empty();
    const store = new SqlContentStore(db);
    const bytes = randomBytes(2 * SQL_CHUNK_BYTES + 100);
    const staged = await store.stage(Readable.from([bytes]), { maxBytes: bytes.length });
    const staging = await db.query<{ content_key: string; len: number }>('SELECT content_key, length(bytes) AS len FROM document_chunks ORDER BY seq');
    expect(staging.rows.map((r) => Number(r.len))).toEqual([SQL_CHUNK_BYTES, SQL_CHUNK_BYTES, 100]);
    expect(staging.rows.every((r) => r.content_key.startsWith('staging:'))).toBe(true);
    await staged.commit();
    const stored = await db.query<{ content_key: string }>('SELECT DISTINCT content_key FROM document_chunks');
    expect(stored.rows).toEqual([{ content_key: staged.sha256 }]);
    expect((await db.query('SELECT * FROM document_stagings')).rows).toEqual([]);
  });

  it('finds changed chunks with verify and refuses to serve missing ones', async () => {
    await empty();
    const store = new SqlContentStore(db);
    const staged = await store.stage(Readable.from([randomBytes(SQL_CHUNK_BYTES + 1)]), { maxBytes: 10 * SQL_CHUNK_BYTES });
    await staged.commit();
    await db.query("UPDATE document_chunks SET bytes = '\\x00'::bytea WHERE content_key = $1 AND seq = 1", [staged.sha256]);
    expect(await store.verify(staged.sha256)).toBe(false);
    await db.query('DELETE FROM document_chunks WHERE content_key = $1 AND seq = 1', [staged.sha256]);
    await expect(readAll(await store.open(staged.sha256))).rejects.toThrow('missing');
  });
});
