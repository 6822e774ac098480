/**
 * The documents benchmark (`documents` key of `npm run bench`): stages and commits, then opens and
 * reads fully, a document of BENCH_DOCUMENT_MIB (default 10) MiB through each content store
 * adapter, against a baseline of the same bytes measured in the same run, round by round
 * interleaved: plain file writes (synced, as the store syncs) and reads for the file system
 * store; one INSERT of the whole bytea and one SELECT of it for the PostgreSQL store, on a
 * throw-away schema. Figures are medians over BENCH_DOCUMENT_ROUNDS (default 7) rounds, in MB/s
 * (10^6 bytes a second), and the store's ratio to its baseline.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DOCUMENT_MIGRATIONS, DocumentContentStore, FileSystemContentStore, SqlContentStore } from '@app/documents';
import { migrate, PgDatabase } from '@app/event-store';
import { benchSchemaName, dropSchema } from './bench-schema';
import { round2 } from './stats';

export interface DocumentsBenchOptions {
  readonly databaseUrl: string;
  readonly log?: (line: string) => void;
}

interface PathFigures {
  readonly mbPerSec: number;
  readonly baselineMbPerSec: number;
  /** The store's throughput over the baseline's (1 = as fast). */
  readonly ratio: number;
}

export interface DocumentsFigures {
  readonly documentMiB: number;
  readonly rounds: number;
  readonly filesystem: { readonly write: PathFigures; readonly read: PathFigures };
  readonly postgres: { readonly write: PathFigures; readonly read: PathFigures };
}

type Variant = 'fsWrite' | 'fsWriteBaseline' | 'fsRead' | 'fsReadBaseline' | 'pgWrite' | 'pgWriteBaseline' | 'pgRead' | 'pgReadBaseline';

/** An upload as it arrives from the network: 64 KiB pieces. */
function upload(bytes: Buffer): Readable {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 64 * 1024) parts.push(bytes.subarray(at, at + 64 * 1024));
  return Readable.from(parts);
}

async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return bytes;
}

/** Seconds `work` takes. */
async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export async function runDocumentsBench(options: DocumentsBenchOptions): Promise<DocumentsFigures> {
  const log = options.log ?? (() => undefined);
  const mib = Number(process.env.BENCH_DOCUMENT_MIB || 10);
  const rounds = Number(process.env.BENCH_DOCUMENT_ROUNDS || 7);
  const size = mib * 1024 * 1024;
  const bytes = randomBytes(size);
  const dir = await mkdtemp(join(tmpdir(), 'grant-bench-documents-'));
  const schema = benchSchemaName();
  const db = new PgDatabase({ connectionString: options.databaseUrl, schema, maxConnections: 2 });
  const seconds = new Map<Variant, number[]>();
  const record = (variant: Variant, s: number) => seconds.set(variant, [...(seconds.get(variant) ?? []), s]);
  try {
    await migrate(db, DOCUMENT_MIGRATIONS);
    await db.exec('CREATE TABLE raw_documents (id integer PRIMARY KEY, bytes bytea NOT NULL); ALTER TABLE raw_documents ALTER COLUMN bytes SET STORAGE EXTERNAL;');
    const stores: Record<'fs' | 'pg', DocumentContentStore> = { fs: new FileSystemContentStore(join(dir, 'store')), pg: new SqlContentStore(db) };
    log(`${mib} MiB per document, ${rounds} rounds after a warm-up round, medians in MB/s`);
    for (let round = 0; round <= rounds; round += 1) {
      // Fresh bytes every round, or the store would keep the same content once.
      bytes.writeUInt32BE(round, 0);
      const measure = round > 0 ? record : () => undefined;
      const stored: Record<'fs' | 'pg', string> = { fs: '', pg: '' };
      for (const kind of ['fs', 'pg'] as const) {
        measure(
          kind === 'fs' ? 'fsWrite' : 'pgWrite',
          await timed(async () => {
            const staged = await stores[kind].stage(upload(bytes), { maxBytes: size });
            await staged.commit();
            stored[kind] = staged.storedSha256;
          }),
        );
      }
      const baselinePath = join(dir, `baseline-${round}`);
      measure(
        'fsWriteBaseline',
        await timed(async () => {
          const file = await open(baselinePath, 'w');
          await file.write(bytes);
          await file.sync();
          await file.close();
        }),
      );
      measure('pgWriteBaseline', await timed(() => db.query('INSERT INTO raw_documents (id, bytes) VALUES ($1, $2)', [round, bytes])));
      measure('fsRead', await timed(async () => drain(await stores.fs.open(stored.fs))));
      measure('fsReadBaseline', await timed(() => readFile(baselinePath)));
      measure('pgRead', await timed(async () => drain(await stores.pg.open(stored.pg))));
      measure('pgReadBaseline', await timed(() => db.query('SELECT bytes FROM raw_documents WHERE id = $1', [round])));
    }
  } finally {
    await db.close().catch(() => undefined);
    await dropSchema(options.databaseUrl, schema).catch((error: unknown) => console.error(`dropping schema ${schema} failed (drop it by hand):`, error));
    await rm(dir, { recursive: true, force: true });
  }
  const mbps = (variant: Variant) => size / 1e6 / median(seconds.get(variant) ?? []);
  const path = (variant: 'fsWrite' | 'fsRead' | 'pgWrite' | 'pgRead'): PathFigures => {
    const mbPerSec = mbps(variant);
    const baselineMbPerSec = mbps(`${variant}Baseline` as Variant);
    return { mbPerSec: round2(mbPerSec), baselineMbPerSec: round2(baselineMbPerSec), ratio: round2(mbPerSec / baselineMbPerSec) };
  };
  const figures: DocumentsFigures = {
    documentMiB: mib,
    rounds,
    filesystem: { write: path('fsWrite'), read: path('fsRead') },
    postgres: { write: path('pgWrite'), read: path('pgRead') },
  };
  const line = (name: string, f: PathFigures, baseline: string) =>
    log(`${name.padEnd(36)} ${String(f.mbPerSec).padStart(8)} MB/s   ${baseline.padEnd(28)} ${String(f.baselineMbPerSec).padStart(8)} MB/s   ratio ${f.ratio}`);
  line('filesystem stage+commit', figures.filesystem.write, 'fs write + fsync');
  line('filesystem open+read', figures.filesystem.read, 'fs readFile');
  line('postgres stage+commit', figures.postgres.write, 'one INSERT of the bytea');
  line('postgres open+read', figures.postgres.read, 'one SELECT of the bytea');
  return figures;
}
