import IORedis from 'ioredis';
import { testRedisUrl, uniqueTestName } from '@app/testing';
import { JobHandler, JobRegistry, JobRegistryError } from './job-registry';
import { assertRedisReachable, QueueRuntime, RedisUnavailableError } from './queue-runtime';

jest.setTimeout(20_000);

describe('QueueRuntime (BullMQ on the local Redis)', () => {
  const prefix = uniqueTestName('qt');
  const done: string[] = [];
  let slowStarted: () => void = () => undefined;
  const slowRunning = new Promise<void>((resolve) => (slowStarted = resolve));
  const handlers: JobHandler<{ value: string }>[] = [
    { queue: 'test', name: 'echo', handle: async (job) => void done.push(job.data.value) },
    {
      queue: 'test',
      name: 'slow',
      handle: async (job) => {
        slowStarted();
        await new Promise((r) => setTimeout(r, 600));
        done.push(job.data.value);
      },
    },
  ];
  const runtime = new QueueRuntime(handlers, { redisUrl: testRedisUrl(), prefix, concurrency: 2 });

  afterAll(async () => {
    const redis = new IORedis(testRedisUrl());
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('refuses an unknown job and reports Redis health', async () => {
    await runtime.connect();
    await expect(runtime.add('test', 'nope', {})).rejects.toThrow('not declared');
    expect(await runtime.health()).toEqual({ reachable: true, maxmemoryPolicy: 'noeviction' });
  });

  it('refuses to start workers with handlers for other jobs than it declares', async () => {
    const echoOnly = handlers.filter((h) => h.name === 'echo') as JobHandler[];
    await expect(runtime.startWorkers(new JobRegistry(echoOnly, echoOnly))).rejects.toThrow(JobRegistryError);
    await expect(runtime.startWorkers(new JobRegistry(echoOnly, echoOnly))).rejects.toThrow('job test/slow has no handler in the registry');
  });

  it('runs a job once per deterministic id, dispatched to its handler by name', async () => {
    await runtime.startWorkers(new JobRegistry(handlers, handlers as JobHandler[]));
    await runtime.add('test', 'echo', { value: 'a' }, { jobId: 'echo-1' });
    await runtime.add('test', 'echo', { value: 'a-again' }, { jobId: 'echo-1' });
    for (let i = 0; i < 100 && !done.includes('a'); i += 1) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    expect(done).toEqual(['a']);
  });

  it('lets the running job finish before it closes', async () => {
    await runtime.add('test', 'slow', { value: 'slow' });
    await slowRunning;
    await runtime.close();
    expect(done).toContain('slow');
  });

  it('says in one line when Redis cannot be reached', async () => {
    await expect(assertRedisReachable('redis://127.0.0.1:1')).rejects.toThrow(RedisUnavailableError);
    await expect(assertRedisReachable('redis://127.0.0.1:1')).rejects.toThrow(/^Redis is not reachable at redis:\/\/127\.0\.0\.1:1\/? \(connect ECONNREFUSED/);
  });
});
