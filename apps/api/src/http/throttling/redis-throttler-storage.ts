import { createHash } from 'node:crypto';
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import IORedis, { Redis } from 'ioredis';
import { Counter, Registry } from 'prom-client';
import type { Logger } from '@app/observability';

/** What one hit answers, in the units `@nestjs/throttler` expects (seconds). */
export interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

export interface RedisThrottlerStorageOptions {
  readonly redisUrl: string;
  /** The engine's queue prefix: engines (and test files) sharing a Redis count apart. */
  readonly prefix: string;
  readonly logger: Logger;
  /** Registry the counters are registered on (the engine's `/metrics`). */
  readonly registry?: Registry;
  /** Longest wait for Redis on a request before it is let through (ms, default 500). */
  readonly commandTimeoutMs?: number;
}

/**
 * One hit, atomically: while a block is running the hit is not counted and the block's time is
 * answered; otherwise the window's counter goes up (its expiry set by the first hit), and a hit
 * over the limit starts a block of `blockDuration` (or, with none, waits out the window).
 * A block starts a fresh window when it ends.
 *
 * KEYS: hits, block. ARGV: ttl ms, limit, block duration ms.
 * Answers { hits, ms until the window ends, blocked 0/1, ms until the block ends }.
 */
const HIT_SCRIPT = `
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then
  return { tonumber(redis.call('GET', KEYS[2]) or '0'), blockLeft, 1, blockLeft }
end
local ttl = tonumber(ARGV[1])
local hits = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if hits == 1 or left < 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  left = ttl
end
if hits <= tonumber(ARGV[2]) then
  return { hits, left, 0, 0 }
end
local block = tonumber(ARGV[3])
if block <= 0 then
  return { hits, left, 1, left }
end
redis.call('SET', KEYS[2], hits, 'PX', block)
redis.call('DEL', KEYS[1])
return { hits, block, 1, block }
`;

type HitAnswer = [number, number, number, number];

interface ThrottleRedis extends Redis {
  throttleHit(hitsKey: string, blockKey: string, ttlMs: number, limit: number, blockMs: number): Promise<HitAnswer>;
}

/** How often a Redis outage is logged at most (it is counted every time). */
const WARN_EVERY_MS = 30_000;

/**
 * Rate-limit counters in Redis, so the limits hold across API replicas: one Lua script per hit
 * (count, expire, block) under `<prefix>:throttle:`. Trackers are hashed, so neither client
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
    this.redis = new IORedis(options.redisUrl, {
      lazyConnect: true,
      connectTimeout: 3000,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: options.commandTimeoutMs ?? 500,
    }) as ThrottleRedis;
    this.redis.on('error', () => undefined); // reported by the hits that fail
    this.redis.defineCommand('throttleHit', { numberOfKeys: 2, lua: HIT_SCRIPT });
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
    const base = `${this.options.prefix}:throttle:{${throttlerName}:${hashOf(key)}}`;
    try {
      const [hits, leftMs, blocked, blockLeftMs] = await this.redis.throttleHit(`${base}:hits`, `${base}:block`, Math.max(1, Math.round(ttl)), limit, Math.round(blockDuration));
      if (blocked === 1) this.refused?.inc({ limit: throttlerName });
      return { totalHits: hits, timeToExpire: seconds(leftMs), isBlocked: blocked === 1, timeToBlockExpire: blocked === 1 ? seconds(blockLeftMs) : 0 };
    } catch (error) {
      this.unavailable?.inc();
      this.warn(error);
      return { totalHits: 0, timeToExpire: seconds(ttl), isBlocked: false, timeToBlockExpire: 0 };
    }
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
