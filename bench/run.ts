/**
 * `npm run bench`: the engine's append and command path against a raw single-row INSERT, all
 * measured in one process and one run, interleaved round by round, on a throw-away schema; then
 * the write path over HTTP, webhooks, reminders and audit. Human-readable figures first, then
 * exactly one JSON line (see docs/benchmarks.md). `npm run bench -- http` runs only the parts
 * named (store, http, webhooks, reminders, audit, documents, console); `--profile` runs the engine of the http part
 * under `--cpu-prof` and summarises the profiles.
 */
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { EVENT_STORE_MIGRATIONS, migrate, PgDatabase } from '@app/event-store';
import { SqlEventStore } from '@app/event-store/sql-event-store';
import { CommandExecutor, UuidV7Generator } from '@app/application';
import { runAuditBench } from './audit-bench';
import { runConsoleBench } from './console-bench';
import { runDocumentsBench } from './documents-bench';
import { runDocumentsHttpBench } from './documents-http';
import { benchSchemaName, dropOpenSchemas, dropSchema } from './bench-schema';
import { commandClient } from './command-path';
import { cpuSince, sampleCpu } from './cpu';
import { BenchConfig, describeUrl, loadConfig } from './config';
import { engineAppendClient } from './engine-append';
import { runHttpBench } from './http/http-bench';
import { Operation, runClients } from './load';
import { payloadSizes, StreamNames } from './payload';
import { summariseProfileDir } from './profile-summary';
import { createRawPool, createRawTable, rawInsertClient } from './raw-baseline';
import { runRemindersBench } from './reminders-bench';
import { runWebhooksBench } from './webhooks-bench';
import { appendFigures, BenchJson, describe, goalLine, ratioOf, roundRatios } from './report';
import { round2, VariantRecorder, VariantSummary } from './stats';

/** Cores of other work above which a run is reported as disturbed. */
const OTHER_LOAD_WARNING_CORES = 0.3;

type VariantKey = 'raw1' | 'engine1' | 'rawN' | 'engineN' | 'commandN';

interface Variant {
  readonly key: VariantKey;
  readonly label: string;
  readonly clients: number;
  readonly client: (index: number) => Operation;
}

interface Measured {
  readonly summaries: Record<VariantKey, VariantSummary>;
  /** Operations of every round including the warm-up, per table, to check against row counts. */
  readonly engineOps: number;
  readonly rawOps: number;
}

/** The parts of a run, in order; `npm run bench -- http audit` runs only those named. */
const PARTS = ['store', 'http', 'webhooks', 'reminders', 'audit', 'documents', 'console'] as const;
type Part = (typeof PARTS)[number];

/** Parts named on the command line (all when none), less those in BENCH_SKIP. */
function selectedParts(args: readonly string[]): Set<Part> {
  const named = args.filter((a) => !a.startsWith('--'));
  for (const name of named) {
    if (!(PARTS as readonly string[]).includes(name)) throw new Error(`unknown part ${name}; the parts are ${PARTS.join(', ')}`);
  }
  const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').map((s) => s.trim()));
  return new Set(PARTS.filter((p) => (named.length === 0 || named.includes(p)) && !skip.has(p)));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const parts = selectedParts(args);
  let json: BenchJson = parts.has('store') ? await runStoreBench() : {};
  const databaseUrl = loadConfig().databaseUrl;
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (parts.has('http')) {
    // `--profile`: the engine runs under --cpu-prof; the profiles are summarised after the run.
    const profileDir = args.includes('--profile') ? mkdtempSync(join(tmpdir(), 'grant-bench-profile-')) : undefined;
    console.log('\nhttp (see docs/benchmarks.md, "HTTP write path"):');
    json = { ...json, http: await runHttpBench({ databaseUrl, redisUrl, profileDir, log: (l) => console.log(`  ${l}`) }) };
    if (profileDir) {
      console.log(`\nCPU profiles of the engine in ${profileDir} (summary below; bench/profile-summary.ts <file> for one file):`);
      for (const line of summariseProfileDir(profileDir)) console.log(`  ${line}`);
    }
  }
  await runLaterParts(parts, databaseUrl, redisUrl, json);
}

/** The store's append and command path against the raw insert (the `append` and `command` keys). */
async function runStoreBench(): Promise<BenchJson> {
  const config = loadConfig();
  const abort = new AbortController();
  // Ctrl-C stops the clients and still drops the schema.
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const schema = benchSchemaName();
  // Names unique to this run, to find its own backends in pg_stat_activity.
  const appNames = { engine: `${schema}_engine`, raw: `${schema}_raw` };
  const db = new PgDatabase({
    connectionString: config.databaseUrl,
    schema,
    maxConnections: config.poolSize,
    applicationName: appNames.engine,
  });
  let rawPool: Pool | undefined;
  let json: BenchJson;
  try {
    await migrate(db, EVENT_STORE_MIGRATIONS);
    rawPool = createRawPool(config.databaseUrl, schema, config.poolSize, appNames.raw);
    const rawIndexes = await createRawTable(rawPool);
    await printEnvironment(config, rawPool, schema, rawIndexes);
    const measured = await measure(config, db, rawPool, appNames, abort.signal);
    await checkRowCounts(rawPool, measured);
    json = report(config, measured.summaries);
  } finally {
    await db.close().catch((error: unknown) => console.error('closing the engine pool failed:', error));
    await rawPool?.end().catch((error: unknown) => console.error('closing the raw pool failed:', error));
    await dropSchema(config.databaseUrl, schema).then(
      () => console.log(`dropped schema ${schema}`),
      (error: unknown) => console.error(`dropping schema ${schema} failed (drop it by hand):`, error),
    );
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return json;
}

/** The webhooks, reminders and audit measures join the same JSON line under their keys. */
async function runLaterParts(parts: Set<Part>, databaseUrl: string, redisUrl: string, start: BenchJson): Promise<void> {
  let json = start;
  // These parts run for minutes without a way to stop midway: Ctrl-C drops their schemas and exits.
  const onLaterSignal = () => {
    console.error('\ninterrupted: dropping the benchmark schemas');
    dropOpenSchemas(databaseUrl).then(
      (names) => {
        console.error(`dropped ${names.join(', ') || 'nothing'}`);
        process.exit(130);
      },
      (error: unknown) => {
        console.error('dropping the schemas failed (drop bench_* schemas by hand):', error);
        process.exit(130);
      },
    );
  };
  process.once('SIGINT', onLaterSignal);
  process.once('SIGTERM', onLaterSignal);
  if (parts.has('webhooks')) {
    console.log('\nwebhooks (see docs/benchmarks.md):');
    json = { ...json, webhooks: await runWebhooksBench({ databaseUrl, redisUrl, log: (l) => console.log(`  ${l}`) }) };
  }
  if (parts.has('reminders')) {
    console.log('\nreminders (see docs/benchmarks.md):');
    json = { ...json, reminders: await runRemindersBench({ databaseUrl, redisUrl, log: (l) => console.log(`  ${l}`) }) };
  }
  if (parts.has('audit')) {
    console.log('\naudit (see docs/audit.md):');
    json = { ...json, audit: await runAuditBench({ databaseUrl, log: (l) => console.log(l) }) };
  }
  if (parts.has('documents')) {
    console.log('\ndocuments (see docs/benchmarks.md, "Documents"):');
    const stores = await runDocumentsBench({ databaseUrl, log: (l) => console.log(`  ${l}`) });
    json = { ...json, documents: { ...stores, http: await runDocumentsHttpBench({ databaseUrl, redisUrl, log: (l) => console.log(`  ${l}`) }) } };
  }
  if (parts.has('console')) {
    console.log('\nconsole (see docs/benchmarks.md, "Console load"):');
    const figures = await runConsoleBench({ databaseUrl, redisUrl, log: (l) => console.log(`  ${l}`) });
    if (figures) json = { ...json, console: figures };
  }
  // Last line of the output, nothing after it.
  console.log(JSON.stringify(json));
}

async function printEnvironment(config: BenchConfig, pool: Pool, schema: string, rawIndexes: string[]): Promise<void> {
  const settings = await pool.query<{ version: string; sync: string; fsync: string }>(
    "SELECT current_setting('server_version') AS version, current_setting('synchronous_commit') AS sync, current_setting('fsync') AS fsync",
  );
  const s = settings.rows[0];
  const sizes = payloadSizes(new UuidV7Generator());
  console.log(`grant engine benchmark, ${new Date().toISOString()}`);
  console.log(
    `node ${process.version}, ${cpus().length} cores; PostgreSQL ${s?.version ?? '?'} (synchronous_commit=${s?.sync ?? '?'}, fsync=${s?.fsync ?? '?'}) at ${describeUrl(config.databaseUrl)}, schema ${schema}`,
  );
  console.log(
    `pools: engine ${config.poolSize}, raw ${config.poolSize} connections; clients 1 and ${config.highClients}; ` +
      `${config.rounds} rounds x ${config.seconds} s per variant after a ${config.warmupSeconds} s warm-up round (discarded)`,
  );
  console.log(
    `payload: data ${sizes.dataBytes} B, metadata ${sizes.metadataBytes} B of JSON per event; ` +
      `append streams ${config.appendStreamLength} events, command streams ${config.commandStreamLength} events`,
  );
  console.log(`raw table: LIKE events INCLUDING ALL, no triggers; ${rawIndexes.length} indexes`);
  console.log(`load average before: ${formatLoad()}`);
}

interface AppNames {
  readonly engine: string;
  readonly raw: string;
}

/** The server processes of both pools, looked up before each run (outside the timed window). */
async function backendPids(pool: Pool, names: AppNames): Promise<number[]> {
  const res = await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = ANY($1)', [[names.engine, names.raw]]);
  return res.rows.map((r) => r.pid);
}

async function measure(config: BenchConfig, db: PgDatabase, rawPool: Pool, appNames: AppNames, signal: AbortSignal): Promise<Measured> {
  const ids = new UuidV7Generator();
  const store = new SqlEventStore(db);
  // As the engine runs it: COMMAND_STATE_CACHE_SIZE's default keeps the state of each client's stream.
  const executor = new CommandExecutor(store, ids, undefined, { stateCacheSize: 10_000 });
  const names = new StreamNames();
  const n = config.highClients;
  const raw = (index: number) => rawInsertClient(rawPool, ids, names, index, config.appendStreamLength);
  const engine = (index: number) => engineAppendClient(store, ids, names, index, config.appendStreamLength);
  const command = (index: number) => commandClient(executor, ids, () => names.next('command', index), config.commandStreamLength);

  // Each engine variant follows its baseline; odd rounds run the list backwards (ABBA), so a
  // slow drift of the machine (checkpoints, autovacuum, neighbours) weighs on both sides alike.
  const variants: Variant[] = [
    { key: 'raw1', label: 'raw insert, 1 client', clients: 1, client: raw },
    { key: 'engine1', label: 'engine append, 1 client', clients: 1, client: engine },
    { key: 'rawN', label: `raw insert, ${n} clients`, clients: n, client: raw },
    { key: 'engineN', label: `engine append, ${n} clients`, clients: n, client: engine },
    { key: 'commandN', label: `command path, ${n} clients`, clients: n, client: command },
  ];
  const recorders = Object.fromEntries(variants.map((v) => [v.key, new VariantRecorder()])) as Record<VariantKey, VariantRecorder>;
  let engineOps = 0;
  let rawOps = 0;

  for (let round = 0; round <= config.rounds; round += 1) {
    const warmUp = round === 0;
    if (warmUp && config.warmupSeconds === 0) continue;
    const order = round % 2 === 1 ? [...variants].reverse() : variants;
    const parts: string[] = [];
    for (const variant of order) {
      const clients = Array.from({ length: variant.clients }, (_, i) => variant.client(i));
      const pids = await backendPids(rawPool, appNames);
      const cpuStart = sampleCpu(pids);
      const result = await runClients(clients, warmUp ? config.warmupSeconds : config.seconds, signal);
      const cpu = cpuSince(cpuStart, pids);
      if (signal.aborted) throw new Error('interrupted');
      if (variant.key.startsWith('raw')) rawOps += result.ops;
      else engineOps += result.ops;
      if (!warmUp) recorders[variant.key].add(result.ops, result.seconds, result.latenciesMs, cpu);
      parts.push(`${variant.key} ${Math.round(result.ops / result.seconds)}/s`);
    }
    console.log(`${warmUp ? 'warm-up' : `round ${round}/${config.rounds}`}: ${parts.join(', ')}`);
    if (warmUp) {
      // The warm-up filled both tables from empty; vacuum and analyze them now, so the first
      // autovacuum of a new table does not land in the first measured rounds.
      await rawPool.query('VACUUM (ANALYZE) events, raw_events');
    }
  }
  const summaries = Object.fromEntries(variants.map((v) => [v.key, recorders[v.key].summary()])) as Record<VariantKey, VariantSummary>;
  console.log('');
  for (const v of variants) console.log(describe(v.label, summaries[v.key]));
  console.log(`load average after: ${formatLoad()} (other processes on the machine move absolute figures; compare ratios)`);
  const other = Math.max(...variants.map((v) => summaries[v.key].otherCores ?? 0));
  if (other > OTHER_LOAD_WARNING_CORES) {
    // The engine spends more CPU per event than the raw insert, so it loses more when other
    // processes take cores away: ratios of such a run understate the engine.
    console.log(`WARNING: other processes kept up to ${other.toFixed(2)} cores busy during a variant; this run's ratios are not those of a quiet machine`);
  }
  return { summaries, engineOps, rawOps };
}

function formatLoad(): string {
  return loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
}

/** Every counted operation must be exactly one stored row, or the figures mean nothing. */
async function checkRowCounts(pool: Pool, measured: Measured): Promise<void> {
  const vacuums = await pool.query<{ relname: string; autovacuum_count: string; autoanalyze_count: string }>(
    `SELECT relname, autovacuum_count::text, autoanalyze_count::text FROM pg_stat_user_tables
     WHERE schemaname = current_schema() AND relname IN ('events', 'raw_events') ORDER BY relname`,
  );
  console.log(`autovacuum during the run: ${vacuums.rows.map((r) => `${r.relname} ${r.autovacuum_count} vacuums, ${r.autoanalyze_count} analyzes`).join('; ')}`);
  const res = await pool.query<{ events: string; raw: string }>(
    'SELECT (SELECT count(*) FROM events)::text AS events, (SELECT count(*) FROM raw_events)::text AS raw',
  );
  const events = Number(res.rows[0]?.events);
  const raw = Number(res.rows[0]?.raw);
  if (events !== measured.engineOps || raw !== measured.rawOps) {
    throw new Error(`Row counts disagree with counted operations: events ${events} vs ${measured.engineOps}, raw ${raw} vs ${measured.rawOps}`);
  }
  console.log(`rows: events ${events}, raw_events ${raw} (one per counted operation, warm-up included)`);
}

function report(config: BenchConfig, s: Record<VariantKey, VariantSummary>): BenchJson {
  const n = config.highClients;
  const append1 = ratioOf(s.engine1, s.raw1);
  const appendN = ratioOf(s.engineN, s.rawN);
  const commandN = ratioOf(s.commandN, s.rawN);
  console.log('');
  console.log(`ratios per round: append c1 ${roundRatios(s.engine1, s.raw1).join(' ')}; append c${n} ${roundRatios(s.engineN, s.rawN).join(' ')}; command c${n} ${roundRatios(s.commandN, s.rawN).join(' ')}`);
  console.log('goals (engine ÷ raw, same run):');
  console.log(goalLine('append ratio >= 0.7 at 1 client', append1 >= 0.7, append1.toFixed(3)));
  console.log(goalLine(`append ratio >= 0.6 at ${n} clients`, appendN >= 0.6, appendN.toFixed(3)));
  console.log(goalLine('append p99 <= 2x raw at 1 client', s.engine1.p99Ms <= 2 * s.raw1.p99Ms, `${round2(s.engine1.p99Ms / s.raw1.p99Ms)}x`));
  console.log(goalLine(`append p99 <= 2x raw at ${n} clients`, s.engineN.p99Ms <= 2 * s.rawN.p99Ms, `${round2(s.engineN.p99Ms / s.rawN.p99Ms)}x`));
  console.log(goalLine(`command ratio >= 0.4 at ${n} clients`, commandN >= 0.4, `${commandN.toFixed(3)} (p99 ${round2(s.commandN.p99Ms / s.rawN.p99Ms)}x raw)`));
  // The JSON keys name 16 clients, as the issue fixes them; BENCH_CLIENTS only changes the count.
  return {
    append: { c1: appendFigures(s.engine1, s.raw1), c16: appendFigures(s.engineN, s.rawN) },
    command: { c16: { perSec: Math.round(s.commandN.perSec), p99Ms: round2(s.commandN.p99Ms), ratio: round2(commandN) } },
  };
}

main().catch((error: unknown) => {
  console.error('benchmark failed:', error);
  process.exitCode = 1;
});
