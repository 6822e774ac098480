import { createHash } from 'node:crypto';
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { Counter, Registry } from 'prom-client';
import type { Logger } from '@app/observability';
import { redisClient, RedisTarget } from '@app/queue';

/** What one hit answers, in the units `@nestjs/throttler` expects (seconds). */
export interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

export interface RedisThrottlerStorageOptions {
  readonly redisUrl: string;
  /** Redis through Sentinel (`REDIS_SENTINELS`); `redisUrl` then gives only credentials, database and TLS. */
  readonly redisSentinel?: RedisTarget['sentinel'];
  /** The engine's queue prefix: engines (and test files) sharing a Redis count apart. */
  readonly prefix: string;
  readonly logger: Logger;
  /** Registry the counters are registered on (the engine's `/metrics`). */
  readonly registry?: Registry;
  /** Longest wait for Redis on a request before it is let through (ms, default 500). */
  readonly commandTimeoutMs?: number;
}

/**
 * Hits on one or more limits of a request, atomically and in one round trip: the limits are
 * taken in order and the first one over its limit ends the hits (the later ones are not
 * counted, as when each limit was checked on its own in that order). For each limit: while a
 * block is running the hit is not counted and the block's time is answered; otherwise the
 * window's counter goes up (its expiry set by the first hit), and a hit over the limit starts a
 * block of `blockDuration` (or, with none, waits out the window). A block starts a fresh window
 * when it ends.
 *
 * KEYS: hits, block of each limit. ARGV: ttl ms, limit, block duration ms of each limit.
 * Answers { hits, ms until the window ends, blocked 0/1, ms until the block ends } of each limit
 * counted, one after the other in one flat list.
 */
const HIT_SCRIPT = `
local answer = {}
for i = 1, #KEYS / 2 do
  local hitsKey, blockKey = KEYS[2 * i - 1], KEYS[2 * i]
  local ttl, limit, block = tonumber(ARGV[3 * i - 2]), tonumber(ARGV[3 * i - 1]), tonumber(ARGV[3 * i])
  local blockLeft = redis.call('PTTL', blockKey)
  if blockLeft > 0 then
    for _, v in ipairs({ tonumber(redis.call('GET', blockKey) or '0'), blockLeft, 1, blockLeft }) do answer[#answer + 1] = v end
    return answer
  end
  local hits = redis.call('INCR', hitsKey)
  local left = redis.call('PTTL', hitsKey)
  if hits == 1 or left < 0 then
    redis.call('PEXPIRE', hitsKey, ttl)
    left = ttl
  end
  if hits <= limit then
    for _, v in ipairs({ hits, left, 0, 0 }) do answer[#answer + 1] = v end
  elseif block <= 0 then
    for _, v in ipairs({ hits, left, 1, left }) do answer[#answer + 1] = v end
    return answer
  else
    redis.call('SET', blockKey, hits, 'PX', block)
    redis.call('DEL', hitsKey)
    for _, v in ipairs({ hits, block, 1, block }) do answer[#answer + 1] = v end
    return answer
  end
end
return answer
`;

/** One limit a request is counted against. */
export interface LimitHit {
  /** The limit's name (`public`, `address`, `subject`, `costly`): its keys and its metric label. */
  readonly name: string;
  /** Whom it counts (a client address, a subject id); stored hashed. */
  readonly tracker: string;
  readonly limit: number;
  /** The window (ms). */
  readonly ttl: number;
  /** How long a client over the limit is refused (ms); 0: until the window ends. */
  readonly blockDuration: number;
}

/** What one limit answered, with the limit it was counted against. */
export interface LimitRecord extends ThrottlerStorageRecord {
  readonly hit: LimitHit;
  /** Of a refused hit: ms until it is let through again (`timeToBlockExpire` in ms). */
  readonly blockedMs: number;
}

interface ThrottleRedis extends Redis {
  throttleHit(numberOfKeys: number, ...keysAndArgs: (string | number)[]): Promise<number[]>;
}

/** How often a Redis outage is logged at most (it is counted every time). */
const WARN_EVERY_MS = 30_000;

/**
 * Rate-limit counters in Redis, so the limits hold across API replicas: one Lua script per
 * request (count, expire, block, for every limit the request is counted against) under
 * `<prefix>:throttle:`. Trackers are hashed, so neither client
 * addresses nor subject ids are stored in Redis.
 *
 * If Redis does not answer, requests are let through (fail-open): an outage of the limiter must
 * not take the API down with it, and the commands themselves still need Redis for their queues.
 * Each let-through hit counts on `grants_rate_limit_unavailable_total` and a warning is logged at
 * most every 30 seconds. Refused hits count on `grants_rate_limited_total{limit}`.
 *
 * @example
 * const storage = new RedisThrottlerStorage({ redisUrl: config.redisUrl, prefix: config.queuePrefix, logger });
 * await storage.connect();
 * const record = await storage.increment('subject:officer-1', 60_000, 600, 60_000, 'subject');
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private readonly redis: ThrottleRedis;
  private readonly unavailable: Counter | undefined;
  private readonly refused: Counter<'limit'> | undefined;
  private lastWarning = 0;

  constructor(private readonly options: RedisThrottlerStorageOptions) {
    // No offline queue and a short command timeout: during an outage a hit fails at once
    // instead of holding the request until Redis is back.
    this.redis = redisClient({ url: options.redisUrl, ...(options.redisSentinel ? { sentinel: options.redisSentinel } : {}) }, {
      lazyConnect: true,
      connectTimeout: 3000,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: options.commandTimeoutMs ?? 500,
    }) as ThrottleRedis;
    this.redis.on('error', () => undefined); // reported by the hits that fail
    // The number of keys is given per call: a request hits one to three limits.
    this.redis.defineCommand('throttleHit', { lua: HIT_SCRIPT });
    this.unavailable = options.registry
      ? new Counter({
          name: 'grants_rate_limit_unavailable_total',
          help: 'Requests let through unthrottled because the rate-limit store (Redis) did not answer',
          registers: [options.registry],
        })
      : undefined;
    // Refusals happen in guards, before the request metrics' interceptor sees the request.
    this.refused = options.registry
      ? new Counter({
          name: 'grants_rate_limited_total',
          help: 'Requests refused with 429, by the limit they were over',
          labelNames: ['limit'] as const,
          registers: [options.registry],
        })
      : undefined;
  }

  /** Opens the connection; an unreachable Redis is logged, not thrown (hits then fail open). */
  async connect(): Promise<void> {
    try {
      await this.redis.connect();
    } catch (error) {
      this.warn(error);
    }
  }

  onModuleInit(): Promise<void> {
    return this.connect();
  }

  onApplicationShutdown(): void {
    this.close();
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const records = await this.hitAll([{ name: throttlerName, tracker: key, limit, ttl, blockDuration }]);
    const record = records?.[0];
    if (!record) return { totalHits: 0, timeToExpire: seconds(ttl), isBlocked: false, timeToBlockExpire: 0 };
    return { totalHits: record.totalHits, timeToExpire: record.timeToExpire, isBlocked: record.isBlocked, timeToBlockExpire: record.timeToBlockExpire };
  }

  /**
   * Counts a request against its limits in one round trip, in order, up to the first it is over
   * (see the script above). Answers the records of the limits counted (the last one blocked if
   * the request is refused), or `undefined` when Redis did not answer (the request is let through,
   * counted on `grants_rate_limit_unavailable_total`).
   *
   * @example
   * const records = await storage.hitAll([
   *   { name: 'address', tracker: '192.0.2.10', limit: 1200, ttl: 60_000, blockDuration: 0 },
   *   { name: 'subject', tracker: 'officer-1', limit: 600, ttl: 60_000, blockDuration: 0 },
   * ]);
   */
  async hitAll(hits: readonly LimitHit[]): Promise<LimitRecord[] | undefined> {
    const keys: string[] = [];
    const args: number[] = [];
    for (const hit of hits) {
      const base = `${this.options.prefix}:throttle:{${hit.name}:${hashOf(hit.tracker)}}`;
      keys.push(`${base}:hits`, `${base}:block`);
      args.push(Math.max(1, Math.round(hit.ttl)), hit.limit, Math.round(hit.blockDuration));
    }
    let answer: number[];
    try {
      answer = await this.redis.throttleHit(keys.length, ...keys, ...args);
    } catch (error) {
      this.unavailable?.inc();
      this.warn(error);
      return undefined;
    }
    const records: LimitRecord[] = [];
    for (let i = 0; i * 4 < answer.length; i++) {
      const [count, leftMs, blocked, blockLeftMs] = answer.slice(i * 4, i * 4 + 4) as [number, number, number, number];
      const hit = hits[i] as LimitHit;
      if (blocked === 1) this.refused?.inc({ limit: hit.name });
      const isBlocked = blocked === 1;
      records.push({ hit, totalHits: count, timeToExpire: seconds(leftMs), isBlocked, timeToBlockExpire: isBlocked ? seconds(blockLeftMs) : 0, blockedMs: isBlocked ? blockLeftMs : 0 });
    }
    return records;
  }

  /** Counts a refusal made without asking Redis (a client already known to be over `limit`). */
  refusedLocally(limit: string): void {
    this.refused?.inc({ limit });
  }

  close(): void {
    this.redis.disconnect();
  }

  private warn(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.options.logger.warn('rate limits are not enforced: Redis did not answer', { error: error instanceof Error ? error.message : String(error) });
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function hashOf(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 32);
}
