import type { Clock } from '@app/application';
import { IntegrationMessage, SourceEvent, toIntegrationMessages } from '@app/contracts';
import { DatabaseEventStore, RecordedEvent, SqlDatabase, SqlExecutor } from '@app/event-store';
import { EngineMetrics, Logger, silentLogger } from '@app/observability';
import { SubscriptionRunner } from '@app/projections';
import type { JobQueue } from '@app/queue';
import { enqueueDeliveryBatches } from './webhook-jobs';
import { EndpointRecord, webhookSubscriptionName } from './webhook-records';
import { NewDelivery, WebhookStore } from './webhook-store';

export interface WebhookDispatcherOptions {
  readonly logger?: Logger;
  readonly metrics?: EngineMetrics;
  readonly batchSize?: number;
  readonly idleMs?: number;
  /** Prepares events before they are mapped to messages (opens sealed personal data). */
  readonly prepare?: (events: readonly RecordedEvent[], tx: SqlExecutor) => Promise<readonly RecordedEvent[]>;
}

/**
 * Turns the event log into deliveries, with no dual write: each active endpoint is a
 * checkpointed subscription that writes one delivery row per matching integration message in the
 * same transaction as its checkpoint, and adds the rows' jobs once that transaction committed (a
 * crash in between leaves pending rows that the reconciler turns into jobs).
 *
 * @example
 * await dispatcher.start(); // one subscription per active endpoint, kept in step with the table
 */
export class WebhookDispatcher {
  private readonly runners = new Map<string, SubscriptionRunner>();
  private readonly log: Logger;
  private syncTimer: NodeJS.Timeout | undefined;
  private started = false;
  private syncing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly events: DatabaseEventStore,
    private readonly db: SqlDatabase,
    private readonly queue: JobQueue,
    private readonly webhookStore: WebhookStore,
    private readonly clock: Clock,
    private readonly options: WebhookDispatcherOptions = {},
  ) {
    this.log = (options.logger ?? silentLogger).child('webhooks');
  }

  /** Starts the subscriptions of active endpoints and keeps them in step with the table. */
  async start(): Promise<void> {
    this.started = true;
    await this.sync();
    // Endpoints registered before the start have runners that are not running yet.
    for (const runner of this.runners.values()) runner.start();
    this.syncTimer = setInterval(() => this.sync().catch((error) => this.log.error('could not sync webhook subscriptions', { error })), 5000);
    this.syncTimer.unref();
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.syncTimer) clearInterval(this.syncTimer);
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
    this.runners.clear();
  }

  notify(): void {
    for (const runner of this.runners.values()) runner.notify();
  }

  /** Processes everything visible for every active endpoint (tests, CLI). */
  async catchUp(): Promise<void> {
    await this.sync();
    for (const runner of this.runners.values()) await runner.catchUp();
  }

  /**
   * Gives every active endpoint its subscription and stops those of the others (after an
   * administrator's change). One sync at a time: two overlapping syncs would each start a runner
   * for a new endpoint.
   */
  sync(): Promise<void> {
    const run = this.syncing.then(() => this.syncNow());
    this.syncing = run.catch(() => undefined);
    return run;
  }

  /**
   * Holds every endpoint's subscription inside `tx` (their locks, in id order): a batch that was
   * writing deliveries has committed, and the next one starts after `tx` ends. An erasure takes
   * this before it scrubs stored bodies, so no delivery made with the key it destroys appears
   * after the scrub.
   */
  async holdDispatchWithin(tx: SqlExecutor): Promise<void> {
    for (const id of await this.webhookStore.undeletedEndpointIds(tx)) await (this.runners.get(id) ?? this.makeRunner(id)).lockWithin(tx);
  }

  /**
   * Writes, inside `tx`, the pending deliveries of the messages of `events` the endpoint asked
   * for (ids suffixed with `suffix`: a replay's deliveries are new rows). Returns the ids written;
   * the caller adds their jobs once `tx` committed.
   */
  async dispatch(tx: SqlExecutor, endpoint: EndpointRecord, events: readonly SourceEvent[], suffix: string): Promise<string[]> {
    const wanted = new Set(endpoint.eventTypes);
    const rows: NewDelivery[] = [];
    const prepared = this.options.prepare ? await this.options.prepare(events as RecordedEvent[], tx) : events;
    for (const event of prepared) {
      for (const message of toIntegrationMessages(event)) {
        if (wanted.has(message.type)) rows.push({ id: `${endpoint.id}:${message.id}${suffix}`, messageId: message.id, eventType: message.type, body: messageBody(message), position: event.position });
      }
    }
    if (rows.length === 0) return [];
    return this.webhookStore.insertDeliveries(tx, endpoint.id, rows, this.clock.now().toISOString());
  }

  private async syncNow(): Promise<void> {
    const active = await this.webhookStore.endpoints(this.db, ['active']);
    const wanted = new Set(active.map((e) => e.id));
    for (const endpoint of active) {
      if (this.runners.has(endpoint.id)) continue;
      const runner = this.makeRunner(endpoint.id);
      this.runners.set(endpoint.id, runner);
      if (this.started) runner.start();
    }
    for (const [id, runner] of this.runners) {
      if (!wanted.has(id)) {
        this.runners.delete(id);
        await runner.stop();
      }
    }
  }

  private makeRunner(endpointId: string): SubscriptionRunner {
    return new SubscriptionRunner(this.events, this.db, {
      name: webhookSubscriptionName(endpointId),
      batchSize: this.options.batchSize,
      idleMs: this.options.idleMs,
      logger: this.options.logger,
      metrics: this.options.metrics,
      handle: async (events, tx) => {
        const endpoint = await this.webhookStore.endpoint(tx, endpointId);
        if (!endpoint || endpoint.status !== 'active') return;
        const inserted = await this.dispatch(tx, endpoint, events, '');
        // Jobs (one per batch of the endpoint's new deliveries) are added once the deliveries are
        // committed; a crash in between leaves pending rows that the reconciler turns into jobs.
        return async () => {
          await enqueueDeliveryBatches(this.queue, endpointId, inserted);
        };
      },
    });
  }
}

/** The body of a message as sent: the same bytes on every attempt. */
export function messageBody(message: IntegrationMessage): string {
  const data = message.data as { occurredAt?: string; dueAt?: string };
  return JSON.stringify({ type: message.type, id: message.id, timestamp: data.occurredAt ?? data.dueAt ?? null, data: message.data });
}
