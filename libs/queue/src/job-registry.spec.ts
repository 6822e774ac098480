import { JobHandler, JobRegistry, JobRegistryError } from './job-registry';

const handler = (queue: string, name: string): JobHandler => ({ queue, name, handle: async () => undefined });

describe('JobRegistry', () => {
  const catalog = [
    { queue: 'maintenance', name: 'projection.rebuild' },
    { queue: 'maintenance', name: 'idempotency.purge' },
  ];

  it('accepts one handler per declared job', () => {
    const registry = new JobRegistry(catalog, [handler('maintenance', 'projection.rebuild'), handler('maintenance', 'idempotency.purge')]);
    expect(registry.queues).toEqual(['maintenance']);
    expect(registry.handlerFor('maintenance', 'projection.rebuild')?.name).toBe('projection.rebuild');
  });

  it('refuses to boot when a job has no handler, two handlers, or a handler serves nothing declared', () => {
    let error: unknown;
    try {
      new JobRegistry(catalog, [
        handler('maintenance', 'projection.rebuild'),
        handler('maintenance', 'projection.rebuild'),
        handler('maintenance', 'unknown.job'),
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JobRegistryError);
    expect((error as JobRegistryError).problems).toEqual([
      'job maintenance/projection.rebuild has 2 handlers',
      'job maintenance/idempotency.purge has no handler',
      'handler for undeclared job maintenance/unknown.job',
    ]);
  });
});
