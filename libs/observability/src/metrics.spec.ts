import { EngineMetrics } from './metrics';

describe('EngineMetrics: queue depth read at scrape time', () => {
  it('reports the counts of the source by queue and state', async () => {
    const metrics = new EngineMetrics({ defaultMetrics: false });
    metrics.countQueueJobsWith(async () => [
      { queue: 'webhooks', state: 'waiting', count: 3 },
      { queue: 'webhooks', state: 'failed', count: 1 },
    ]);
    const scrape = await metrics.registry.metrics();
    expect(scrape).toMatch(/^grants_queue_jobs\{queue="webhooks",state="waiting"\} 3$/m);
    expect(scrape).toMatch(/^grants_queue_jobs\{queue="webhooks",state="failed"\} 1$/m);
  });

  it('never fails or holds up the scrape: a failing or slow source leaves the gauge empty', async () => {
    const metrics = new EngineMetrics({ defaultMetrics: false });
    metrics.countQueueJobsWith(async () => [{ queue: 'maintenance', state: 'active', count: 2 }]);
    await metrics.registry.metrics();
    metrics.countQueueJobsWith(() => Promise.reject(new Error('redis down')));
    const failed = await metrics.registry.metrics();
    expect(failed).toContain('grants_http_requests_total');
    expect(failed).not.toMatch(/^grants_queue_jobs\{/m);

    jest.useFakeTimers();
    try {
      metrics.countQueueJobsWith(() => new Promise(() => undefined));
      const scraping = metrics.registry.metrics();
      await jest.advanceTimersByTimeAsync(1000);
      expect(await scraping).not.toMatch(/^grants_queue_jobs\{/m);
    } finally {
      jest.useRealTimers();
    }
  });
});
