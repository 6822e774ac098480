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
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { quoteIdent } from '@app/event-store';
import { signToken } from '@app/runtime';
import { benchSchemaName, dropSchema } from '../bench-schema';
import { Operation, runClients } from '../load';
import { deletePrefix } from '../redis-keys';
import { percentile, round2 } from '../stats';
import { BARE_TABLE_SQL } from './bare-server';
import { JsonClient } from './http-client';
import { Child, freePort, processCpuUs, rssMb, runNode, startNode, stopChild, waitReady } from './processes';

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

export type HttpMode = 'single' | 'separate';

export interface HttpBenchOptions {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Directory for the engine's `.cpuprofile` files; off when undefined. */
  readonly profileDir?: string;
  readonly log?: (line: string) => void;
}

const envNumber = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw.trim() === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};

const ENGINE_MAIN = join(__dirname, '..', '..', 'apps', 'api', 'src', 'main.js');
const WORKER_MAIN = join(__dirname, '..', '..', 'apps', 'worker', 'src', 'main.js');
const CLI_MAIN = join(__dirname, '..', '..', 'apps', 'cli', 'src', 'main.js');
const BARE_MAIN = join(__dirname, 'bare-server.js');
const PROFILE_EXIT = join(__dirname, 'profile-exit.js');

/** The highest limit the configuration takes, far above what 16 clients send a minute: the limits stay on (their Redis round trips are measured) but never refuse. */
const RATE_LIMIT_HIGH = '1000000';
const ISSUER = 'https://id.bench.invalid';
const AUDIENCE = 'grants-engine-bench';
/** The province of the programme and of every officer's area (Long An). */
const PROVINCE = '80';

/** A realistic draft of ~1 KB: the shape of the end-to-end tests' drafts, with the longer texts an officer writes. */
export function draftBody(programmeId: string, n: number): Record<string, unknown> {
  return {
    programmeId,
    title: `Dây chuyền sản xuất kẹo khóm số ${n}`,
    category: 'MACHINERY',
    beneficiary: {
      name: 'Cơ sở sản xuất kẹo khóm Bến Lức',
      kind: 'household_business',
      taxCode: '1101234567',
      province: PROVINCE,
      commune: '27694',
      contact: { name: 'Nguyễn Thị Hoa', phone: '0912345678' },
    },
    totalCostVnd: 400_000_000,
    requestedSupportVnd: 150_000_000,
    counterpartVnd: 250_000_000,
    plannedStart: '2027-05-01',
    plannedEnd: '2027-12-15',
    objectives:
      'Đầu tư dây chuyền sấy và đóng gói kẹo khóm bán tự động, nâng công suất từ 0,8 lên 2 tấn/ngày, ' +
      'giảm 30% lao động thủ công, đạt tiêu chuẩn an toàn thực phẩm để đưa sản phẩm vào siêu thị trong tỉnh.',
    expectedEffects:
      'Tạo việc làm ổn định cho 12 lao động nông thôn, tiêu thụ thêm 600 tấn khóm nguyên liệu mỗi năm ' +
      'của các hộ trồng khóm trong xã, tăng doanh thu của cơ sở khoảng 35% so với năm trước.',
  };
}

export const SUBMIT_BODY = { declarations: { counterpartCommitted: true, noDoubleFunding: true } };

/** The draft of a project the submit clients take from, with the ETag of its creation. */
interface Draft {
  readonly id: string;
  readonly etag: string;
}

type VariantKey = 'bareCreate' | 'engineCreate' | 'bareSubmit' | 'engineSubmit';

interface Recorded {
  ops: number;
  seconds: number;
  latencies: number[];
  cpuUs: number | undefined;
  /** The worker's part of `cpuUs` when it runs as a process of its own. */
  workerCpuUs: number | undefined;
}

/** Everything the run started, so a failure or Ctrl-C can take it all down again. */
class Resources {
  readonly children: Child[] = [];
  readonly schemas: string[] = [];
  readonly prefixes: string[] = [];

  async stopChildren(): Promise<void> {
    await Promise.all(this.children.splice(0).map((child) => stopChild(child)));
  }

  async cleanUp(databaseUrl: string, redisUrl: string, log: (line: string) => void): Promise<void> {
    await this.stopChildren();
    for (const schema of this.schemas.splice(0)) {
      await dropSchema(databaseUrl, schema).then(
        () => log(`dropped schema ${schema}`),
        (error: unknown) => log(`dropping schema ${schema} failed (drop it by hand): ${String(error)}`),
      );
    }
    if (this.prefixes.length === 0) return;
    const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 2 });
    try {
      for (const prefix of this.prefixes.splice(0)) await deletePrefix(redis, prefix);
    } finally {
      redis.disconnect();
    }
  }
}

/** The secrets and settings of a server start, as docs/operations.md lists them. */
function engineEnvironment(options: HttpBenchOptions, schema: string, prefix: string, port: number, secret: string, dataDir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: options.databaseUrl,
    DATABASE_SCHEMA: schema,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: prefix,
    PORT: String(port),
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: secret,
    AUTH_JWT_ISSUER: ISSUER,
    AUTH_JWT_AUDIENCE: AUDIENCE,
    FINANCE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
    AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    DATA_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    RATE_LIMIT_PUBLIC: RATE_LIMIT_HIGH,
    RATE_LIMIT_ADDRESS: RATE_LIMIT_HIGH,
    RATE_LIMIT_AUTHENTICATED: RATE_LIMIT_HIGH,
    RATE_LIMIT_COSTLY: RATE_LIMIT_HIGH,
    // The worker's wake-up window and pass limit, when the run sets them (to compare against 0: a wake-up per append).
    ...passedOn('WORKER_COALESCE_MS', 'WORKER_COALESCE_MAX_MS', 'WORKER_CONCURRENT_PASSES'),
  };
}

/** The named variables of the benchmark's own environment that are set. */
function passedOn(...names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name] as string]])));
}

function ensure(answer: { status: number; body: Record<string, unknown> }, expected: number, what: string): void {
  if (answer.status !== expected) throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
}

/** A local date `days` from today (UTC), `YYYY-MM-DD`. */
function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** One engine under test: its processes, port, tokens and the programme every draft joins. */
class EngineUnderTest {
  private constructor(
    readonly mode: HttpMode,
    readonly processes: readonly Child[],
    readonly client: JsonClient,
    readonly tokens: readonly string[],
    readonly programmeId: string,
    readonly schema: string,
  ) {}

  static async start(mode: HttpMode, options: HttpBenchOptions, resources: Resources, clients: number, dataDir: string): Promise<EngineUnderTest> {
    const schema = benchSchemaName();
    resources.schemas.push(schema);
    const prefix = `bench_http_${process.pid}_${randomBytes(4).toString('hex')}`;
    resources.prefixes.push(prefix);
    const port = await freePort();
    const secret = randomBytes(48).toString('base64url');
    const env = engineEnvironment(options, schema, prefix, port, secret, dataDir);
    const profileArgs = (name: string) =>
      options.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${join(options.profileDir, `${mode}-${name}`)}`, '-r', PROFILE_EXIT];
    const children: Child[] = [];
    if (mode === 'single') {
      children.push(startNode('engine', [...profileArgs('engine'), ENGINE_MAIN], env));
    } else {
      // `--api-only` does not migrate: the CLI does, as docs/operations.md describes.
      await runNode('migrate', [CLI_MAIN, 'migrate'], env);
      children.push(startNode('api', [...profileArgs('api'), ENGINE_MAIN, '--api-only'], env));
      children.push(startNode('worker', [...profileArgs('worker'), WORKER_MAIN], env));
    }
    resources.children.push(...children);
    await waitReady(port, '/health/ready', children);
    const client = new JsonClient(port, clients);
    const registered = { issuer: ISSUER, audience: AUDIENCE };
    // One officer per client, as sixteen staff at their desks: rate limits count per user.
    const tokens = Array.from({ length: clients }, (_, i) =>
      signToken(secret, { sub: `bench-officer-${String(i + 1).padStart(2, '0')}`, roles: ['officer'], areas: [PROVINCE] }, 3600, registered),
    );
    const admin = signToken(secret, { sub: 'bench-admin', roles: ['admin'] }, 3600, registered);
    const year = new Date().getUTCFullYear();
    const programme = await client.send(
      'POST',
      '/api/v1/programmes',
      {
        code: `KCDP-LA-BENCH-${randomBytes(3).toString('hex').toUpperCase()}`,
        name: 'Khuyến công địa phương tỉnh Long An (benchmark)',
        year,
        fundingSource: 'local',
        province: PROVINCE,
        budgetVnd: 900_000_000_000,
        policyId: 'vn-longan-local-2022',
        registrationOpensOn: dayFromToday(-2),
        registrationClosesOn: dayFromToday(30),
      },
      { authorization: `Bearer ${admin}` },
    );
    ensure(programme, 201, 'creating the programme');
    return new EngineUnderTest(mode, children, client, tokens, String(programme.body.id), schema);
  }

  pids(): number[] {
    return this.processes.map((c) => c.process.pid).filter((pid): pid is number => pid !== undefined);
  }

  cpuUs(): number | undefined {
    let sum = 0;
    for (const pid of this.pids()) {
      const us = processCpuUs(pid);
      if (us === undefined) return undefined;
      sum += us;
    }
    return sum;
  }

  async create(client: number, n: number): Promise<Draft> {
    const answer = await this.client.send('POST', '/api/v1/projects', draftBody(this.programmeId, n), {
      authorization: `Bearer ${this.tokens[client] ?? ''}`,
      'idempotency-key': randomUUID(),
    });
    ensure(answer, 201, 'creating a draft');
    return { id: String(answer.body.id), etag: answer.etag ?? '"1"' };
  }

  async submit(client: number, draft: Draft): Promise<void> {
    const answer = await this.client.send('POST', `/api/v1/projects/${draft.id}/submit`, SUBMIT_BODY, {
      authorization: `Bearer ${this.tokens[client] ?? ''}`,
      'if-match': draft.etag,
      'idempotency-key': randomUUID(),
    });
    ensure(answer, 200, 'submitting a draft');
  }
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
