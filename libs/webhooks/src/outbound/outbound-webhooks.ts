import { randomInt } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import type { Clock, IdGenerator } from '@app/application';
import type { DomainErrorKind, ErrorCode } from '@app/domain';
import { IntegrationMessage, isIntegrationEventType, toIntegrationMessages } from '@app/contracts';
import { RecordedEvent, SqlDatabase, SqlEventStore, SqlExecutor } from '@app/event-store';
import { EngineMetrics, Logger, silentLogger } from '@app/observability';
import { SubscriptionRunner } from '@app/projections';
import { JobDefinition, JobHandler, QueueRuntime } from '@app/queue';
import { classifyResponse, nextRetryDelay } from '../retry/retry-schedule';
import { buildWebhookHeaders, generateWebhookSecret } from '../signing/standard-webhooks';
import { WebhookAllowList } from '../ssrf/allow-list';
import { checkWebhookUrl, SsrfBlockedError, WebhookResolver } from '../ssrf/ssrf-guard';
import { sendWebhook } from './webhook-sender';
import { WebhookSecrets } from './webhook-secrets';
import { DeliveryRecord, EndpointRecord, EndpointView, endpointView, WebhookStore } from './webhook-store';

export const WEBHOOK_QUEUE = 'webhooks';
export const DELIVER_WEBHOOK_JOB: JobDefinition = { queue: WEBHOOK_QUEUE, name: 'webhook.deliver' };
export const RECONCILE_WEBHOOKS_JOB: JobDefinition = { queue: WEBHOOK_QUEUE, name: 'webhook.reconcile' };
/**
 * Deliveries a worker attempts at once. An attempt holds a database connection only for its two
 * short statements and otherwise waits on the receiver (up to the 15 s timeout), so slots are
 * cheap; with few of them, a handful of slow finance systems would delay every other one.
 */
export const WEBHOOK_DELIVERY_CONCURRENCY = 16;

/** The previous secret keeps signing this long after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;
/** An endpoint whose deliveries all fail for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3600 * 1000;

export interface OutboundWebhooksOptions {
  readonly allow: WebhookAllowList;
  readonly timeoutMs?: number;
  /** Multiplies the retry schedule (tests shrink days to milliseconds); 1 in production. */
  readonly retryScale?: number;
  readonly resolve?: WebhookResolver;
  readonly random?: () => number;
  readonly logger?: Logger;
  readonly metrics?: EngineMetrics;
  readonly batchSize?: number;
  readonly idleMs?: number;
  /** Prepares events before they are mapped to messages (opens sealed personal data). */
  readonly prepare?: (events: readonly RecordedEvent[], tx: SqlExecutor) => Promise<readonly RecordedEvent[]>;
  /** Signing secrets at rest, wrapped under the key-encryption key (in clear without one). */
  readonly secrets?: WebhookSecrets;
}

/** A refusal of an admin request, with a stable code and its kind (mapped to HTTP by the edge). */
export class WebhookRequestError extends Error {
  constructor(
    readonly kind: Extract<DomainErrorKind, 'not_found' | 'conflict' | 'invalid'>,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * The administrator who asked for a change to an endpoint (the verified caller), recorded as the
 * actor of the audit event appended with the change.
 */
export interface WebhookAdmin {
  readonly id: string;
  readonly roles: readonly string[];
  /** The request's correlation id, kept in the event's metadata. */
  readonly correlationId?: string;
}

/** Thrown by a failed attempt so BullMQ runs the job again after `retryDelayMs`. */
class AttemptFailedError extends Error {
  constructor(
    message: string,
    readonly retryDelayMs: number,
  ) {
    super(message);
  }
}

const subscriptionOf = (endpointId: string) => `webhook:${endpointId}`;

/**
 * Webhooks to finance systems, with no dual write: each endpoint is a checkpointed subscription
 * of the event log that writes one delivery row per matching integration message in the same
 * transaction as its checkpoint. Deliveries are attempted by BullMQ jobs with deterministic ids,
 * signed with Standard Webhooks (the message id is the `webhook-id` of every retry), and retried
 * on the schedule of `retry-schedule.ts`; the delivery rows are the truth and jobs lost with Redis
 * are re-created from them.
 *
 * @example
 * const { endpoint, secret } = await webhooks.register({ url, eventTypes: ['payment_order.issued'] }, { id: 'admin-1', roles: ['admin'] });
 */
export class OutboundWebhooks {
  private readonly sql = new WebhookStore();
  private readonly secrets: WebhookSecrets;
  private readonly runners = new Map<string, SubscriptionRunner>();
  private readonly log: Logger;
  private syncTimer: NodeJS.Timeout | undefined;
  private started = false;
  private syncing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: SqlEventStore,
    private readonly db: SqlDatabase,
    private readonly queues: QueueRuntime,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly options: OutboundWebhooksOptions,
  ) {
    this.log = (options.logger ?? silentLogger).child('webhooks');
    this.secrets = options.secrets ?? new WebhookSecrets();
  }

  // ---- endpoints (admin) ----

  /**
   * Registers an endpoint. The row, its subscription's checkpoint and `WebhookEndpointRegistered`
   * (never the secret) commit together.
   */
  async register(input: { url: string; eventTypes: readonly string[]; description?: string }, admin: WebhookAdmin): Promise<{ endpoint: EndpointView; secret: string }> {
    const unknown = input.eventTypes.filter((t) => !isIntegrationEventType(t));
    if (unknown.length > 0) throw new WebhookRequestError('invalid', 'WEBHOOK.UNKNOWN_EVENT_TYPE', `Unknown event types: ${unknown.join(', ')}`, 'eventTypes');
    await this.checkTarget(input.url);
    const id = this.ids.next();
    const secret = generateWebhookSecret();
    const now = this.clock.now().toISOString();
    const head = await this.store.headCursor();
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO webhook_endpoints (id, url, event_types, description, secret, status, created_at, updated_at)
         VALUES ($1, $2, $3::text[], $4, $5, 'active', $6, $6)`,
        [id, input.url, [...new Set(input.eventTypes)], input.description ?? null, this.secrets.seal(id, secret), now],
      );
      // A new endpoint receives what happens from now on; history is sent by a replay.
      await tx.query('INSERT INTO subscription_checkpoints (name, transaction_id, position) VALUES ($1, $2::xid8, $3)', [subscriptionOf(id), head.transactionId, head.position]);
      await this.recordAdmin(tx, admin, id, 'WebhookEndpointRegistered', { endpointId: id, url: input.url, eventTypes: [...new Set(input.eventTypes)], description: input.description ?? null });
    });
    await this.syncRunners();
    const endpoint = await this.endpointOrFail(id);
    return { endpoint: endpointView(endpoint), secret };
  }

  async list(): Promise<EndpointView[]> {
    return (await this.sql.endpoints(this.db)).map(endpointView);
  }

  async get(id: string): Promise<EndpointView> {
    return endpointView(await this.endpointOrFail(id));
  }

  /**
   * Deletes an endpoint: its subscription stops and pending deliveries are cancelled, in the
   * transaction of `WebhookEndpointDeleted`.
   */
  async remove(id: string, admin: WebhookAdmin): Promise<void> {
    await this.endpointOrFail(id);
    const now = this.clock.now().toISOString();
    await this.db.transaction(async (tx) => {
      const deleted = await tx.query("UPDATE webhook_endpoints SET status = 'deleted', updated_at = $2 WHERE id = $1 AND status <> 'deleted' RETURNING id", [id, now]);
      // A concurrent delete won: this one changes nothing and records nothing.
      if (deleted.rowCount === 0) throw new WebhookRequestError('not_found', 'WEBHOOK.ENDPOINT_NOT_FOUND', `Unknown webhook endpoint ${id}`);
      await tx.query("UPDATE webhook_deliveries SET status = 'cancelled', updated_at = $2 WHERE endpoint_id = $1 AND status = 'pending'", [id, now]);
      await tx.query('DELETE FROM subscription_checkpoints WHERE name = $1', [subscriptionOf(id)]);
      await this.recordAdmin(tx, admin, id, 'WebhookEndpointDeleted', { endpointId: id });
    });
    await this.syncRunners();
  }

  /**
   * A new secret; the previous one keeps signing for 24 hours so receivers can switch. The change
   * and `WebhookSecretRotated` (without either secret) commit together.
   */
  async rotateSecret(id: string, admin: WebhookAdmin): Promise<{ secret: string; previousSecretExpiresAt: string }> {
    const endpoint = await this.endpointOrFail(id);
    const secret = generateWebhookSecret();
    const now = this.clock.now();
    const expires = new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString();
    await this.db.transaction(async (tx) => {
      await tx.query(
        'UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = $2, secret = $3, updated_at = $4 WHERE id = $1',
        [endpoint.id, expires, this.secrets.seal(endpoint.id, secret), now.toISOString()],
      );
      await this.recordAdmin(tx, admin, id, 'WebhookSecretRotated', { endpointId: id, previousSecretExpiresAt: expires });
    });
    return { secret, previousSecretExpiresAt: expires };
  }

  /**
   * Turns a disabled endpoint back on; its pending deliveries are attempted again. The change and
   * `WebhookEndpointEnabled` commit together; an endpoint already active changes nothing and
   * records nothing.
   */
  async enable(id: string, admin: WebhookAdmin): Promise<EndpointView> {
    const endpoint = await this.endpointOrFail(id);
    if (endpoint.status === 'active') return endpointView(endpoint);
    const now = this.clock.now().toISOString();
    const pending = await this.db.transaction(async (tx) => {
      const enabled = await tx.query(
        "UPDATE webhook_endpoints SET status = 'active', disabled_reason = NULL, failing_since = NULL, updated_at = $2 WHERE id = $1 AND status = 'disabled' RETURNING id",
        [id, now],
      );
      if (enabled.rowCount === 0) return [];
      const due = await tx.query<{ id: string; attempts: number }>(
        "UPDATE webhook_deliveries SET next_attempt_at = $2, updated_at = $2 WHERE endpoint_id = $1 AND status = 'pending' RETURNING id, attempts",
        [id, now],
      );
      await this.recordAdmin(tx, admin, id, 'WebhookEndpointEnabled', { endpointId: id });
      return due.rows;
    });
    await this.syncRunners();
    await this.enqueue(pending.map((row) => ({ deliveryId: row.id, attemptKey: `${row.attempts}-enabled-${Date.parse(now)}` })));
    return this.get(id);
  }

  async deliveries(endpointId: string, status: string | undefined, limit = 50) {
    await this.endpointOrFail(endpointId);
    const rows = await this.sql.deliveries(this.db, endpointId, status, limit);
    const attempts = await this.sql.attempts(this.db, rows.map((r) => r.id));
    return rows.map((r) => ({ ...deliveryView(r), attemptsLog: attempts.get(r.id) ?? [] }));
  }

  /** Attempts one delivery again now (also an exhausted one). */
  async retry(deliveryId: string) {
    const delivery = await this.sql.delivery(this.db, deliveryId);
    if (!delivery) throw new WebhookRequestError('not_found', 'WEBHOOK.DELIVERY_NOT_FOUND', `Unknown delivery ${deliveryId}`);
    if (delivery.status === 'succeeded') throw new WebhookRequestError('conflict', 'WEBHOOK.ALREADY_DELIVERED', 'This delivery already succeeded');
    if (delivery.status === 'cancelled') throw new WebhookRequestError('conflict', 'WEBHOOK.CANCELLED', 'This delivery was cancelled with its endpoint');
    const now = this.clock.now().toISOString();
    await this.db.query("UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $2, updated_at = $2 WHERE id = $1", [deliveryId, now]);
    await this.enqueue([{ deliveryId, attemptKey: `${delivery.attempts}-manual-${Date.now()}` }]);
    return deliveryView({ ...delivery, status: 'pending', nextAttemptAt: now });
  }

  /**
   * Sends again every matching message from a log position up to what the endpoint has already
   * been given (for a finance system that lost data). Messages keep their ids.
   */
  async replay(endpointId: string, fromPosition: number, admin: WebhookAdmin): Promise<{ replayId: string; deliveries: number }> {
    const endpoint = await this.endpointOrFail(endpointId);
    if (endpoint.status !== 'active') throw new WebhookRequestError('conflict', 'WEBHOOK.ENDPOINT_DISABLED', 'Enable the endpoint before replaying to it');
    const checkpoint = await this.db.query<{ position: string | number }>('SELECT position FROM subscription_checkpoints WHERE name = $1', [subscriptionOf(endpointId)]);
    const upTo = Number(checkpoint.rows[0]?.position ?? 0);
    const replayId = this.ids.next();
    let count = 0;
    let after = fromPosition - 1;
    for (;;) {
      const page = await this.db.query<{ event_id: string; stream_id: string; version: number; position: string | number; type: string; data: unknown }>(
        `SELECT event_id::text AS event_id, stream_id, version, position, type, data FROM events
         WHERE position > $1 AND position <= $2 AND (stream_id LIKE 'project-%' OR stream_id LIKE 'reminders-%') ORDER BY position LIMIT 1000`,
        [after, upTo],
      );
      if (page.rows.length === 0) break;
      const events = page.rows.map((r) => ({ eventId: r.event_id, streamId: r.stream_id, version: r.version, position: Number(r.position), type: r.type, data: r.data }));
      const inserted = await this.db.transaction((tx) => this.insertDeliveries(tx, endpoint, events, `:replay:${replayId}`));
      await this.enqueue(inserted.map((deliveryId) => ({ deliveryId, attemptKey: '0' })));
      count += inserted.length;
      after = Number(page.rows[page.rows.length - 1]?.position ?? upTo);
    }
    await this.db.transaction((tx) => this.recordAdmin(tx, admin, endpointId, 'WebhookReplayRequested', { endpointId, replayId, fromPosition, toPosition: upTo, deliveries: count }));
    return { replayId, deliveries: count };
  }

  private async endpointOrFail(id: string): Promise<EndpointRecord> {
    const endpoint = await this.sql.endpoint(this.db, id);
    if (!endpoint || endpoint.status === 'deleted') throw new WebhookRequestError('not_found', 'WEBHOOK.ENDPOINT_NOT_FOUND', `Unknown webhook endpoint ${id}`);
    return endpoint;
  }

  private async checkTarget(url: string): Promise<void> {
    try {
      await checkWebhookUrl(url, { allow: this.options.allow, ...(this.options.resolve ? { resolve: this.options.resolve } : {}) });
    } catch (error) {
      if (error instanceof SsrfBlockedError) {
        throw new WebhookRequestError('invalid', 'WEBHOOK.TARGET_NOT_ALLOWED', `${error.message} (WEBHOOK_ALLOWED_HOSTS lists allowed private hosts)`, 'url');
      }
      throw error;
    }
  }

  /**
   * Appends an administrator's change to the endpoint's stream inside the transaction of the
   * change itself, with the administrator as actor: both commit or neither does (never secrets).
   */
  private async recordAdmin(tx: SqlExecutor, admin: WebhookAdmin, endpointId: string, type: string, data: Record<string, unknown>): Promise<void> {
    await this.store.appendWithin(tx, [
      {
        streamId: `webhook-endpoint-${endpointId}`,
        expectedVersion: 'any',
        events: [
          {
            eventId: this.ids.next(),
            type,
            schemaVersion: 1,
            data: { ...data, at: this.clock.now().toISOString() },
            metadata: { actor: { id: admin.id, roles: [...admin.roles] }, ...(admin.correlationId ? { correlationId: admin.correlationId } : {}) },
          },
        ],
      },
    ]);
  }

  /** Operational facts of the delivery side go to the log too, so auditors see them (never secrets). */
  private async record(endpointId: string, type: string, data: Record<string, unknown>): Promise<void> {
    await this.store.appendToStreams([
      {
        streamId: `webhook-endpoint-${endpointId}`,
        expectedVersion: 'any',
        events: [{ eventId: this.ids.next(), type, schemaVersion: 1, data: { ...data, at: this.clock.now().toISOString() }, metadata: { actor: { id: 'webhooks', roles: ['system'] } } }],
      },
    ]);
  }

  // ---- dispatch: one subscription per endpoint ----

  /** Starts the subscriptions of active endpoints and keeps them in step with the table. */
  async start(): Promise<void> {
    this.started = true;
    await this.syncRunners();
    // Endpoints registered before the start have runners that are not running yet.
    for (const runner of this.runners.values()) runner.start();
    this.syncTimer = setInterval(() => this.syncRunners().catch((error) => this.log.error('could not sync webhook subscriptions', { error })), 5000);
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
    await this.syncRunners();
    for (const runner of this.runners.values()) await runner.catchUp();
  }

  /** One sync at a time: two overlapping syncs would each start a runner for a new endpoint. */
  private syncRunners(): Promise<void> {
    const run = this.syncing.then(() => this.syncRunnersNow());
    this.syncing = run.catch(() => undefined);
    return run;
  }

  private async syncRunnersNow(): Promise<void> {
    const active = await this.sql.endpoints(this.db, ['active']);
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
    return new SubscriptionRunner(this.store, this.db, {
      name: subscriptionOf(endpointId),
      batchSize: this.options.batchSize,
      idleMs: this.options.idleMs,
      logger: this.options.logger,
      metrics: this.options.metrics,
      handle: async (events, tx) => {
        const endpoint = await this.sql.endpoint(tx, endpointId);
        if (!endpoint || endpoint.status !== 'active') return;
        const inserted = await this.insertDeliveries(tx, endpoint, events, '');
        // Jobs are added once the deliveries are committed; a crash in between leaves pending
        // rows that the reconciler turns into jobs.
        return async () => {
          await this.enqueue(inserted.map((deliveryId) => ({ deliveryId, attemptKey: '0' })));
        };
      },
    });
  }

  private async insertDeliveries(tx: SqlExecutor, endpoint: EndpointRecord, events: readonly Pick<RecordedEvent, 'eventId' | 'streamId' | 'version' | 'position' | 'type' | 'data'>[], suffix: string): Promise<string[]> {
    const wanted = new Set(endpoint.eventTypes);
    const rows: { id: string; message: IntegrationMessage; position: number }[] = [];
    const prepared = this.options.prepare ? await this.options.prepare(events as RecordedEvent[], tx) : events;
    for (const event of prepared) {
      for (const message of toIntegrationMessages(event)) {
        if (wanted.has(message.type)) rows.push({ id: `${endpoint.id}:${message.id}${suffix}`, message, position: event.position });
      }
    }
    if (rows.length === 0) return [];
    const now = this.clock.now().toISOString();
    const res = await tx.query<{ id: string }>(
      `INSERT INTO webhook_deliveries (id, endpoint_id, message_id, event_type, body, position, status, attempts, next_attempt_at, created_at, updated_at)
       SELECT t.id, $1, t.message_id, t.event_type, t.body, t.position, 'pending', 0, $2, $2, $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[]) AS t(id, message_id, event_type, body, position)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        endpoint.id,
        now,
        rows.map((r) => r.id),
        rows.map((r) => r.message.id),
        rows.map((r) => r.message.type),
        rows.map((r) => messageBody(r.message)),
        rows.map((r) => r.position),
      ],
    );
    return res.rows.map((r) => r.id);
  }

  /** Adds the jobs of attempts now, in one call; the key makes each job id unique to its attempt. */
  private async enqueue(jobs: readonly { readonly deliveryId: string; readonly attemptKey: string }[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queues.addBulk(
      WEBHOOK_QUEUE,
      jobs.map(({ deliveryId, attemptKey }) => ({
        name: DELIVER_WEBHOOK_JOB.name,
        data: { deliveryId },
        // BullMQ job ids may not contain ':'; the delivery id does.
        opts: { jobId: `deliver_${deliveryId.replace(/:/g, '_')}_${attemptKey}`, attempts: 1000, backoff: { type: 'custom' } },
      })),
    );
  }

  // ---- delivery ----

  /** The job handlers of the webhook queue (delivery and reconciliation). */
  jobHandlers(): JobHandler[] {
    return [
      {
        ...DELIVER_WEBHOOK_JOB,
        handle: async (job) => this.deliver((job.data as { deliveryId: string }).deliveryId),
        retryDelay: (error) => (error instanceof AttemptFailedError ? error.retryDelayMs : 5000),
      },
      { ...RECONCILE_WEBHOOKS_JOB, handle: async () => ({ enqueued: await this.reconcile() }) },
    ];
  }

  /**
   * One attempt of one delivery. The delivery row is claimed first (only a pending, due delivery
   * of an active endpoint is attempted), so a job that runs twice, or two jobs for one delivery,
   * make one attempt. A failure is recorded, then thrown so the queue runs the job again after
   * the scheduled delay; the last failure exhausts the delivery.
   */
  async deliver(deliveryId: string): Promise<'succeeded' | 'skipped' | 'exhausted' | 'disabled'> {
    const now = this.clock.now();
    // One statement claims the delivery and returns what the attempt needs of it and its endpoint.
    const claimed = await this.db.query<{
      message_id: string;
      event_type: string;
      body: string;
      attempts: number;
      endpoint_id: string;
      url: string;
      secret: string;
      previous_secret: string | null;
      previous_secret_expires_at: Date | string | null;
      failing_since: Date | string | null;
    }>(
      `UPDATE webhook_deliveries d SET next_attempt_at = $2, updated_at = $3
       FROM webhook_endpoints e
       WHERE d.id = $1 AND d.status = 'pending' AND d.next_attempt_at <= $4 AND e.id = d.endpoint_id AND e.status = 'active'
       RETURNING d.message_id, d.event_type, d.body, d.attempts, e.id AS endpoint_id, e.url, e.secret, e.previous_secret, e.previous_secret_expires_at, e.failing_since`,
      [deliveryId, new Date(now.getTime() + 60_000).toISOString(), now.toISOString(), new Date(now.getTime() + 2000).toISOString()],
      'webhooks_claim_delivery',
    );
    const row = claimed.rows[0];
    if (!row) return 'skipped';
    const endpoint = { id: row.endpoint_id, failingSince: row.failing_since === null ? null : new Date(row.failing_since).toISOString() };
    const secrets = [this.secrets.open(row.endpoint_id, row.secret)];
    if (row.previous_secret && row.previous_secret_expires_at && new Date(row.previous_secret_expires_at).getTime() > now.getTime()) {
      secrets.push(this.secrets.open(row.endpoint_id, row.previous_secret));
    }
    const headers = buildWebhookHeaders({ secrets, id: row.message_id, timestamp: Math.floor(now.getTime() / 1000), body: row.body });
    const result = await sendWebhook(row.url, headers, row.body, {
      allow: this.options.allow,
      timeoutMs: this.options.timeoutMs ?? 15_000,
      ...(this.options.resolve ? { resolve: this.options.resolve } : {}),
    });
    const attempt = row.attempts + 1;
    const after = this.clock.now().toISOString();
    const outcome = result.statusCode !== undefined ? classifyResponse(result.statusCode) : 'retry';
    this.options.metrics?.jobsProcessed.inc({ queue: WEBHOOK_QUEUE, name: 'attempt', outcome: outcome === 'success' ? 'delivered' : 'failed' });
    const attemptRow = [deliveryId, attempt, now.toISOString(), result.statusCode ?? null, result.error ?? null, result.latencyMs];
    if (outcome === 'success') {
      // The attempt, the delivery's success and the end of a failing streak in one statement.
      await this.db.query(
        `WITH attempt AS (
           INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, error, latency_ms) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (delivery_id, attempt) DO NOTHING
         ), streak AS (
           UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $8 AND failing_since IS NOT NULL
         )
         UPDATE webhook_deliveries SET status = 'succeeded', attempts = $2, last_status_code = $4, last_error = NULL, last_latency_ms = $6, updated_at = $7 WHERE id = $1`,
        [...attemptRow, after, endpoint.id],
        'webhooks_delivery_succeeded',
      );
      return 'succeeded';
    }
    await this.db.query(
      `INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, error, latency_ms) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (delivery_id, attempt) DO NOTHING`,
      attemptRow,
    );
    const error = result.error ?? `HTTP ${result.statusCode}`;
    if (outcome === 'disable') {
      await this.failDelivery(deliveryId, attempt, result, after, now);
      await this.disable(endpoint.id, `the endpoint answered 410 Gone`);
      throw new UnrecoverableError(`Endpoint ${endpoint.id} answered 410 Gone; it is disabled`);
    }
    const delay = nextRetryDelay(attempt, {
      random: this.options.random ?? (() => randomInt(0, 1_000_000) / 1_000_000),
      now: now.getTime(),
      ...(result.statusCode !== undefined ? { status: result.statusCode } : {}),
      ...(result.retryAfter !== undefined ? { retryAfterHeader: result.retryAfter } : {}),
    });
    if (delay === undefined) {
      await this.db.query(
        "UPDATE webhook_deliveries SET status = 'exhausted', attempts = $2, last_status_code = $3, last_error = $4, last_latency_ms = $5, updated_at = $6 WHERE id = $1",
        [deliveryId, attempt, result.statusCode ?? null, error, result.latencyMs, after],
      );
      await this.record(endpoint.id, 'WebhookDeliveryExhausted', {
        endpointId: endpoint.id,
        deliveryId,
        messageId: row.message_id,
        eventType: row.event_type,
        attempts: attempt,
        lastStatusCode: result.statusCode ?? null,
        lastError: error,
      });
      await this.markFailing(endpoint, now);
      throw new UnrecoverableError(`Delivery ${deliveryId} exhausted after ${attempt} attempts: ${error}`);
    }
    const scaled = Math.max(1, Math.round(delay * (this.options.retryScale ?? 1)));
    await this.failDelivery(deliveryId, attempt, result, after, new Date(now.getTime() + scaled));
    await this.markFailing(endpoint, now);
    throw new AttemptFailedError(`Delivery ${deliveryId} attempt ${attempt} failed: ${error}`, scaled);
  }

  private async failDelivery(deliveryId: string, attempt: number, result: { statusCode?: number; error?: string; latencyMs: number }, at: string, next: Date): Promise<void> {
    await this.db.query(
      'UPDATE webhook_deliveries SET attempts = $2, last_status_code = $3, last_error = $4, last_latency_ms = $5, next_attempt_at = $6, updated_at = $7 WHERE id = $1',
      [deliveryId, attempt, result.statusCode ?? null, result.error ?? `HTTP ${result.statusCode}`, result.latencyMs, next.toISOString(), at],
    );
  }

  /** Notes the start of a failing streak; a streak of five days disables the endpoint. */
  private async markFailing(endpoint: Pick<EndpointRecord, 'id' | 'failingSince'>, now: Date): Promise<void> {
    if (!endpoint.failingSince) {
      await this.db.query('UPDATE webhook_endpoints SET failing_since = $2 WHERE id = $1 AND failing_since IS NULL', [endpoint.id, now.toISOString()]);
      return;
    }
    if (now.getTime() - Date.parse(endpoint.failingSince) >= DISABLE_AFTER_FAILING_MS) {
      await this.disable(endpoint.id, `every delivery failed since ${endpoint.failingSince}`);
    }
  }

  private async disable(endpointId: string, reason: string): Promise<void> {
    const res = await this.db.query("UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = $2, updated_at = $3 WHERE id = $1 AND status = 'active' RETURNING id", [
      endpointId,
      reason,
      this.clock.now().toISOString(),
    ]);
    if (res.rowCount > 0) {
      this.log.warn('webhook endpoint disabled', { endpointId, reason });
      await this.record(endpointId, 'WebhookEndpointDisabled', { endpointId, reason });
    }
  }

  /**
   * Turns pending deliveries whose trigger is overdue (lost with Redis, or never added after a
   * crash) back into jobs. Runs at start and every 30 seconds.
   */
  async reconcile(): Promise<number> {
    const overdue = new Date(this.clock.now().getTime() - 30_000).toISOString();
    const res = await this.db.query<{ id: string; attempts: number }>(
      `SELECT d.id, d.attempts FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
       WHERE d.status = 'pending' AND e.status = 'active' AND d.next_attempt_at <= $1 ORDER BY d.next_attempt_at LIMIT 1000`,
      [overdue],
    );
    await this.enqueue(res.rows.map((row) => ({ deliveryId: row.id, attemptKey: `${row.attempts}-r` })));
    return res.rows.length;
  }

  /**
   * Holds every endpoint's subscription inside `tx` (their locks, in id order): a batch that was
   * writing deliveries has committed, and the next one starts after `tx` ends. An erasure takes
   * this before it scrubs stored bodies, so no delivery made with the key it destroys appears
   * after the scrub.
   */
  async holdDispatchWithin(tx: SqlExecutor): Promise<void> {
    const endpoints = await tx.query<{ id: string }>("SELECT id FROM webhook_endpoints WHERE status <> 'deleted' ORDER BY id");
    for (const { id } of endpoints.rows) await (this.runners.get(id) ?? this.makeRunner(id)).lockWithin(tx);
  }
}

/**
 * Blanks values in stored delivery bodies (an erased data subject's name), keeping the JSON valid:
 * a value appears in the body text as the content of its JSON string.
 */
export async function scrubDeliveryBodies(tx: SqlExecutor, values: readonly string[], replacement = '[erased]'): Promise<number> {
  let count = 0;
  for (const value of values) {
    const inJson = JSON.stringify(value).slice(1, -1);
    const res = await tx.query('UPDATE webhook_deliveries SET body = replace(body, $1, $2) WHERE strpos(body, $1) > 0', [inJson, replacement]);
    count += res.rowCount;
  }
  return count;
}

/** The body of a message as sent: the same bytes on every attempt. */
export function messageBody(message: IntegrationMessage): string {
  const data = message.data as { occurredAt?: string; dueAt?: string };
  return JSON.stringify({ type: message.type, id: message.id, timestamp: data.occurredAt ?? data.dueAt ?? null, data: message.data });
}

function deliveryView(d: DeliveryRecord) {
  return {
    id: d.id,
    endpointId: d.endpointId,
    messageId: d.messageId,
    eventType: d.eventType,
    position: d.position,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    lastLatencyMs: d.lastLatencyMs,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

