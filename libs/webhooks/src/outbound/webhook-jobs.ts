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
/**
 * Deliveries of one endpoint a batch job claims and sends together (at most): half the slots, so
 * one slow endpoint's batch never holds every slot.
 */
export const WEBHOOK_BATCH_SENDS = 8;
/** Delivery ids one batch job carries (a dispatch of more is split into several jobs). */
export const WEBHOOK_BATCH_JOB_SIZE = 100;

/** An attempt of a delivery to add a job for; the key makes the job id unique to that attempt. */
export interface DeliveryAttempt {
  readonly deliveryId: string;
  readonly attemptKey: string;
  /** Wait before the job runs (a retry's backoff), in ms. */
  readonly delayMs?: number;
}

/**
 * The data of a `webhook.deliver` job, in one of two shapes: one delivery (retries, the
 * reconciler, an administrator's retry; also every job added by engines before batches), or the
 * first attempts of a batch of one endpoint's deliveries (what the dispatcher adds).
 */
export type DeliverJobData = { readonly deliveryId: string } | { readonly endpointId: string; readonly deliveryIds: readonly string[] };

/**
 * The delivery ids a `webhook.deliver` job carries, whatever its shape (none for a malformed job).
 *
 * @example
 * deliveryIdsOf({ endpointId: 'e1', deliveryIds: ['e1:msg_a', 'e1:msg_b'] }); // ['e1:msg_a', 'e1:msg_b']
 */
export function deliveryIdsOf(data: unknown): string[] {
  const shaped = (data ?? {}) as { deliveryId?: unknown; deliveryIds?: unknown };
  if (Array.isArray(shaped.deliveryIds)) return shaped.deliveryIds.filter((id): id is string => typeof id === 'string');
  return typeof shaped.deliveryId === 'string' ? [shaped.deliveryId] : [];
}

// BullMQ job ids may not contain ':'; delivery ids do.
const jobIdPart = (deliveryId: string): string => deliveryId.replace(/:/g, '_');

/**
 * Adds the jobs of delivery attempts now (or after their delay), in one call: one job each.
 *
 * @example
 * await enqueueDeliveries(queue, [{ deliveryId: 'e1:msg_…', attemptKey: '0' }]);
 */
export async function enqueueDeliveries(queue: JobQueue, jobs: readonly DeliveryAttempt[]): Promise<void> {
  if (jobs.length === 0) return;
  await queue.addBulk(
    WEBHOOK_QUEUE,
    jobs.map(({ deliveryId, attemptKey, delayMs }) => ({
      name: DELIVER_WEBHOOK_JOB.name,
      data: { deliveryId } satisfies DeliverJobData,
      opts: { jobId: `deliver_${jobIdPart(deliveryId)}_${attemptKey}`, attempts: 1000, backoff: { type: 'custom' }, ...(delayMs ? { delay: delayMs } : {}) },
    })),
  );
}

/**
 * Adds the first attempts of new deliveries of one endpoint as batch jobs of up to
 * {@link WEBHOOK_BATCH_JOB_SIZE} deliveries, in one call. A delivery id is written once, so the
 * first id of a batch names its job.
 *
 * @example
 * await enqueueDeliveryBatches(queue, 'e1', ['e1:msg_a', 'e1:msg_b']);
 */
export async function enqueueDeliveryBatches(queue: JobQueue, endpointId: string, deliveryIds: readonly string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  const jobs = [];
  for (let i = 0; i < deliveryIds.length; i += WEBHOOK_BATCH_JOB_SIZE) {
    const batch = deliveryIds.slice(i, i + WEBHOOK_BATCH_JOB_SIZE);
    jobs.push({
      name: DELIVER_WEBHOOK_JOB.name,
      data: { endpointId, deliveryIds: batch } satisfies DeliverJobData,
      opts: { jobId: `deliver_batch_${jobIdPart(batch[0] as string)}_${batch.length}`, attempts: 1000, backoff: { type: 'custom' } },
    });
  }
  await queue.addBulk(WEBHOOK_QUEUE, jobs);
}
