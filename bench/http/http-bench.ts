/**
 * The `http` key of `npm run bench`: the whole write path over HTTP, the engine started as a user
 * starts it (the built `dist/apps/api/src/main.js` in a process of its own on PostgreSQL), against
 * a bare Node `http` + `pg` server in a process of its own that stores the same JSON body with one
 * INSERT (`bench/http/bare-server.ts`).
 *
 * Two operations, each by 16 keep-alive clients in closed loops, interleaved with the bare server
 * round by round (ABBA): creating a project draft (~1 KB body, the beneficiary's contact sealed)
 * and submitting a draft with `If-Match` (each request on its own draft, made beforehand). Two
 * modes, one after the other on fresh schemas: `npm start` (API and worker in one process) and
 * `--api-only` beside `dist/apps/worker/src/main.js`. See docs/benchmarks.md, "HTTP write path".
 *
 * Settings: BENCH_HTTP_ROUNDS (4), BENCH_HTTP_SECONDS (1.5), BENCH_HTTP_WARMUP_SECONDS (2),
 * BENCH_HTTP_CLIENTS (16), BENCH_HTTP_MODES (`single,separate`).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { quoteIdent } from '@app/event-store';
import { benchSchemaName } from '../bench-schema';
import { Operation, runClients } from '../load';
import { percentile, round2 } from '../stats';
import { BARE_TABLE_SQL } from './bare-server';
import { Draft, draftBody, EngineUnderTest, ensure, HttpBenchOptions, HttpMode, RATE_LIMIT_HIGH, Resources, SUBMIT_BODY } from './engine-under-test';
import { JsonClient } from './http-client';
import { Child, processCpuUs, rssMb, startNode, stopChild } from './processes';

/** Figures of one operation in one mode, against the bare server's rounds of the same mode. */
export interface HttpOperationFigures {
  readonly perSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly barePerSec: number;
  readonly bareP50Ms: number;
  readonly bareP99Ms: number;
  readonly ratio: number;
  /** CPU of the engine's process(es) per request, µs (API and worker together). */
  readonly engineCpuUsPerOp?: number;
  /** The worker's part of `engineCpuUsPerOp` when it runs as a process of its own, µs. */
  readonly workerCpuUsPerOp?: number;
  /** CPU of the bare server's process per request, µs. */
  readonly bareCpuUsPerOp?: number;
}

export interface HttpModeFigures {
  readonly create: HttpOperationFigures;
  readonly stateChange: HttpOperationFigures;
  /** Resident memory at the end of the mode's rounds, MB. */
  readonly rssMb?: number;
  readonly workerRssMb?: number;
  /** The engine's CPU over the whole mode ÷ every request it answered (warm-up and top-ups too), µs. */
  readonly engineCpuUsPerRequestOverall?: number;
}

/** The `http` key of the benchmark's JSON line. */
export interface HttpFigures {
  readonly clients: number;
  readonly createBodyBytes: number;
  readonly stateChangeBodyBytes: number;
  /** `npm start`: API and worker in one process. */
  readonly single?: HttpModeFigures;
  /** `--api-only` and the worker as two processes. */
  readonly separate?: HttpModeFigures;
  /** Set when the engine ran under `--cpu-prof` (figures then lower than without). */
  readonly profiled?: boolean;
}

export type { HttpBenchOptions, HttpMode } from './engine-under-test';
export { draftBody, SUBMIT_BODY } from './engine-under-test';

const envNumber = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw.trim() === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};

const BARE_MAIN = join(__dirname, 'bare-server.js');

type VariantKey = 'bareCreate' | 'engineCreate' | 'bareSubmit' | 'engineSubmit';

interface Recorded {
  ops: number;
  seconds: number;
  latencies: number[];
  cpuUs: number | undefined;
  /** The worker's part of `cpuUs` when it runs as a process of its own. */
  workerCpuUs: number | undefined;
}

/** One statement on its own connection with `search_path` set to `schema`; the first column of the first row as a number (counts). */
async function querySchema(databaseUrl: string, schema: string, sql: string, values: unknown[] = []): Promise<number> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'grant-bench-http-check' });
  await client.connect();
  try {
    await client.query(`SET search_path = ${quoteIdent(schema)}`);
    const res = await client.query<{ n: string }>(sql, values);
    return Number(res.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

function summarise(engine: Recorded, bare: Recorded): HttpOperationFigures {
  const sorted = (r: Recorded) => Float64Array.from(r.latencies).sort();
  const e = sorted(engine);
  const b = sorted(bare);
  const perSec = engine.seconds > 0 ? engine.ops / engine.seconds : 0;
  const barePerSec = bare.seconds > 0 ? bare.ops / bare.seconds : 0;
  return {
    perSec: Math.round(perSec),
    p50Ms: round2(percentile(e, 50)),
    p99Ms: round2(percentile(e, 99)),
    barePerSec: Math.round(barePerSec),
    bareP50Ms: round2(percentile(b, 50)),
    bareP99Ms: round2(percentile(b, 99)),
    ratio: barePerSec > 0 ? round2(perSec / barePerSec) : 0,
    ...(engine.cpuUs !== undefined && engine.ops > 0 ? { engineCpuUsPerOp: Math.round(engine.cpuUs / engine.ops) } : {}),
    ...(engine.workerCpuUs !== undefined && engine.ops > 0 ? { workerCpuUsPerOp: Math.round(engine.workerCpuUs / engine.ops) } : {}),
    ...(bare.cpuUs !== undefined && bare.ops > 0 ? { bareCpuUsPerOp: Math.round(bare.cpuUs / bare.ops) } : {}),
  };
}

/** The part's settings, from the environment. */
function settings() {
  return {
    rounds: Math.round(envNumber('BENCH_HTTP_ROUNDS', 4)),
    seconds: envNumber('BENCH_HTTP_SECONDS', 1.5),
    warmupSeconds: envNumber('BENCH_HTTP_WARMUP_SECONDS', 2),
    clients: Math.round(envNumber('BENCH_HTTP_CLIENTS', 16)),
    modes: (process.env.BENCH_HTTP_MODES ?? 'single,separate').split(',').map((m) => m.trim()).filter((m): m is HttpMode => m === 'single' || m === 'separate'),
  };
}

/**
 * Measures one mode: warm-up round, then ABBA rounds of bare create, engine create, bare
 * submit, engine submit. Drafts made by the engine's create rounds feed its submit rounds; when
 * they would not last a round, more are made before it, outside the measured time.
 */
async function measureMode(
  engine: EngineUnderTest,
  bare: { client: JsonClient; pid: number | undefined; children: readonly Child[] },
  config: ReturnType<typeof settings>,
  signal: AbortSignal,
  log: (line: string) => void,
): Promise<{ figures: HttpModeFigures; creates: number; submits: number }> {
  const stock: Draft[] = [];
  let made = 0;
  let submitted = 0;
  let submitRate = 0;
  let createRate = 0;
  const n = config.clients;
  const createClient = (i: number): Operation => async () => {
    made += 1;
    stock.push(await engine.create(i, made));
  };
  const submitClient = (i: number): Operation => async () => {
    const draft = stock.pop();
    if (draft === undefined) throw new Error('the submit rounds ran out of drafts');
    await engine.submit(i, draft);
    submitted += 1;
  };
  const bareCreate = (i: number): Operation => async () => {
    ensure(await bare.client.send('POST', '/bare/projects', draftBody('bare', i)), 201, 'bare create');
  };
  const bareSubmit = (_i: number): Operation => async () => {
    ensure(await bare.client.send('POST', `/bare/projects/${randomUUID()}/submit`, SUBMIT_BODY), 201, 'bare submit');
  };
  const variants: { key: VariantKey; client: (i: number) => Operation }[] = [
    { key: 'bareCreate', client: bareCreate },
    { key: 'engineCreate', client: createClient },
    { key: 'bareSubmit', client: bareSubmit },
    { key: 'engineSubmit', client: submitClient },
  ];
  const recorded = Object.fromEntries(variants.map((v) => [v.key, { ops: 0, seconds: 0, latencies: [], cpuUs: 0, workerCpuUs: engine.mode === 'separate' ? 0 : undefined } as Recorded])) as Record<VariantKey, Recorded>;
  const cpuOf = (key: VariantKey): number | undefined => (key.startsWith('engine') ? engine.cpuUs() : processCpuUs(bare.pid));
  const workerCpu = (): number | undefined => (engine.mode === 'separate' ? processCpuUs(engine.pids()[1]) : undefined);
  const modeStart = engine.cpuUs();

  for (let round = 0; round <= config.rounds; round += 1) {
    const warmUp = round === 0;
    const seconds = warmUp ? config.warmupSeconds : config.seconds;
    const order = round % 2 === 1 ? [...variants].reverse() : variants;
    const parts: string[] = [];
    for (const variant of order) {
      if (variant.key === 'engineSubmit') {
        // Enough drafts for the round at the fastest engine rate seen so far, with a margin.
        const need = Math.ceil(Math.max(submitRate, createRate, 100) * seconds * 2.5) + n;
        if (stock.length < need) {
          let left = need - stock.length;
          const topUp = Array.from({ length: n }, (_, i) => async () => {
            while (left > 0 && !signal.aborted) {
              left -= 1;
              await createClient(i)();
            }
          });
          await Promise.all(topUp.map((f) => f()));
        }
      }
      const clients = Array.from({ length: n }, (_, i) => variant.client(i));
      const cpuStart = cpuOf(variant.key);
      const workerStart = workerCpu();
      const result = await runClients(clients, seconds, signal).catch((error: unknown) => {
        throw new Error(`${engine.mode} ${variant.key}: ${String(error)}${exitedChildren([...engine.processes, ...bare.children])}`);
      });
      const cpuEnd = cpuOf(variant.key);
      const workerEnd = workerCpu();
      if (signal.aborted) throw new Error('interrupted');
      const rate = result.ops / result.seconds;
      if (variant.key === 'engineSubmit') submitRate = Math.max(submitRate, rate);
      if (variant.key === 'engineCreate') createRate = Math.max(createRate, rate);
      if (!warmUp) {
        const r = recorded[variant.key];
        r.ops += result.ops;
        r.seconds += result.seconds;
        r.latencies.push(...result.latenciesMs);
        r.workerCpuUs = workerStart === undefined || workerEnd === undefined || r.workerCpuUs === undefined ? undefined : r.workerCpuUs + (workerEnd - workerStart);
        r.cpuUs = cpuStart === undefined || cpuEnd === undefined || r.cpuUs === undefined ? undefined : r.cpuUs + (cpuEnd - cpuStart);
      }
      parts.push(`${variant.key} ${Math.round(rate)}/s`);
    }
    log(`${engine.mode} ${warmUp ? 'warm-up' : `round ${round}/${config.rounds}`}: ${parts.join(', ')}`);
  }
  const [api, worker] = engine.pids();
  const modeEnd = engine.cpuUs();
  // Every request of the mode (warm-up and top-ups too) against all the CPU the engine used
  // meanwhile, including what the worker caught up on during the bare server's rounds.
  const overall = modeStart === undefined || modeEnd === undefined ? undefined : Math.round((modeEnd - modeStart) / Math.max(1, made + submitted));
  const figures: HttpModeFigures = {
    create: summarise(recorded.engineCreate, recorded.bareCreate),
    stateChange: summarise(recorded.engineSubmit, recorded.bareSubmit),
    ...(rssMb(api) === undefined ? {} : { rssMb: rssMb(api) }),
    ...(worker !== undefined && rssMb(worker) !== undefined ? { workerRssMb: rssMb(worker) } : {}),
    ...(overall === undefined ? {} : { engineCpuUsPerRequestOverall: overall }),
  };
  return { figures, creates: made, submits: submitted };
}

/** What the processes that ended on their own said, for the error message of a failed round. */
function exitedChildren(children: readonly Child[]): string {
  return children
    .filter((c) => c.process.exitCode !== null || c.process.signalCode !== null)
    .map((c) => `; ${c.name} exited (${String(c.process.exitCode ?? c.process.signalCode)}): ${c.stderrTail()}`)
    .join('');
}

function describeOperation(label: string, f: HttpOperationFigures): string {
  const worker = f.workerCpuUsPerOp === undefined ? '' : ` (worker ${f.workerCpuUsPerOp})`;
  const cpu = f.engineCpuUsPerOp === undefined ? '' : `; CPU µs/request engine ${f.engineCpuUsPerOp}${worker}, bare ${f.bareCpuUsPerOp ?? '?'}`;
  return (
    `${label.padEnd(28)} ${String(f.perSec).padStart(5)} req/s p50 ${f.p50Ms.toFixed(1).padStart(6)} ms p99 ${f.p99Ms.toFixed(1).padStart(6)} ms` +
    ` | bare ${String(f.barePerSec).padStart(5)} req/s p50 ${f.bareP50Ms.toFixed(1)} ms p99 ${f.bareP99Ms.toFixed(1)} ms | ratio ${f.ratio.toFixed(2)}${cpu}`
  );
}

/**
 * Runs the `http` part: the bare server, then each mode on a fresh schema and queue prefix,
 * stopping every process and dropping every schema and Redis key at the end, after a failure
 * and on Ctrl-C.
 *
 * @example
 * const figures = await runHttpBench({ databaseUrl, redisUrl, log: console.log });
 */
export async function runHttpBench(options: HttpBenchOptions): Promise<HttpFigures> {
  const log = options.log ?? (() => undefined);
  const config = settings();
  const resources = new Resources();
  const abort = new AbortController();
  const onSignal = () => {
    log('interrupted: stopping the servers and dropping the schemas');
    abort.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const dataDir = mkdtempSync(join(tmpdir(), 'grant-bench-http-'));
  const sample = draftBody('019a1b2c-3d4e-7f00-8a1b-2c3d4e5f6a7b', 1000);
  let bareClient: JsonClient | undefined;
  const engines: EngineUnderTest[] = [];
  try {
    log(
      `${config.clients} keep-alive clients; ${config.rounds} rounds x ${config.seconds} s per variant after a ${config.warmupSeconds} s warm-up; ` +
        `bodies: create ${Buffer.byteLength(JSON.stringify(sample))} B, submit ${Buffer.byteLength(JSON.stringify(SUBMIT_BODY))} B; ` +
        `rate limits on at ${RATE_LIMIT_HIGH}/minute${options.profileDir ? `; CPU profiles in ${options.profileDir}` : ''}`,
    );
    const bareSchema = benchSchemaName();
    resources.schemas.push(bareSchema);
    await querySchema(options.databaseUrl, 'public', `CREATE SCHEMA ${quoteIdent(bareSchema)}`).catch((error: unknown) => {
      throw new Error(`creating the bare server's schema failed: ${String(error)}`);
    });
    await querySchema(options.databaseUrl, bareSchema, BARE_TABLE_SQL);
    let barePort = 0;
    const portSeen = new Promise<void>((resolve) => {
      const bare = startNode('bare', [BARE_MAIN], { PATH: process.env.PATH ?? '', DATABASE_URL: options.databaseUrl, BENCH_HTTP_SCHEMA: bareSchema, BENCH_HTTP_POOL_SIZE: '10' }, (line) => {
        const match = /^listening (\d+)$/.exec(line);
        if (match) {
          barePort = Number(match[1]);
          resolve();
        }
      });
      resources.children.push(bare);
    });
    await portSeen;
    const bareChild = resources.children[0];
    bareClient = new JsonClient(barePort, config.clients);
    const bare = { client: bareClient, pid: bareChild?.process.pid, children: bareChild ? [bareChild] : [] };
    let bareOps = 0;
    const figures: { single?: HttpModeFigures; separate?: HttpModeFigures } = {};
    for (const mode of config.modes) {
      if (abort.signal.aborted) throw new Error('interrupted');
      const started = Date.now();
      const engine = await EngineUnderTest.start(mode, options, resources, config.clients, dataDir);
      engines.push(engine);
      const readyMs = Date.now() - started;
      log(`${mode}: ${mode === 'single' ? 'npm start (API and worker in one process)' : 'API (--api-only) and worker as two processes'} ready in ${readyMs} ms`);
      // The start (module loading, migrations) is no part of the write path: the summary skips it.
      if (options.profileDir) writeFileSync(join(options.profileDir, `${mode}.start-ms`), String(readyMs));
      const result = await measureMode(engine, bare, config, abort.signal, log);
      figures[mode] = result.figures;
      bareOps = await querySchema(options.databaseUrl, bareSchema, 'SELECT count(*) AS n FROM bare_requests');
      const drafts = await querySchema(options.databaseUrl, engine.schema, 'SELECT count(*) AS n FROM events WHERE type = $1', ['ProjectDraftCreated']);
      const submits = await querySchema(options.databaseUrl, engine.schema, 'SELECT count(*) AS n FROM events WHERE type = $1', ['ProposalSubmitted']);
      if (drafts !== result.creates || submits !== result.submits) {
        throw new Error(`stored events disagree with answered requests: drafts ${drafts} vs ${result.creates}, submissions ${submits} vs ${result.submits}`);
      }
      log(describeOperation(`${mode}: create draft`, result.figures.create));
      log(describeOperation(`${mode}: submit (If-Match)`, result.figures.stateChange));
      log(`${mode}: engine CPU over the whole mode ${result.figures.engineCpuUsPerRequestOverall ?? '?'} µs per request; RSS at the end ${result.figures.rssMb ?? '?'} MB${result.figures.workerRssMb === undefined ? '' : ` (API), worker ${result.figures.workerRssMb} MB`}; events: ${drafts} drafts, ${submits} submissions; bare rows so far ${bareOps}`);
      engine.client.close();
      // Stopped before the next mode starts, so the two never share the cores.
      for (const child of engine.processes) {
        await stopChild(child);
        resources.children.splice(resources.children.indexOf(child), 1);
      }
    }
    return {
      clients: config.clients,
      createBodyBytes: Buffer.byteLength(JSON.stringify(sample)),
      stateChangeBodyBytes: Buffer.byteLength(JSON.stringify(SUBMIT_BODY)),
      ...figures,
      ...(options.profileDir ? { profiled: true } : {}),
    };
  } finally {
    for (const engine of engines) engine.client.close();
    bareClient?.close();
    await resources.cleanUp(options.databaseUrl, options.redisUrl, log);
    rmSync(dataDir, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
