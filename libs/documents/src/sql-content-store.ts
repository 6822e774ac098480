import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { SqlDatabase, SqlExecutor } from '@app/event-store';
import {
  assertSha256,
  ByteRange,
  DocumentContentStore,
  DocumentNotStoredError,
  DocumentSource,
  GarbageReport,
  OpenOptions,
  StagedContent,
  StageOptions,
  StoredContentInfo,
} from './document-content-store.port';
import { emptyIngestResult, ingest, rechunk } from './ingest';
import { hashesTo, readOut, StoredReader } from './read-out';

/** Bytes per stored chunk; every chunk but a content's last has exactly this many. */
export const SQL_CHUNK_BYTES = 256 * 1024;
/** Chunks fetched per query when streaming out (1 MiB). */
const CHUNKS_PER_READ = 4;
const LIST_PAGE = 500;

/** `bytea` comes back as a Buffer from `pg` and as a Uint8Array from PGlite. */
function bufferOf(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new Error('Expected bytea');
}

/**
 * Document contents in the database, on PostgreSQL and on PGlite alike (`DOCUMENT_MIGRATIONS`):
 * a row per content in `document_contents`, its bytes in `document_chunks` of 256 KiB, written
 * one by one as the upload arrives under a staging key, then re-keyed to the content address in
 * the commit's transaction (or dropped when the address is taken: the same bytes are kept once).
 * Reads fetch only the chunks a range touches, a few at a time.
 *
 * @example
 * const store = new SqlContentStore(db);
 */
export class SqlContentStore implements DocumentContentStore {
  constructor(private readonly db: SqlDatabase) {}

  async stage(source: DocumentSource, options: StageOptions): Promise<StagedContent> {
    const stagingId = randomBytes(16).toString('hex');
    const key = `staging:${stagingId}`;
    await this.db.query('INSERT INTO document_stagings (staging_id) VALUES ($1)', [stagingId]);
    const result = emptyIngestResult();
    // One chunk's INSERT runs while the next chunk arrives and is hashed (two chunks in memory at most).
    let inFlight: Promise<unknown> = Promise.resolve();
    try {
      let seq = 0;
      for await (const chunk of rechunk(ingest(source, options, result), SQL_CHUNK_BYTES)) {
        await inFlight;
        inFlight = this.db.query('INSERT INTO document_chunks (content_key, seq, bytes) VALUES ($1, $2, $3)', [key, seq++, chunk]);
      }
      await inFlight;
    } catch (error) {
      await inFlight.catch(() => undefined);
      await this.dropStaging(this.db, stagingId).catch(() => undefined);
      throw error;
    }
    return {
      ...result,
      commit: () =>
        this.db.transaction(async (tx) => {
          const inserted = await tx.query('INSERT INTO document_contents (sha256, size, stored_at) VALUES ($1, $2, now()) ON CONFLICT (sha256) DO NOTHING RETURNING sha256', [
            result.storedSha256,
            result.storedSize,
          ]);
          if (inserted.rowCount > 0) {
            await tx.query('UPDATE document_chunks SET content_key = $1 WHERE content_key = $2', [result.storedSha256, key]);
            await tx.query('DELETE FROM document_stagings WHERE staging_id = $1', [stagingId]);
          } else {
            // The same bytes are stored already: keep them once, as freshly stored (see collectGarbage).
            await tx.query('UPDATE document_contents SET stored_at = now() WHERE sha256 = $1', [result.storedSha256]);
            await this.dropStaging(tx, stagingId);
          }
        }),
      discard: () => this.dropStaging(this.db, stagingId),
    };
  }

  private async dropStaging(executor: SqlExecutor, stagingId: string): Promise<void> {
    await executor.query('DELETE FROM document_chunks WHERE content_key = $1', [`staging:${stagingId}`]);
    await executor.query('DELETE FROM document_stagings WHERE staging_id = $1', [stagingId]);
  }

  private reader(sha256: string, size: number): StoredReader {
    const db = this.db;
    return async function* (range?: ByteRange) {
      if (size === 0) return;
      const start = range?.start ?? 0;
      const end = range?.end ?? size - 1;
      const last = Math.floor(end / SQL_CHUNK_BYTES);
      for (let seq = Math.floor(start / SQL_CHUNK_BYTES); seq <= last; seq += CHUNKS_PER_READ) {
        const upTo = Math.min(seq + CHUNKS_PER_READ - 1, last);
        const rows = await db.query<{ seq: number; bytes: unknown }>(
          'SELECT seq, bytes FROM document_chunks WHERE content_key = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq',
          [sha256, seq, upTo],
        );
        if (rows.rows.length !== upTo - seq + 1) throw new Error(`Chunks of document content ${sha256} are missing`);
        for (const row of rows.rows) {
          const bytes = bufferOf(row.bytes);
          const offset = row.seq * SQL_CHUNK_BYTES;
          const from = Math.max(start - offset, 0);
          const to = Math.min(end + 1 - offset, bytes.length);
          yield from === 0 && to === bytes.length ? bytes : bytes.subarray(from, to);
        }
      }
    };
  }

  private async sizeOf(sha256: string): Promise<number | undefined> {
    assertSha256(sha256);
    const rows = await this.db.query<{ size: string | number }>('SELECT size FROM document_contents WHERE sha256 = $1', [sha256]);
    const row = rows.rows[0];
    return row ? Number(row.size) : undefined;
  }

  async open(sha256: string, range?: ByteRange, options?: OpenOptions): Promise<Readable> {
    const size = await this.sizeOf(sha256);
    if (size === undefined) throw new DocumentNotStoredError(sha256);
    return readOut(this.reader(sha256, size), size, range, options);
  }

  async stat(sha256: string): Promise<{ size: number } | undefined> {
    const size = await this.sizeOf(sha256);
    return size === undefined ? undefined : { size };
  }

  async remove(sha256: string): Promise<void> {
    assertSha256(sha256);
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM document_contents WHERE sha256 = $1', [sha256]);
      await tx.query('DELETE FROM document_chunks WHERE content_key = $1', [sha256]);
    });
  }

  async *list(): AsyncIterable<StoredContentInfo> {
    let after = '';
    for (;;) {
      const page = await this.db.query<{ sha256: string; size: string | number; stored_at: Date | string }>(
        'SELECT sha256, size, stored_at FROM document_contents WHERE sha256 > $1 ORDER BY sha256 LIMIT $2',
        [after, LIST_PAGE],
      );
      for (const row of page.rows) {
        yield { sha256: row.sha256, size: Number(row.size), storedAt: new Date(row.stored_at) };
        after = row.sha256;
      }
      if (page.rows.length < LIST_PAGE) return;
    }
  }

  async verify(sha256: string): Promise<boolean> {
    const size = await this.sizeOf(sha256);
    if (size === undefined) throw new DocumentNotStoredError(sha256);
    return hashesTo(this.reader(sha256, size), sha256);
  }

  async collectGarbage(referenced: (sha256: string) => Promise<boolean>, olderThan: Date): Promise<GarbageReport> {
    let removedContents = 0;
    for await (const content of this.list()) {
      if (content.storedAt >= olderThan || (await referenced(content.sha256))) continue;
      const removed = await this.db.transaction(async (tx) => {
        // Not if it was stored again meanwhile: a new event may pin it.
        const gone = await tx.query('DELETE FROM document_contents WHERE sha256 = $1 AND stored_at < $2 RETURNING sha256', [content.sha256, olderThan.toISOString()]);
        if (gone.rowCount > 0) await tx.query('DELETE FROM document_chunks WHERE content_key = $1', [content.sha256]);
        return gone.rowCount > 0;
      });
      if (removed) removedContents += 1;
    }
    const stale = await this.db.query<{ staging_id: string }>('SELECT staging_id FROM document_stagings WHERE started_at < $1', [olderThan.toISOString()]);
    for (const row of stale.rows) await this.dropStaging(this.db, row.staging_id);
    return { removedContents, removedStagings: stale.rows.length };
  }
}
