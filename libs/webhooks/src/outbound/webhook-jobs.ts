import type { JobDefinition, JobQueue } from '@app/queue';

export const WEBHOOK_QUEUE = 'webhooks';
export const DELIVER_WEBHOOK_JOB: JobDefinition = { queue: WEBHOOK_QUEUE, name: 'webhook.deliver' };
export const RECONCILE_WEBHOOKS_JOB: JobDefinition = { queue: WEBHOOK_QUEUE, name: 'webhook.reconcile' };
/**
 * Deliveries a worker attempts at once. An attempt holds a database connection only for its two
 * short statements and otherwise waits on the receiver (up to the 15 s timeout), so slots are
 * cheap; with few of them, a handful of slow finance systems would delay every other one.
 */
export const WEBHOOK_DELIVERY_CONCURRENCY = 16;

/** An attempt of a delivery to add a job for; the key makes the job id unique to that attempt. */
export interface DeliveryAttempt {
  readonly deliveryId: string;
  readonly attemptKey: string;
}

/**
 * Adds the jobs of delivery attempts now, in one call.
 *
 * @example
 * await enqueueDeliveries(queue, [{ deliveryId: 'e1:msg_…', attemptKey: '0' }]);
 */
export async function enqueueDeliveries(queue: JobQueue, jobs: readonly DeliveryAttempt[]): Promise<void> {
  if (jobs.length === 0) return;
  await queue.addBulk(
    WEBHOOK_QUEUE,
    jobs.map(({ deliveryId, attemptKey }) => ({
      name: DELIVER_WEBHOOK_JOB.name,
      data: { deliveryId },
      // BullMQ job ids may not contain ':'; the delivery id does.
      opts: { jobId: `deliver_${deliveryId.replace(/:/g, '_')}_${attemptKey}`, attempts: 1000, backoff: { type: 'custom' } },
    })),
  );
}
