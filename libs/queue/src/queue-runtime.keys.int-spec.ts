import IORedis from 'ioredis';
import { testRedisUrl, uniqueTestName } from '@app/testing';
import { JobHandler, JobRegistry } from './job-registry';
import { QueueRuntime } from './queue-runtime';

jest.setTimeout(20_000);

async function deletePrefix(prefix: string): Promise<number> {
  const redis = new IORedis(testRedisUrl());
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    return keys.length;
  } finally {
    redis.disconnect();
  }
}

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('QueueRuntime after Redis lost its keys', () => {
  const prefix = uniqueTestName('qk');
  const ticks: string[] = [];
  const handlers: JobHandler[] = [
    { queue: 'test', name: 'tick', handle: async () => void ticks.push('tick') },
    { queue: 'test', name: 'sweep', handle: async () => undefined },
  ];
  const runtime = new QueueRuntime(handlers, { redisUrl: testRedisUrl(), prefix, keyCheckIntervalMs: 200 });
  let restored = 0;

  beforeAll(async () => {
    await runtime.connect();
    runtime.onKeysRestored(async () => void (restored += 1));
    await runtime.startWorkers(new JobRegistry(handlers, handlers));
    await runtime.schedule('test', 'tick', 3600_000);
    await runtime.schedule('test', 'sweep', 3600_000, { deep: true });
  });
  afterAll(async () => {
    await runtime.close();
    await deletePrefix(prefix);
  });

  it('finds its keys in place and restores nothing while Redis keeps them', async () => {
    const before = restored;
    expect(await runtime.checkKeys()).toBe(false);
    expect(restored).toBe(before);
    expect(await runtime.queueFor('test').getJobScheduler('tick')).toBeDefined();
  });

  it('puts back every scheduler and the marker, and tells its listeners, once the keys are gone', async () => {
    const before = restored;
    expect(await deletePrefix(prefix)).toBeGreaterThan(0);
    // The periodic check (every 200 ms here) notices the loss by itself.
    await eventually(() => restored > before);
    const queue = runtime.queueFor('test');
    expect(await queue.getJobScheduler('tick')).toMatchObject({ key: 'tick', every: 3600_000 });
    expect(await queue.getJobScheduler('sweep')).toMatchObject({ key: 'sweep', template: { data: { deep: true } } });
    const redis = new IORedis(testRedisUrl());
    expect(await redis.exists(runtime.markerKey)).toBe(1);
    redis.disconnect();
    // Restored once: the next check finds everything in place.
    expect(await runtime.checkKeys()).toBe(false);
    expect(restored).toBe(before + 1);
  });

  it('restores a single missing scheduler even while the marker is there', async () => {
    const before = restored;
    await runtime.queueFor('test').removeJobScheduler('sweep');
    await eventually(async () => (await runtime.checkKeys()) || restored > before);
    expect(await runtime.queueFor('test').getJobScheduler('sweep')).toBeDefined();
    expect(restored).toBe(before + 1);
  });
});
