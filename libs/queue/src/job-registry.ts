import type { Job } from 'bullmq';

/** A job the engine knows: which queue carries it. */
export interface JobDefinition {
  readonly queue: string;
  readonly name: string;
}

/** Runs one kind of job. Handlers are idempotent: a job may run more than once. */
export interface JobHandler<Data = unknown> extends JobDefinition {
  handle(job: Job<Data>): Promise<unknown>;
  /**
   * The wait before BullMQ runs a failed job again, from the error the handler threw (jobs added
   * with `backoff: { type: 'custom' }`); BullMQ's attempt count is not used, so the handler may
   * keep its own (e.g. in the database, which outlives Redis).
   */
  retryDelay?(error: Error | undefined): number;
}

/**
 * The key of a job across queues: its queue and its name.
 *
 * @example
 * jobKey({ queue: 'maintenance', name: 'projection.rebuild' }); // 'maintenance/projection.rebuild'
 */
export const jobKey = (d: JobDefinition): string => `${d.queue}/${d.name}`;

/**
 * The queues that carry at least one job of a catalogue, sorted.
 *
 * @example
 * queuesOf([{ queue: 'webhooks', name: 'webhook.deliver' }, { queue: 'maintenance', name: 'idempotency.purge' }]); // ['maintenance', 'webhooks']
 */
export const queuesOf = (catalog: readonly JobDefinition[]): string[] => [...new Set(catalog.map((d) => d.queue))].sort();

/** A job name with no handler, or with more than one, is a wiring error. */
export class JobRegistryError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Job registry is inconsistent:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'JobRegistryError';
  }
}

/**
 * The jobs the engine declares and their handlers, checked at boot: every declared job has
 * exactly one handler and every handler serves a declared job, so a worker never starts with a
 * job it would drop or run twice.
 *
 * @example
 * const registry = new JobRegistry(JOB_CATALOG, [rebuildHandler, purgeHandler]); // throws on a mismatch
 * registry.handlerFor('maintenance', 'projection.rebuild');
 */
export class JobRegistry {
  private readonly handlers = new Map<string, JobHandler>();

  constructor(
    readonly catalog: readonly JobDefinition[],
    handlers: readonly JobHandler[],
  ) {
    const problems: string[] = [];
    const declared = new Set(catalog.map(jobKey));
    const counts = new Map<string, number>();
    for (const handler of handlers) counts.set(jobKey(handler), (counts.get(jobKey(handler)) ?? 0) + 1);
    for (const name of declared) {
      const count = counts.get(name) ?? 0;
      if (count === 0) problems.push(`job ${name} has no handler`);
      if (count > 1) problems.push(`job ${name} has ${count} handlers`);
    }
    for (const name of counts.keys()) if (!declared.has(name)) problems.push(`handler for undeclared job ${name}`);
    if (problems.length > 0) throw new JobRegistryError(problems);
    for (const handler of handlers) this.handlers.set(jobKey(handler), handler);
  }

  /** The queues that carry at least one declared job. */
  get queues(): string[] {
    return queuesOf(this.catalog);
  }

  handlerFor(queue: string, name: string): JobHandler | undefined {
    return this.handlers.get(jobKey({ queue, name }));
  }
}
