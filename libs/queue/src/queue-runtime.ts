import { Job, JobsOptions, Queue, Telemetry, Worker } from 'bullmq';
import { Redis, RedisOptions } from 'ioredis';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { activeTraceId, EngineMetrics, Logger, QUEUE_JOB_STATES, QueueJobState, silentLogger, tracingStarted, withCorrelation } from '@app/observability';
import { JobQueue, JobToAdd } from './job-queue';
import { JobDefinition, jobKey, JobRegistry, JobRegistryError, queuesOf } from './job-registry';
import { describeRedis, primaryFromSentinels, redactUrl, redisClient, RedisTarget } from './redis-connection';

export interface QueueRuntimeOptions {
  readonly redisUrl: string;
  /** Redis through Sentinel (`REDIS_SENTINELS`); `redisUrl` then gives only credentials, database and TLS. */
  readonly redisSentinel?: RedisTarget['sentinel'];
  /** Key prefix of every queue, so several engines can share one Redis. */
  readonly prefix: string;
  readonly logger?: Logger;
  readonly metrics?: EngineMetrics;
  /** Longest wait for running jobs at shutdown before they are left to the stall check (ms). */
  readonly shutdownTimeoutMs?: number;
  /** Jobs one worker runs at a time, per queue (default 4). */
  readonly concurrency?: number;
  /**
   * Per-queue exceptions to `concurrency`: a queue whose jobs mostly wait on other hosts (webhook
   * deliveries, up to 15 s each) needs more slots, or a few slow receivers hold up every other.
   */
  readonly concurrencyByQueue?: Readonly<Record<string, number>>;
  /**
   * How often a running worker checks that Redis still holds its keys (the marker key and the
   * job schedulers), in ms (default 30 s); a reconnection checks at once as well.
   */
  readonly keyCheckIntervalMs?: number;
}

/**
 * BullMQ's OpenTelemetry adapter when tracing is on (loaded only then): a job added inside a
 * trace carries its context in the job (`opts.telemetry`), and the span of its processing
 * continues that trace.
 */
function queueTelemetry(): Telemetry | undefined {
  if (!tracingStarted()) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when tracing is on
  const { BullMQOtel } = require('bullmq-otel') as typeof import('bullmq-otel');
  return new BullMQOtel({ tracerName: 'bullmq' }) as unknown as Telemetry;
}

/** A repeating job as `schedule` was asked for it, to upsert again after Redis lost its keys. */
interface ScheduledJob {
  readonly queue: string;
  readonly name: string;
  readonly everyMs: number;
  readonly data: unknown;
}

/** Told after Redis was found without the engine's keys and the job schedulers were put back. */
export type KeysRestoredListener = () => Promise<unknown>;

/** Jobs keep a bounded history in Redis; the audit trail lives in the event log. */
const DEFAULT_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};

export class RedisUnavailableError extends Error {
  constructor(target: string | RedisTarget, cause: unknown) {
    const message = (cause as { message?: unknown } | null)?.message;
    const reason = typeof message === 'string' ? message : String(cause);
    const where = typeof target === 'string' ? redactUrl(target) : describeRedis(target);
    super(`Redis is not reachable at ${where} (${reason}); start Redis or set REDIS_URL`);
    this.name = 'RedisUnavailableError';
  }
}

/** How long a forced close of the workers, and the close of the queues, may take at shutdown (ms). */
const FORCED_CLOSE_MS = 3000;

/** Whether `work` settles (resolves or rejects) within `ms`; it is left running otherwise. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Redis facts the readiness check reports. */
export interface RedisHealth {
  readonly reachable: boolean;
  readonly maxmemoryPolicy?: string;
  readonly error?: string;
}

/**
 * BullMQ on Redis: producers for every queue of the job catalogue and, when started, one worker
 * per queue that dispatches jobs by name through the {@link JobRegistry} it is given. Redis
 * carries work, never truth: every job can be rebuilt from the event log.
 *
 * The runtime is built from the catalogue alone, not from the handlers: the services that add
 * jobs (through the {@link JobQueue} port) are built after it, the registry of their handlers
 * after them, and `startWorkers` joins the two — so no part needs another that is not built yet
 * (ADR 4).
 *
 * Workers use `maxRetriesPerRequest: null` (they must outlive Redis restarts); producers on the
 * HTTP path fail fast instead of hanging a request.
 *
 * @example
 * const queues = new QueueRuntime(JOB_CATALOG, { redisUrl, prefix: 'grants' });
 * await queues.connect();
 * await queues.add('maintenance', 'projection.rebuild', { name: 'projects' }, { jobId: 'rebuild:projects' });
 * await queues.startWorkers(new JobRegistry(JOB_CATALOG, handlers));
 */
export class QueueRuntime implements JobQueue {
  private producer: Redis | undefined;
  private workerConnection: Redis | undefined;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly log: Logger;
  private readonly declared: ReadonlySet<string>;
  private readonly telemetry = queueTelemetry();
  private readonly scheduled = new Map<string, ScheduledJob>();
  private readonly restoredListeners: KeysRestoredListener[] = [];
  private keyCheckTimer: NodeJS.Timeout | undefined;
  private keyCheck: Promise<boolean> | undefined;
  private closed = false;
  private readonly errorsSeen = new Map<string, { at: number; skipped: number }>();

  constructor(
    readonly catalog: readonly JobDefinition[],
    private readonly options: QueueRuntimeOptions,
  ) {
    this.log = (options.logger ?? silentLogger).child('queues');
    this.declared = new Set(catalog.map(jobKey));
  }

  /** The queues that carry at least one declared job. */
  get queueNames(): string[] {
    return queuesOf(this.catalog);
  }

  /** The connected BullMQ queues (for the queue dashboard); empty before `connect`. */
  bullQueues(): Queue[] {
    return [...this.queues.values()];
  }

  /**
   * Logs an error event of a connection, a queue or a worker once per 10 s for the same source
   * and message (with how many were left out): while Redis is away each of them repeats on
   * every reconnection attempt.
   */
  private warnOnce(message: string, fields: { queue?: string; error: string }): void {
    const key = `${message}|${fields.queue ?? ''}|${fields.error}`;
    const now = Date.now();
    const seen = this.errorsSeen.get(key);
    if (seen && now - seen.at < 10_000) {
      seen.skipped += 1;
      return;
    }
    if (this.errorsSeen.size > 200) this.errorsSeen.clear();
    this.errorsSeen.set(key, { at: now, skipped: 0 });
    this.log.warn(message, { ...fields, ...(seen?.skipped ? { repeated: seen.skipped } : {}) });
  }

  private assertDeclared(queue: string, name: string): void {
    if (!this.declared.has(jobKey({ queue, name }))) throw new Error(`Job ${queue}/${name} is not declared`);
  }

  private get target(): RedisTarget {
    return { url: this.options.redisUrl, ...(this.options.redisSentinel ? { sentinel: this.options.redisSentinel } : {}) };
  }

  private redisOptions(extra: RedisOptions): RedisOptions {
    return { lazyConnect: true, connectTimeout: 3000, ...extra };
  }

  /** Connects the producer and checks Redis answers; throws {@link RedisUnavailableError}. */
  async connect(): Promise<void> {
    const producer = redisClient(this.target, this.redisOptions({ maxRetriesPerRequest: 2, enableOfflineQueue: true }));
    producer.on('error', (error) => this.warnOnce('redis connection error', { error: error.message }));
    try {
      await producer.connect();
      await producer.ping();
    } catch (error) {
      producer.disconnect();
      throw new RedisUnavailableError(this.target, error);
    }
    this.producer = producer;
    // Set once per start; its disappearance while the engine runs says Redis lost its keys.
    await producer.set(this.markerKey, new Date().toISOString()).catch(() => undefined);
    for (const name of this.queueNames) {
      const queue = new Queue(name, {
        connection: producer,
        prefix: this.options.prefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
        ...(this.telemetry ? { telemetry: this.telemetry } : {}),
      });
      // Without a listener BullMQ prints every connection error of an outage to the console.
      queue.on('error', (error) => this.warnOnce('queue error', { queue: name, error: error.message }));
      this.queues.set(name, queue);
    }
    this.options.metrics?.countQueueJobsWith(() => this.jobCounts());
  }

  /** How many jobs each queue holds in each state `grants_queue_jobs` reports (read from Redis). */
  async jobCounts(): Promise<{ queue: string; state: QueueJobState; count: number }[]> {
    const perQueue = await Promise.all(
      [...this.queues].map(async ([queue, q]) => {
        const counts = await q.getJobCounts(...QUEUE_JOB_STATES);
        return QUEUE_JOB_STATES.map((state) => ({ queue, state, count: counts[state] ?? 0 }));
      }),
    );
    return perQueue.flat();
  }

  private queue(name: string): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`Queue ${name} is not declared (or the runtime is not connected)`);
    return queue;
  }

  /**
   * Adds a job. Give a deterministic `jobId` (derived from the event or command that causes it)
   * so a repeated trigger adds nothing while the job exists.
   */
  async add(queue: string, name: string, data: unknown, options: JobsOptions = {}): Promise<Job> {
    this.assertDeclared(queue, name);
    return this.queue(queue).add(name, data, options);
  }

  /**
   * Adds many jobs in pipelined batches (far fewer round trips than one `add` each); jobs whose
   * `jobId` exists already are left as they are.
   */
  async addBulk(queue: string, jobs: readonly JobToAdd[], chunk = 1000): Promise<void> {
    for (const job of jobs) this.assertDeclared(queue, job.name);
    for (let i = 0; i < jobs.length; i += chunk) {
      await this.queue(queue).addBulk(jobs.slice(i, i + chunk).map((j) => ({ name: j.name, data: j.data, ...(j.opts ? { opts: j.opts } : {}) })));
    }
  }

  /**
   * A job scheduled to repeat (idempotent: the same id replaces its schedule). The runtime keeps
   * it, and upserts it again when Redis is found to have lost its keys (see `checkKeys`).
   */
  async schedule(queue: string, name: string, everyMs: number, data: unknown = {}): Promise<void> {
    this.scheduled.set(jobKey({ queue, name }), { queue, name, everyMs, data });
    await this.queue(queue).upsertJobScheduler(name, { every: everyMs }, { name, data });
  }

  /** The key whose absence says Redis lost the engine's keys (a restart without persistence, a flush). */
  get markerKey(): string {
    return `${this.options.prefix}:engine:alive`;
  }

  /**
   * Calls `listener` each time Redis was found without the engine's keys, after the job
   * schedulers were put back: the place to rebuild jobs from the event log (reconcile passes).
   */
  onKeysRestored(listener: KeysRestoredListener): void {
    this.restoredListeners.push(listener);
  }

  /**
   * Checks that Redis still holds the marker key and every job scheduler of `schedule`; when one
   * is missing, upserts every scheduler again, sets the marker and runs the `onKeysRestored`
   * listeners. Concurrent calls share one check. Resolves whether keys had to be restored;
   * Redis being away is not an error here (the next check, or the reconnection, tries again).
   */
  checkKeys(): Promise<boolean> {
    this.keyCheck ??= this.restoreLostKeys()
      .catch((error: unknown) => {
        this.log.warn('check of the queue keys failed; trying again later', { error: error instanceof Error ? error.message : String(error) });
        return false;
      })
      .finally(() => (this.keyCheck = undefined));
    return this.keyCheck;
  }

  private async restoreLostKeys(): Promise<boolean> {
    const producer = this.producer;
    if (!producer || this.closed) return false;
    const marker = await producer.exists(this.markerKey);
    const missing: string[] = [];
    for (const job of this.scheduled.values()) {
      if (!(await this.queue(job.queue).getJobScheduler(job.name))) missing.push(jobKey(job));
    }
    if (marker === 1 && missing.length === 0) return false;
    this.log.warn('Redis lost the queue keys; putting back the job schedulers and rebuilding jobs from the log', {
      markerPresent: marker === 1,
      missingSchedulers: missing,
    });
    for (const job of this.scheduled.values()) {
      await this.queue(job.queue).upsertJobScheduler(job.name, { every: job.everyMs }, { name: job.name, data: job.data });
    }
    await producer.set(this.markerKey, new Date().toISOString());
    for (const listener of this.restoredListeners) {
      await listener().catch((error: unknown) =>
        this.log.error('rebuilding jobs after Redis lost its keys failed; the periodic pass will try again', {
          error: error instanceof Error ? error.message : String(error),
        }),
      );
    }
    return true;
  }

  /** Checks the keys every `keyCheckIntervalMs` and on each reconnection to Redis, until `close`. */
  private watchKeys(): void {
    if (this.keyCheckTimer || !this.producer) return;
    this.keyCheckTimer = setInterval(() => void this.checkKeys(), this.options.keyCheckIntervalMs ?? 30_000);
    this.keyCheckTimer.unref();
    // `connect` has seen the first 'ready': each later one is a reconnection.
    this.producer.on('ready', () => void this.checkKeys());
  }

  queueFor(name: string): Queue {
    return this.queue(name);
  }

  /**
   * Starts one worker per declared queue, dispatching to the handlers of `registry` (checked at
   * its construction: one handler per job of its catalogue), which must declare the jobs this
   * runtime was built with.
   */
  async startWorkers(registry: JobRegistry): Promise<void> {
    const theirs = new Set(registry.catalog.map(jobKey));
    const problems = [
      ...[...this.declared].filter((key) => !theirs.has(key)).map((key) => `job ${key} has no handler in the registry`),
      ...[...theirs].filter((key) => !this.declared.has(key)).map((key) => `handler for job ${key} that the queues do not declare`),
    ];
    if (problems.length > 0) throw new JobRegistryError(problems);
    const connection = redisClient(this.target, this.redisOptions({ maxRetriesPerRequest: null }));
    connection.on('error', (error) => this.warnOnce('redis worker connection error', { error: error.message }));
    await connection.connect();
    this.workerConnection = connection;
    for (const queue of this.queueNames) {
      const worker = new Worker(
        queue,
        async (job) => {
          const handler = registry.handlerFor(queue, job.name);
          // The registry was checked at boot; a job without a handler comes from a newer engine.
          if (!handler) throw new Error(`No handler for job ${queue}/${job.name}`);
          const traceId = activeTraceId();
          return withCorrelation({ correlationId: `job:${job.id ?? job.name}`, ...(traceId ? { traceId } : {}) }, () => handler.handle(job));
        },
        {
          connection,
          prefix: this.options.prefix,
          concurrency: this.options.concurrencyByQueue?.[queue] ?? this.options.concurrency ?? 4,
          autorun: true,
          ...(this.telemetry ? { telemetry: this.telemetry } : {}),
          settings: {
            backoffStrategy: (_attemptsMade: number, _type?: string, error?: Error, job?: { name: string }) =>
              (job && registry.handlerFor(queue, job.name)?.retryDelay?.(error)) ?? 5000,
          },
        },
      );
      worker.on('completed', (job) => this.options.metrics?.jobsProcessed.inc({ queue, name: job.name, outcome: 'completed' }));
      worker.on('failed', (job, error) => {
        this.options.metrics?.jobsProcessed.inc({ queue, name: job?.name ?? 'unknown', outcome: 'failed' });
        this.log.warn('job failed', { queue, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, error: error.message });
      });
      worker.on('error', (error) => this.warnOnce('worker error', { queue, error: error.message }));
      this.workers.push(worker);
    }
    this.watchKeys();
  }

  /** PING and the eviction policy (BullMQ is only safe with `noeviction`). */
  async health(): Promise<RedisHealth> {
    const redis = this.producer;
    if (!redis) return { reachable: false, error: 'not connected' };
    try {
      await redis.ping();
      const config = (await redis.config('GET', 'maxmemory-policy')) as string[];
      return { reachable: true, maxmemoryPolicy: config[1] };
    } catch (error) {
      return { reachable: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * Stops taking jobs and waits (bounded) for running ones; a job still running after the
   * timeout is picked up again through BullMQ's stall check by another worker.
   */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.keyCheckTimer);
    this.keyCheckTimer = undefined;
    await this.keyCheck;
    const timeout = this.options.shutdownTimeoutMs ?? 25_000;
    if (!(await settlesWithin(Promise.all(this.workers.map((w) => w.close())), timeout))) {
      this.log.warn('jobs still running at shutdown; leaving them to the stall check', { timeoutMs: timeout });
      // A forced close can still wait on Redis calls of a connection that is away: bounded too.
      await settlesWithin(Promise.all(this.workers.map((w) => w.close(true))), FORCED_CLOSE_MS);
    }
    this.workers.length = 0;
    if (!(await settlesWithin(Promise.all([...this.queues.values()].map((q) => q.close())), FORCED_CLOSE_MS))) {
      this.log.warn('queues did not close in time; dropping their connections', { timeoutMs: FORCED_CLOSE_MS });
    }
    this.queues.clear();
    this.workerConnection?.disconnect();
    this.producer?.disconnect();
    this.workerConnection = undefined;
    this.producer = undefined;
  }

}

/**
 * Checks that Redis answers before anything else starts, so an engine without its queue fails
 * at once with one line instead of after opening the database. A bare RESP `PING` (after `AUTH`
 * when the URL has credentials) over a socket that is always closed: nothing lingers. Through
 * Sentinel, the sentinels are asked for the primary first ({@link primaryFromSentinels}: a
 * `RedisSentinelConfigError` when they cannot tell), then the primary is pinged.
 *
 * @example
 * await assertRedisReachable(config.redisUrl); // throws RedisUnavailableError
 */
export async function assertRedisReachable(where: string | RedisTarget, timeoutMs = 3000): Promise<void> {
  if (typeof where !== 'string' && where.sentinel) {
    const primary = await primaryFromSentinels(where.sentinel, timeoutMs);
    const direct = new URL(where.url);
    direct.hostname = primary.host.includes(':') ? `[${primary.host}]` : primary.host;
    direct.port = String(primary.port);
    try {
      await assertRedisReachable(direct.toString(), timeoutMs);
    } catch (error) {
      throw new RedisUnavailableError(where, error instanceof RedisUnavailableError ? `primary ${primary.host}:${primary.port}: ${error.message}` : error);
    }
    return;
  }
  const url = typeof where === 'string' ? where : where.url;
  const target = new URL(url);
  const port = Number(target.port || 6379);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const command = (...args: string[]) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  const auth = target.password
    ? command('AUTH', ...(target.username ? [decodeURIComponent(target.username)] : []), decodeURIComponent(target.password))
    : '';
  await new Promise<void>((resolve, reject) => {
    const socket = target.protocol === 'rediss:' ? tlsConnect({ host, port, servername: host }) : netConnect({ host, port });
    let answer = '';
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(new RedisUnavailableError(url, error));
      else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.once(target.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => socket.write(auth + command('PING')));
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      if (answer.includes('+PONG')) finish();
      else if (answer.startsWith('-')) finish(new Error(answer.split('\r\n')[0]?.slice(1)));
    });
    socket.once('error', (error) => finish(error));
    socket.once('close', () => finish(new Error('connection closed')));
  });
}
