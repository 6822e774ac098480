import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  assertSha256,
  ByteRange,
  DocumentContentStore,
  DocumentNotStoredError,
  DocumentSource,
  GarbageReport,
  OpenOptions,
  SHA256_HEX,
  StagedContent,
  StageOptions,
  StoredContentInfo,
} from './document-content-store.port';
import { emptyIngestResult, ingest, rechunk } from './ingest';
import { hashesTo, readOut, StoredReader } from './read-out';

/** Bytes per write of an upload to its staging file (fewer, larger writes; memory stays bounded). */
const WRITE_CHUNK_BYTES = 1024 * 1024;
/** Bytes per read from a content file (the stream's buffer). */
const READ_CHUNK_BYTES = 256 * 1024;

const isMissing = (error: unknown) => (error as { code?: unknown } | null)?.code === 'ENOENT';

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Flushes a directory's entries (a rename into it) to disk; some platforms cannot, which is fine. */
async function syncDir(path: string): Promise<void> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Directories cannot be opened for sync on every platform.
  } finally {
    await handle.close();
  }
}

/**
 * Document contents as files: `<root>/sha256/ab/cd/<hex>` (the first two byte pairs of the hash as
 * folders), uploads written to `<root>/staging/<random>` and synced before they are renamed to
 * their address, so a content is either whole at its address or absent. A content's modification
 * time is when it was (last) stored. The embedded engine keeps them under `DATA_DIR/documents`.
 *
 * @example
 * const store = new FileSystemContentStore(join(config.dataDir, 'documents'));
 */
export class FileSystemContentStore implements DocumentContentStore {
  private readonly contents: string;
  private readonly staging: string;

  constructor(readonly root: string) {
    this.contents = join(root, 'sha256');
    this.staging = join(root, 'staging');
  }

  private pathOf(sha256: string): string {
    assertSha256(sha256);
    return join(this.contents, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async stage(source: DocumentSource, options: StageOptions): Promise<StagedContent> {
    await mkdir(this.staging, { recursive: true });
    const stagingPath = join(this.staging, randomBytes(16).toString('hex'));
    const result = emptyIngestResult();
    const file = await open(stagingPath, 'wx');
    try {
      for await (const chunk of rechunk(ingest(source, options, result), WRITE_CHUNK_BYTES)) await file.write(chunk);
      await file.sync();
    } catch (error) {
      await file.close().catch(() => undefined);
      await rm(stagingPath, { force: true });
      throw error;
    }
    await file.close();
    const target = this.pathOf(result.storedSha256);
    return {
      ...result,
      commit: async () => {
        if (await statOrUndefined(target)) {
          // The same bytes are stored already: keep them once, as freshly stored (see collectGarbage).
          const now = new Date();
          await utimes(target, now, now);
          await rm(stagingPath, { force: true });
          return;
        }
        const folder = join(target, '..');
        await mkdir(folder, { recursive: true });
        await rename(stagingPath, target);
        await syncDir(folder);
      },
      discard: () => rm(stagingPath, { force: true }),
    };
  }

  private reader(path: string): StoredReader {
    return (range?: ByteRange) => createReadStream(path, { ...(range && { start: range.start, end: range.end }), highWaterMark: READ_CHUNK_BYTES });
  }

  async open(sha256: string, range?: ByteRange, options?: OpenOptions): Promise<Readable> {
    const path = this.pathOf(sha256);
    const info = await statOrUndefined(path);
    if (!info) throw new DocumentNotStoredError(sha256);
    return readOut(this.reader(path), info.size, range, options);
  }

  async stat(sha256: string): Promise<{ size: number } | undefined> {
    const info = await statOrUndefined(this.pathOf(sha256));
    return info && { size: info.size };
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  private async names(path: string): Promise<string[]> {
    try {
      return (await readdir(path)).sort();
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }

  async *list(): AsyncIterable<StoredContentInfo> {
    for (const a of await this.names(this.contents)) {
      for (const b of await this.names(join(this.contents, a))) {
        for (const name of await this.names(join(this.contents, a, b))) {
          if (!SHA256_HEX.test(name)) continue;
          const info = await statOrUndefined(join(this.contents, a, b, name));
          if (info) yield { sha256: name, size: info.size, storedAt: info.mtime };
        }
      }
    }
  }

  async verify(sha256: string): Promise<boolean> {
    const path = this.pathOf(sha256);
    if (!(await statOrUndefined(path))) throw new DocumentNotStoredError(sha256);
    return hashesTo(this.reader(path), sha256);
  }

  async collectGarbage(referenced: (sha256: string) => Promise<boolean>, olderThan: Date): Promise<GarbageReport> {
    let removedContents = 0;
    for await (const content of this.list()) {
      if (content.storedAt >= olderThan || (await referenced(content.sha256))) continue;
      // Stored again while `referenced` was asked: a new event may pin it.
      const now = await statOrUndefined(this.pathOf(content.sha256));
      if (!now || now.mtime >= olderThan) continue;
      await this.remove(content.sha256);
      removedContents += 1;
    }
    let removedStagings = 0;
    for (const name of await this.names(this.staging)) {
      const info = await statOrUndefined(join(this.staging, name));
      if (!info || info.mtime >= olderThan) continue;
      await rm(join(this.staging, name), { force: true });
      removedStagings += 1;
    }
    return { removedContents, removedStagings };
  }
}
