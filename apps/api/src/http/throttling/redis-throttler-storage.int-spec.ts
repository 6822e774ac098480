import { createServer, Server } from 'node:net';
import IORedis from 'ioredis';
import { Registry } from 'prom-client';
import { silentLogger } from '@app/observability';
import type { Logger } from '@app/observability';
import { testRedisUrl, uniqueTestName } from '@app/testing';
import { RedisThrottlerStorage } from './redis-throttler-storage';

jest.setTimeout(20_000);

/** Hits until `done` says the answer is the one awaited (bounded). */
async function hitUntil(storage: RedisThrottlerStorage, args: [string, number, number, number, string], done: (r: { totalHits: number; isBlocked: boolean }) => boolean) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const record = await storage.increment(...args);
    if (done(record)) return record;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(record)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('RedisThrottlerStorage (on the local Redis)', () => {
  const prefix = uniqueTestName('thr');
  const storages: RedisThrottlerStorage[] = [];
  const open = async (storagePrefix = prefix, registry?: Registry, logger: Logger = silentLogger, redisUrl = testRedisUrl()) => {
    const storage = new RedisThrottlerStorage({ redisUrl, prefix: storagePrefix, logger, registry });
    await storage.connect();
    storages.push(storage);
    return storage;
  };

  afterAll(async () => {
    for (const storage of storages) storage.close();
    const redis = new IORedis(testRedisUrl());
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('counts concurrent hits atomically: each gets its own count, exactly the limit pass', async () => {
    const storage = await open();
    const records = await Promise.all(Array.from({ length: 60 }, () => storage.increment('203.0.113.7', 60_000, 25, 0, 'public')));
    expect(records.map((r) => r.totalHits).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(records.filter((r) => !r.isBlocked)).toHaveLength(25);
    for (const record of records) {
      expect(record.timeToExpire).toBeGreaterThanOrEqual(1);
      expect(record.timeToExpire).toBeLessThanOrEqual(60);
      // Without a block duration, a refused client waits for the window to end.
      expect(record.timeToBlockExpire).toBe(record.isBlocked ? record.timeToExpire : 0);
    }
  });

  it('keeps names and trackers apart, and stores neither in clear', async () => {
    const storage = await open();
    await storage.increment('officer-7', 60_000, 5, 0, 'subject');
    expect((await storage.increment('officer-7', 60_000, 5, 0, 'costly')).totalHits).toBe(1);
    expect((await storage.increment('officer-8', 60_000, 5, 0, 'subject')).totalHits).toBe(1);
    expect((await storage.increment('officer-7', 60_000, 5, 0, 'subject')).totalHits).toBe(2);
    const redis = new IORedis(testRedisUrl());
    const keys = await redis.keys(`${prefix}:throttle:*`);
    redis.disconnect();
    expect(keys.length).toBeGreaterThanOrEqual(3);
    expect(keys.join(' ')).not.toMatch(/officer|203\.0\.113/);
  });

  it('shares counts between storages on one prefix (API replicas) and not across prefixes', async () => {
    const [a, b, other] = [await open(), await open(), await open(`${prefix}-other`)];
    expect((await a.increment('shared', 60_000, 2, 0, 'address')).totalHits).toBe(1);
    expect((await b.increment('shared', 60_000, 2, 0, 'address')).totalHits).toBe(2);
    expect(await a.increment('shared', 60_000, 2, 0, 'address')).toMatchObject({ totalHits: 3, isBlocked: true });
    expect(await other.increment('shared', 60_000, 2, 0, 'address')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('starts a new window when the old one expires', async () => {
    const storage = await open();
    const args: [string, number, number, number, string] = ['expiring', 300, 2, 0, 'public'];
    await storage.increment(...args);
    await storage.increment(...args);
    expect(await storage.increment(...args)).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 1 });
    const fresh = await hitUntil(storage, args, (r) => !r.isBlocked);
    expect(fresh.totalHits).toBe(1);
  });

  it('holds a block for its duration without counting the hits it refuses, then counts afresh', async () => {
    const storage = await open();
    const args: [string, number, number, number, string] = ['blocked', 60_000, 1, 400, 'public'];
    expect(await storage.increment(...args)).toMatchObject({ totalHits: 1, isBlocked: false });
    const refused = await storage.increment(...args);
    expect(refused).toMatchObject({ totalHits: 2, isBlocked: true, timeToBlockExpire: 1 });
    // During the block the count stays where the block started.
    expect(await storage.increment(...args)).toMatchObject({ totalHits: 2, isBlocked: true });
    const after = await hitUntil(storage, args, (r) => !r.isBlocked);
    expect(after.totalHits).toBe(1);
  });

  it('counts several limits in one call, in order, stopping at the first one over', async () => {
    const storage = await open();
    const hits = [
      { name: 'address', tracker: '203.0.113.9', limit: 3, ttl: 60_000, blockDuration: 0 },
      { name: 'subject', tracker: 'officer-9', limit: 1, ttl: 60_000, blockDuration: 0 },
    ];
    expect((await storage.hitAll(hits))?.map((r) => [r.hit.name, r.totalHits, r.isBlocked])).toEqual([
      ['address', 1, false],
      ['subject', 1, false],
    ]);
    const overSubject = await storage.hitAll(hits);
    expect(overSubject?.map((r) => [r.hit.name, r.totalHits, r.isBlocked])).toEqual([
      ['address', 2, false],
      ['subject', 2, true],
    ]);
    expect(overSubject?.[1]?.blockedMs).toBeGreaterThan(59_000);
    await storage.hitAll(hits);
    // Over the address limit: the subject is not counted any more.
    expect((await storage.hitAll(hits))?.map((r) => [r.hit.name, r.totalHits, r.isBlocked])).toEqual([['address', 4, true]]);
    expect((await storage.increment('officer-9', 60_000, 1, 0, 'subject')).totalHits).toBe(4);
  });

  it('lets requests through when Redis does not answer, counting them and warning once', async () => {
    // A port that accepts nothing: the server is closed before the storage connects.
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (message) => void warnings.push(message), child: () => logger };
    const registry = new Registry();
    const storage = await open(prefix, registry, logger, `redis://127.0.0.1:${port}`);
    for (let i = 0; i < 3; i++) {
      expect(await storage.increment('anyone', 60_000, 1, 0, 'public')).toEqual({ totalHits: 0, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    }
    expect(warnings).toEqual(['rate limits are not enforced: Redis did not answer']);
    expect(await registry.getSingleMetricAsString('grants_rate_limit_unavailable_total')).toMatch(/grants_rate_limit_unavailable_total 3$/m);
  });
});
