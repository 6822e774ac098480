import type { JobsOptions } from 'bullmq';

/** A job to add: its name in the queue, its data and BullMQ's options (a deterministic `jobId`). */
export interface JobToAdd {
  readonly name: string;
  readonly data: unknown;
  readonly opts?: JobsOptions;
}

/**
 * The producer side of the queues: what a service needs to add jobs, and nothing of the workers
 * or their handlers. Services depend on this port, the queue runtime implements it, and the
 * handlers (which call those services) are handed to the workers when they start: the services
 * and the queue no longer need each other to be built (ADR 4).
 *
 * @example
 * await queue.addBulk('webhooks', [{ name: 'webhook.deliver', data: { deliveryId }, opts: { jobId } }]);
 */
export interface JobQueue {
  /** Adds one job; a job whose `jobId` exists already is left as it is. */
  add(queue: string, name: string, data: unknown, options?: JobsOptions): Promise<unknown>;
  /** Adds many jobs in pipelined batches; jobs whose `jobId` exists already are left as they are. */
  addBulk(queue: string, jobs: readonly JobToAdd[]): Promise<void>;
}
