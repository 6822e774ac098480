import { QUERY_MAX_AGE_MS, QueryCache } from '../src/api/query-cache';

/** A load whose answer the test gives when it wants, counting its calls. */
function deferredLoad<T>() {
  const calls: { resolve: (value: T) => void; reject: (error: unknown) => void }[] = [];
  const load = () =>
    new Promise<T>((resolve, reject) => {
      calls.push({ resolve, reject });
    });
  return { load, calls };
}

describe('the console query cache', () => {
  let clock: number;
  let cache: QueryCache;
  beforeEach(() => {
    clock = 1_000_000;
    cache = new QueryCache(() => clock);
  });

  it('gives identical reads in flight one request and the same answer', async () => {
    const { load, calls } = deferredLoad<{ items: string[] }>();
    const first = cache.get('vi /api/v1/projects?limit=100', load);
    const second = cache.get('vi /api/v1/projects?limit=100', load);
    expect(calls).toHaveLength(1);
    calls[0]?.resolve({ items: ['p-1'] });
    await expect(first).resolves.toEqual({ items: ['p-1'] });
    await expect(second).resolves.toBe(await first);
  });

  it('asks separately for different addresses', () => {
    const { load, calls } = deferredLoad<number>();
    void cache.get('vi /api/v1/projects?limit=100', load);
    void cache.get('vi /api/v1/projects?limit=100&programmeId=kc-2026', load);
    void cache.get('en /api/v1/projects?limit=100', load);
    expect(calls).toHaveLength(3);
    expect(cache.size).toBe(3);
  });

  it('reuses an answer for a while, then asks again', async () => {
    const { load, calls } = deferredLoad<string>();
    const first = cache.get('vi /api/v1/programmes', load);
    calls[0]?.resolve('first');
    await first;
    clock += QUERY_MAX_AGE_MS - 1;
    await expect(cache.get('vi /api/v1/programmes', load)).resolves.toBe('first');
    expect(calls).toHaveLength(1);
    clock += 1;
    const later = cache.get('vi /api/v1/programmes', load);
    expect(calls).toHaveLength(2);
    calls[1]?.resolve('second');
    await expect(later).resolves.toBe('second');
  });

  it('forgets everything on clear (after a command), in flight or answered', async () => {
    const { load, calls } = deferredLoad<string>();
    const answered = cache.get('vi /api/v1/projects/p-1', load);
    calls[0]?.resolve('v3');
    await answered;
    void cache.get('vi /api/v1/projects/p-1/history', load);
    cache.clear();
    expect(cache.size).toBe(0);
    void cache.get('vi /api/v1/projects/p-1', load);
    void cache.get('vi /api/v1/projects/p-1/history', load);
    expect(calls).toHaveLength(4);
  });

  it('never keeps a failure: every caller in flight sees it, the next one asks again', async () => {
    const { load, calls } = deferredLoad<string>();
    const first = cache.get('vi /api/v1/stats', load);
    const second = cache.get('vi /api/v1/stats', load);
    calls[0]?.reject(new Error('HTTP 503'));
    await expect(first).rejects.toThrow('HTTP 503');
    await expect(second).rejects.toThrow('HTTP 503');
    expect(cache.size).toBe(0);
    const retry = cache.get('vi /api/v1/stats', load);
    expect(calls).toHaveLength(2);
    calls[1]?.resolve('ok');
    await expect(retry).resolves.toBe('ok');
  });

  it('a failure of a request from before a clear does not drop the newer request for the same address', async () => {
    const { load, calls } = deferredLoad<string>();
    const old = cache.get('vi /api/v1/projects/p-1', load);
    cache.clear();
    const fresh = cache.get('vi /api/v1/projects/p-1', load);
    calls[0]?.reject(new Error('HTTP 500'));
    await expect(old).rejects.toThrow('HTTP 500');
    expect(cache.size).toBe(1);
    expect(cache.get('vi /api/v1/projects/p-1', load)).toBe(fresh);
    expect(calls).toHaveLength(2);
  });

  it('shows an answer without asking once it has arrived, not while in flight, failed, cleared or stale', async () => {
    const { load, calls } = deferredLoad<{ items: string[] }>();
    const answer = cache.get('vi /api/v1/programmes', load);
    expect(cache.peek('vi /api/v1/programmes')).toBeUndefined();
    calls[0]?.resolve({ items: ['prog-1'] });
    await answer;
    expect(cache.peek('vi /api/v1/programmes')).toBe(await answer);
    expect(cache.peek('en /api/v1/programmes')).toBeUndefined();
    clock += QUERY_MAX_AGE_MS;
    expect(cache.peek('vi /api/v1/programmes')).toBeUndefined();
    clock -= QUERY_MAX_AGE_MS;
    cache.clear();
    expect(cache.peek('vi /api/v1/programmes')).toBeUndefined();

    const failing = cache.get('vi /api/v1/stats', load);
    calls[1]?.reject(new Error('offline'));
    await expect(failing).rejects.toThrow('offline');
    expect(cache.peek('vi /api/v1/stats')).toBeUndefined();
    expect(calls).toHaveLength(2);
  });
});
