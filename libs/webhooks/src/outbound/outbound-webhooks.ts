import type { Clock, IdGenerator } from '@app/application';
import { DatabaseEventStore, SqlDatabase } from '@app/event-store';
import type { JobHandler, JobQueue } from '@app/queue';
import { WebhookDelivery, WebhookDeliveryOptions } from './webhook-delivery';
import { WebhookDispatcher, WebhookDispatcherOptions } from './webhook-dispatcher';
import { WebhookEndpoints } from './webhook-endpoints';
import { WebhookReconciler } from './webhook-reconciler';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookStore } from './webhook-store';

export interface OutboundWebhooksOptions extends WebhookDeliveryOptions, WebhookDispatcherOptions {
  /** Signing secrets at rest, wrapped under the key-encryption key (in clear without one). */
  readonly secrets?: WebhookSecrets;
}

/**
 * Webhooks to finance systems, assembled from parts with one job each, over one
 * {@link WebhookStore}:
 * - {@link WebhookEndpoints}: endpoint administration, each change committed with its audit event;
 * - {@link WebhookDispatcher}: one checkpointed subscription per endpoint that turns events into
 *   delivery rows (in the checkpoint's transaction) and their jobs (after it committed);
 * - {@link WebhookDelivery}: the delivery job: attempts of one delivery, or of a batch of one
 *   endpoint's (sign, send, record);
 * - {@link WebhookReconciler}: jobs lost with Redis are re-created from the delivery rows.
 *
 * Nothing here knows the queue's workers: the parts add jobs through the {@link JobQueue} port,
 * and {@link jobHandlers} are given to the workers when they start.
 *
 * @example
 * const webhooks = new OutboundWebhooks(store, db, queues, ids, clock, { allow });
 * await webhooks.endpoints.register({ url, eventTypes: ['payment_order.issued'] }, admin);
 * await queues.startWorkers(new JobRegistry(catalog, webhooks.jobHandlers()));
 */
export class OutboundWebhooks {
  readonly webhookStore = new WebhookStore();
  readonly dispatcher: WebhookDispatcher;
  readonly endpoints: WebhookEndpoints;
  readonly delivery: WebhookDelivery;
  readonly reconciler: WebhookReconciler;

  constructor(events: DatabaseEventStore, db: SqlDatabase, queue: JobQueue, ids: IdGenerator, clock: Clock, options: OutboundWebhooksOptions) {
    const secrets = options.secrets ?? new WebhookSecrets();
    this.dispatcher = new WebhookDispatcher(events, db, queue, this.webhookStore, clock, options);
    this.endpoints = new WebhookEndpoints(events, db, queue, this.webhookStore, this.dispatcher, secrets, ids, clock, options);
    this.delivery = new WebhookDelivery(events, db, this.webhookStore, secrets, ids, clock, options, queue);
    this.reconciler = new WebhookReconciler(db, queue, this.webhookStore, clock);
  }

  /** The job handlers of the webhook queue (delivery and reconciliation). */
  jobHandlers(): JobHandler[] {
    return [this.delivery.jobHandler(), this.reconciler.jobHandler()];
  }
}
