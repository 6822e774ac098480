/**
 * The engine a run of the HTTP benchmark measures: its processes started as a user starts them
 * (one, or the API beside a worker), the secrets and settings of a server start, the officers'
 * tokens and the programme their drafts join; and what the run started, to take it down again.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { signToken } from '@app/runtime';
import { benchSchemaName, dropSchema } from '../bench-schema';
import { serverStartSettings } from '../config';
import { deletePrefix } from '../redis-keys';
import { JsonClient } from './http-client';
import { Child, freePort, processCpuUs, runNode, startNode, stopChild, waitReady } from './processes';

export type HttpMode = 'single' | 'separate';

export interface HttpBenchOptions {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Directory for the engine's `.cpuprofile` files; off when undefined. */
  readonly profileDir?: string;
  readonly log?: (line: string) => void;
}

const ENGINE_MAIN = join(__dirname, '..', '..', 'apps', 'api', 'src', 'main.js');
const WORKER_MAIN = join(__dirname, '..', '..', 'apps', 'worker', 'src', 'main.js');
const CLI_MAIN = join(__dirname, '..', '..', 'apps', 'cli', 'src', 'main.js');
const PROFILE_EXIT = join(__dirname, 'profile-exit.js');

export { RATE_LIMIT_HIGH } from '../config';
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
export interface Draft {
  readonly id: string;
  readonly etag: string;
}

/** Everything the run started, so a failure or Ctrl-C can take it all down again. */
export class Resources {
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
    ...serverStartSettings({ databaseUrl: options.databaseUrl, schema, redisUrl: options.redisUrl, prefix, jwtSecret: secret, issuer: ISSUER, audience: AUDIENCE }),
    PORT: String(port),
    DATA_DIR: dataDir,
    // The worker's wake-up window and pass limit, when the run sets them (to compare against 0: a wake-up per append).
    ...passedOn('WORKER_COALESCE_MS', 'WORKER_COALESCE_MAX_MS', 'WORKER_CONCURRENT_PASSES'),
  };
}

/** The named variables of the benchmark's own environment that are set. */
function passedOn(...names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name] as string]])));
}

export function ensure(answer: { status: number; body: Record<string, unknown> }, expected: number, what: string): void {
  if (answer.status !== expected) throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
}

/** A local date `days` from today (UTC), `YYYY-MM-DD`. */
function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** One engine under test: its processes, port, tokens and the programme every draft joins. */
export class EngineUnderTest {
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
