/**
 * The audit benchmark (`audit` key of `npm run bench`): fills a throw-away schema with
 * AUDIT_BENCH_EVENTS (default 1,000,000) realistic events, with correct per-stream hashes,
 * global chain links and signed checkpoints, then times the verifier over all of them and a full
 * blue/green rebuild of the `projects` read model. Runs alone with `node dist/bench/audit-bench.js`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UuidV7Generator } from '@app/application';
import { AUDIT_CHAIN_SUBSCRIPTION, AUDIT_MIGRATIONS, AuditSigner, AuditVerifier, chainHash, GENESIS_CHAIN_HASH } from '@app/audit';
import { eventHash, EVENT_STORE_MIGRATIONS, GENESIS_HASH, migrate, PgDatabase, RecordedEvent } from '@app/event-store';
import { SqlEventStore } from '@app/event-store/sql-event-store';
import { DEFAULT_REBUILD_BATCH_SIZE, ProjectionManager, projectsProjection, SUBSCRIPTION_MIGRATIONS } from '@app/projections';
import { benchSchemaName, dropSchema } from './bench-schema';

export interface AuditBenchOptions {
  readonly databaseUrl: string;
  /** Events in the log (default `AUDIT_BENCH_EVENTS` or 1,000,000). */
  readonly events?: number;
  readonly log?: (line: string) => void;
  /** Keep the filled schema (for profiling; default false). */
  readonly keepSchema?: boolean;
}

export interface AuditFigures {
  readonly events: number;
  readonly verifyPerSec: number;
  readonly rebuildPerSec: number;
}

/** Projects advancing together: their events interleave in the log as in a real programme year. */
const CONCURRENT_PROJECTS = 500;
const PROJECTS_PER_PROGRAMME = 100;
const INSERT_CHUNK = 5000;
const CHECKPOINT_EVERY = 1000;

interface Template {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: string;
  /** Parsed once and shared: metadata does not name the project. */
  readonly metadata: unknown;
}

interface Row {
  readonly position: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly chainHash: string;
}

function goldenFile(): { streams: Record<string, RecordedEvent[]> } {
  const candidates = [
    join(__dirname, '..', '..', 'libs', 'audit', 'src', 'golden', 'main-to-closed.golden.json'),
    join(__dirname, '..', 'libs', 'audit', 'src', 'golden', 'main-to-closed.golden.json'),
    join(process.cwd(), 'libs', 'audit', 'src', 'golden', 'main-to-closed.golden.json'),
  ];
  const path = candidates.find((p) => existsSync(p));
  if (!path) throw new Error('the main-path golden file (libs/audit/src/golden) is needed as the event template');
  return JSON.parse(readFileSync(path, 'utf8')) as { streams: Record<string, RecordedEvent[]> };
}

function templates(events: readonly RecordedEvent[]): Template[] {
  return events.map((e) => ({ type: e.type, schemaVersion: e.schemaVersion, data: JSON.stringify(e.data), metadata: e.metadata }));
}

/**
 * Generates the log in order: programmes open, then waves of projects each running the recorded
 * main path (draft to closed), their events interleaved, budget events on their programme.
 */
function* generateLog(total: number, ids: UuidV7Generator): Generator<Omit<Row, 'position' | 'prevHash' | 'hash' | 'chainHash'>> {
  const golden = goldenFile();
  const project = templates(golden.streams['project-golden-1'] ?? []);
  const programme = templates(golden.streams['programme-la-2026'] ?? []);
  const [created, ...budget] = programme;
  if (!created || project.length === 0) throw new Error('the golden template is empty');
  // Which project events move the budget: the programme events follow them in the same decision.
  const budgetAfter = new Map<number, Template>();
  const reserved = project.findIndex((e) => e.type === 'FundingApproved');
  const released = project.findIndex((e) => e.type === 'SettlementApproved');
  if (budget[0] && reserved >= 0) budgetAfter.set(reserved, budget[0]);
  if (budget[1] && released >= 0) budgetAfter.set(released, budget[1]);

  const base = Date.parse('2026-01-02T02:00:00.000Z');
  let emitted = 0;
  let second = 0;
  const at = () => new Date(base + (second += 1) * 1000).toISOString();
  const programmeVersions = new Map<string, number>();
  const fill = (text: string, projectId: string, programmeId: string) => JSON.parse(text.replaceAll('golden-1', projectId).replaceAll('la-2026', programmeId)) as unknown;

  for (let wave = 0; emitted < total; wave += 1) {
    const projectIds = Array.from({ length: CONCURRENT_PROJECTS }, (_, i) => `p-${wave}-${i}`);
    const programmeOf = (i: number) => `prog-${Math.floor((wave * CONCURRENT_PROJECTS + i) / PROJECTS_PER_PROGRAMME)}`;
    for (let step = -1; step < project.length && emitted < total; step += 1) {
      for (let i = 0; i < projectIds.length && emitted < total; i += 1) {
        const programmeId = programmeOf(i);
        const projectId = projectIds[i] as string;
        if (step === -1) {
          if (programmeVersions.has(programmeId)) continue;
          programmeVersions.set(programmeId, 1);
          emitted += 1;
          yield { eventId: ids.next(), streamId: `programme-${programmeId}`, version: 1, type: created.type, schemaVersion: 1, data: fill(created.data, projectId, programmeId), metadata: created.metadata, recordedAt: at() };
          continue;
        }
        const template = project[step] as Template;
        emitted += 1;
        yield {
          eventId: ids.next(),
          streamId: `project-${projectId}`,
          version: step + 1,
          type: template.type,
          schemaVersion: template.schemaVersion,
          data: fill(template.data, projectId, programmeId),
          metadata: template.metadata,
          recordedAt: at(),
        };
        const follow = budgetAfter.get(step);
        if (follow && emitted < total) {
          const version = (programmeVersions.get(programmeId) ?? 1) + 1;
          programmeVersions.set(programmeId, version);
          emitted += 1;
          yield { eventId: ids.next(), streamId: `programme-${programmeId}`, version, type: follow.type, schemaVersion: 1, data: fill(follow.data, projectId, programmeId), metadata: follow.metadata, recordedAt: at() };
        }
      }
    }
  }
}

const INSERT_EVENTS = `INSERT INTO events (position, event_id, stream_id, version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
OVERRIDING SYSTEM VALUE
SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::int[], $7::jsonb[], $8::jsonb[], $9::timestamptz[], $10::text[], $11::text[])`;

const INSERT_CHAIN = `INSERT INTO audit_chain (ordinal, position, transaction_id, chain_hash)
SELECT u.p, u.p, pg_current_xact_id(), u.h FROM unnest($1::bigint[], $2::text[]) AS u(p, h)`;

/** Writes the log in chunks, one transaction each (so log order is position order), with chain links and checkpoints. */
async function fill(db: PgDatabase, total: number, signer: AuditSigner, log: (line: string) => void): Promise<{ projects: number }> {
  const ids = new UuidV7Generator(() => Date.parse('2026-01-02T02:00:00.000Z'));
  const heads = new Map<string, string>();
  let chain = GENESIS_CHAIN_HASH;
  let position = 0;
  let chunk: Row[] = [];
  let pending: Promise<void> = Promise.resolve();
  const started = Date.now();
  const projects = new Set<string>();

  const flush = (rows: Row[]) =>
    db.transaction(async (tx) => {
      await tx.query(INSERT_EVENTS, [
        rows.map((r) => r.position),
        rows.map((r) => r.eventId),
        rows.map((r) => r.streamId),
        rows.map((r) => r.version),
        rows.map((r) => r.type),
        rows.map((r) => r.schemaVersion),
        rows.map((r) => JSON.stringify(r.data)),
        rows.map((r) => JSON.stringify(r.metadata)),
        rows.map((r) => r.recordedAt),
        rows.map((r) => r.prevHash),
        rows.map((r) => r.hash),
      ]);
      await tx.query(INSERT_CHAIN, [rows.map((r) => r.position), rows.map((r) => r.chainHash)]);
      for (const r of rows) {
        if (r.position % CHECKPOINT_EVERY !== 0) continue;
        const txid = await tx.query<{ id: string }>('SELECT pg_current_xact_id()::text AS id');
        const signed = signer.signCheckpoint({ position: r.position, transactionId: txid.rows[0]?.id ?? '0', eventCount: r.position, chainHash: r.chainHash, createdAt: r.recordedAt });
        await tx.query(
          `INSERT INTO audit_checkpoints (event_count, position, transaction_id, chain_hash, created_at, key_id, signature) VALUES ($1, $2, $3::xid8, $4, $5, $6, $7)`,
          [signed.eventCount, signed.position, signed.transactionId, signed.chainHash, signed.createdAt, signed.keyId, signed.signature],
        );
      }
    });

  for (const event of generateLog(total, ids)) {
    position += 1;
    const prevHash = heads.get(event.streamId) ?? GENESIS_HASH;
    const hash = eventHash(prevHash, event);
    heads.set(event.streamId, hash);
    chain = chainHash(chain, hash, position);
    if (event.streamId.startsWith('project-')) projects.add(event.streamId);
    chunk.push({ ...event, position, prevHash, hash, chainHash: chain });
    if (chunk.length === INSERT_CHUNK) {
      const rows = chunk;
      chunk = [];
      // Hash the next chunk while the database writes this one.
      await pending;
      pending = flush(rows);
      if (position % 100_000 === 0) log(`  filled ${position} events (${Math.round(position / ((Date.now() - started) / 1000))}/s)`);
    }
  }
  await pending;
  if (chunk.length > 0) await flush(chunk);
  await db.query(`SELECT setval(pg_get_serial_sequence('events', 'position'), $1)`, [position]);
  // The chain subscription is where a worker would have left it: at the head.
  await db.query(
    `INSERT INTO subscription_checkpoints (name, transaction_id, position)
     SELECT $1, transaction_id, position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1`,
    [AUDIT_CHAIN_SUBSCRIPTION],
  );
  // A production log has been vacuumed by autovacuum (inserts trigger it) long before an audit:
  // hint bits set, visibility map current, statistics present.
  await db.query('VACUUM (ANALYZE) events, audit_chain');
  return { projects: projects.size };
}

/**
 * Measures verification and a full projection rebuild over a large log; see the file header.
 *
 * @example
 * const figures = await runAuditBench({ databaseUrl, events: 100_000 });
 */
export async function runAuditBench(options: AuditBenchOptions): Promise<AuditFigures> {
  const log = options.log ?? (() => undefined);
  const total = options.events ?? Number(process.env.AUDIT_BENCH_EVENTS || 1_000_000);
  if (!Number.isSafeInteger(total) || total < 1000) throw new Error('AUDIT_BENCH_EVENTS must be an integer of at least 1000');
  const schema = benchSchemaName();
  const db = new PgDatabase({ connectionString: options.databaseUrl, schema, maxConnections: 4, statementTimeoutMs: 600_000, applicationName: 'grant-bench-audit' });
  if (options.keepSchema) log(`  keeping schema ${schema}`);
  try {
    await migrate(db, [...EVENT_STORE_MIGRATIONS, ...SUBSCRIPTION_MIGRATIONS, ...AUDIT_MIGRATIONS]);
    const signer = AuditSigner.generate();
    log(`audit benchmark: ${total} events in schema ${schema}`);
    const fillStarted = Date.now();
    const { projects } = await fill(db, total, signer, log);
    log(`  filled in ${((Date.now() - fillStarted) / 1000).toFixed(1)} s (${projects} projects, checkpoints every ${CHECKPOINT_EVERY})`);

    const verifyStarted = Date.now();
    const report = await new AuditVerifier(db, signer.publicKey).verify({ batchSize: 5000 });
    const verifySeconds = (Date.now() - verifyStarted) / 1000;
    if (!report.ok || report.checkedEvents !== total) throw new Error(`verification failed: ${JSON.stringify(report)}`);
    const verifyPerSec = Math.round(total / verifySeconds);
    log(`  verify: ${total} events, ${report.checkpoints.verified} checkpoints in ${verifySeconds.toFixed(1)} s = ${verifyPerSec} events/s (goal >= 50000)`);

    const store = new SqlEventStore(db);
    // The engine's default batch unless AUDIT_BENCH_REBUILD_BATCH says otherwise (docs/audit.md
    // shows how much a larger batch gains when many projects interleave).
    const rebuildBatch = process.env.AUDIT_BENCH_REBUILD_BATCH ? Number(process.env.AUDIT_BENCH_REBUILD_BATCH) : undefined;
    const manager = new ProjectionManager(store, db, [projectsProjection], rebuildBatch ? { rebuildBatchSize: rebuildBatch } : {});
    await manager.setUp();
    // The live generation is already where a running worker would be; only the rebuild works.
    await db.query(
      `UPDATE subscription_checkpoints SET (transaction_id, position) = (SELECT transaction_id, position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1)
       WHERE name = 'projection:projects:g1'`,
    );
    const rebuildStarted = Date.now();
    const generation = await manager.rebuild('projects');
    const budgetMs = Number(process.env.AUDIT_BENCH_REBUILD_SECONDS || 900) * 1000;
    let timer: NodeJS.Timeout | undefined;
    const catchingUp = manager.catchUp().then(() => true);
    // After a timeout the pool is closed under the runner; its failure then is expected.
    catchingUp.catch(() => undefined);
    const finished = await Promise.race([
      catchingUp,
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), budgetMs))),
    ]).finally(() => clearTimeout(timer));
    const rebuildSeconds = (Date.now() - rebuildStarted) / 1000;
    const status = await manager.status();
    let rebuildPerSec: number;
    if (finished) {
      const rows = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM projects')).rows[0]?.n ?? 0);
      if (rows !== projects || !status.some((s) => s.generation === generation && s.status === 'live')) {
        throw new Error(`rebuild incomplete: ${rows} of ${projects} projects, ${JSON.stringify(status)}`);
      }
      rebuildPerSec = Math.round(total / rebuildSeconds);
      log(
        `  rebuild of projects (generation ${generation}, batches of ${rebuildBatch ?? DEFAULT_REBUILD_BATCH_SIZE}): ${total} events, ${rows} rows in ${rebuildSeconds.toFixed(1)} s = ${rebuildPerSec} events/s (goal >= 10000)`,
      );
    } else {
      // A rebuild that cannot finish in the budget is reported at the rate it reached, so the
      // run ends; closing the pool below stops the runner.
      const reached = status.find((s) => s.generation === generation)?.position ?? 0;
      rebuildPerSec = Math.round(reached / rebuildSeconds);
      log(`  rebuild of projects did NOT finish in ${budgetMs / 1000} s: position ${reached} of ${total} = ${rebuildPerSec} events/s (goal >= 10000)`);
    }
    return { events: total, verifyPerSec, rebuildPerSec };
  } finally {
    await db.close();
    if (!options.keepSchema) await dropSchema(options.databaseUrl, schema).catch((error: unknown) => log(`dropping schema ${schema} failed (drop it by hand): ${String(error)}`));
  }
}

if (require.main === module) {
  runAuditBench({
    databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    keepSchema: process.env.AUDIT_BENCH_KEEP_SCHEMA === '1',
    log: (line) => console.log(line),
  })
    .then((figures) => console.log(JSON.stringify({ audit: figures })))
    .catch((error: unknown) => {
      console.error('audit benchmark failed:', error);
      process.exit(1);
    });
}
