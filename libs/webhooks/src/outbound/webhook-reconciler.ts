import type { Clock } from '@app/application';
import type { SqlDatabase } from '@app/event-store';
import type { JobHandler, JobQueue } from '@app/queue';
import { enqueueDeliveries, RECONCILE_WEBHOOKS_JOB } from './webhook-jobs';
import { WebhookStore } from './webhook-store';

/**
 * The delivery rows are the truth, the jobs only their triggers: the reconciler turns pending
 * deliveries whose trigger is overdue (lost with Redis, or never added after a crash) back into
 * jobs. Runs at start and every 30 seconds.
 *
 * @example
 * await reconciler.reconcile(); // how many deliveries got their job back
 */
export class WebhookReconciler {
  constructor(
    private readonly db: SqlDatabase,
    private readonly queue: JobQueue,
    private readonly webhookStore: WebhookStore,
    private readonly clock: Clock,
  ) {}

  /** The handler of the periodic reconciliation job. */
  jobHandler(): JobHandler {
    return { ...RECONCILE_WEBHOOKS_JOB, handle: async () => ({ enqueued: await this.reconcile() }) };
  }

  async reconcile(): Promise<number> {
    const overdue = new Date(this.clock.now().getTime() - 30_000).toISOString();
    const rows = await this.webhookStore.overdueDeliveries(this.db, overdue);
    await enqueueDeliveries(this.queue, rows.map((row) => ({ deliveryId: row.id, attemptKey: `${row.attempts}-r` })));
    return rows.length;
  }
}
