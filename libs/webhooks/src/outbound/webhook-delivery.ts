import { randomInt } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import type { Clock, IdGenerator } from '@app/application';
import { EventStore, SqlDatabase } from '@app/event-store';
import { activeTraceContext, EngineMetrics, Logger, silentLogger } from '@app/observability';
import type { JobHandler, JobQueue } from '@app/queue';
import { classifyResponse, nextRetryDelay } from '../retry/retry-schedule';
import { buildWebhookHeaders } from '../signing/standard-webhooks';
import { WebhookAllowList } from '../ssrf/allow-list';
import { WebhookResolver } from '../ssrf/ssrf-guard';
import { DeliverJobData, DeliveryAttempt, DELIVER_WEBHOOK_JOB, enqueueDeliveries, WEBHOOK_BATCH_SENDS, WEBHOOK_DELIVERY_CONCURRENCY, WEBHOOK_QUEUE } from './webhook-jobs';
import { EndpointRecord } from './webhook-records';
import { WebhookSecrets } from './webhook-secrets';
import { AttemptResult, sendWebhook } from './webhook-sender';
import { SendSlots } from './send-slots';
import { AttemptRow, ClaimedBatchDelivery, ClaimedDelivery, WebhookStore } from './webhook-store';

/** An endpoint whose deliveries all fail for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3600 * 1000;

export interface WebhookDeliveryOptions {
  readonly allow: WebhookAllowList;
  readonly timeoutMs?: number;
  /** Multiplies the retry schedule (tests shrink days to milliseconds); 1 in production. */
  readonly retryScale?: number;
  readonly resolve?: WebhookResolver;
  readonly random?: () => number;
  readonly logger?: Logger;
  readonly metrics?: EngineMetrics;
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

type Endpoint = Pick<EndpointRecord, 'id' | 'failingSince'>;

/** Until when a claim holds its deliveries: past the send's deadline, then the reconciler may take them back. */
const leaseOf = (now: Date): string => new Date(now.getTime() + 60_000).toISOString();
/** A delivery due this soon is attempted now (a job's delay and the row's time may differ by a little). */
const dueByOf = (now: Date): string => new Date(now.getTime() + 2000).toISOString();

/** The row of an attempt of a claimed delivery. */
function attemptOf(deliveryId: string, row: ClaimedDelivery, now: Date, result: AttemptResult): AttemptRow {
  return {
    deliveryId,
    attempt: row.attempts + 1,
    attemptedAt: now.toISOString(),
    statusCode: result.statusCode ?? null,
    error: result.error ?? null,
    latencyMs: result.latencyMs,
  };
}

/** What became of a failed attempt once it was recorded. */
type FailedAttempt =
  | { readonly kind: 'retry'; readonly delayMs: number; readonly error: string } | { readonly kind: 'exhausted'; readonly error: string }
  | { readonly kind: 'disabled'; readonly error: string };

/**
 * The delivery job: attempts of deliveries — sign (Standard Webhooks, the message id is the
 * `webhook-id` of every retry), send through the SSRF guard, record — retried on the schedule of
 * `retry-schedule.ts`. A job carries one delivery (its retries) or a batch of one endpoint's new
 * deliveries (their first attempts: claimed, sent and their successes recorded a few at a time,
 * each failed one handed to a job of its own that waits out its backoff). Operational facts (an
 * exhausted delivery, a disabled endpoint) go to the endpoint's stream.
 *
 * @example
 * await delivery.deliver('e1:msg_…'); // 'succeeded' | 'skipped' | …
 */
export class WebhookDelivery {
  private readonly log: Logger;
  /** Sends under way in this process, over every job: {@link WEBHOOK_DELIVERY_CONCURRENCY}. */
  private readonly slots = new SendSlots(WEBHOOK_DELIVERY_CONCURRENCY);

  constructor(
    private readonly events: EventStore,
    private readonly db: SqlDatabase,
    private readonly webhookStore: WebhookStore,
    private readonly secrets: WebhookSecrets,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly options: WebhookDeliveryOptions,
    private readonly queue?: JobQueue,
  ) {
    this.log = (options.logger ?? silentLogger).child('webhooks');
  }

  /** The handler of the delivery job (either shape); a failed attempt of one delivery sets the wait before the next. */
  jobHandler(): JobHandler {
    return {
      ...DELIVER_WEBHOOK_JOB,
      handle: async (job) => {
        const data = job.data as DeliverJobData;
        return 'deliveryIds' in data ? this.deliverBatch(data.deliveryIds) : this.deliver(data.deliveryId);
      },
      retryDelay: (error) => (error instanceof AttemptFailedError ? error.retryDelayMs : 5000),
    };
  }

  /**
   * One attempt of one delivery. The delivery row is claimed first (only a pending, due delivery
   * of an active endpoint is attempted), so a job that runs twice, or two jobs for one delivery,
   * make one attempt. A failure is recorded, then thrown so the queue runs the job again after
   * the scheduled delay; the last failure exhausts the delivery.
   */
  async deliver(deliveryId: string): Promise<'succeeded' | 'skipped' | 'exhausted' | 'disabled'> {
    const now = this.clock.now();
    await this.slots.take(1);
    let row: ClaimedDelivery | undefined;
    let result: AttemptResult;
    try {
      row = await this.webhookStore.claimDelivery(this.db, deliveryId, leaseOf(now), now.toISOString(), dueByOf(now));
      if (!row) return 'skipped';
      result = await this.send(row, now);
    } finally {
      this.slots.give(1);
    }
    const attempt = attemptOf(deliveryId, row, now, result);
    const after = this.clock.now().toISOString();
    if (this.outcome(result) === 'success') {
      await this.webhookStore.recordSuccess(this.db, attempt, row.endpoint_id, after);
      return 'succeeded';
    }
    const failed = await this.recordFailed(row, attempt, result, now, after);
    if (failed.kind === 'disabled') throw new UnrecoverableError(`Endpoint ${row.endpoint_id} answered 410 Gone; it is disabled`);
    if (failed.kind === 'exhausted') throw new UnrecoverableError(`Delivery ${deliveryId} exhausted after ${attempt.attempt} attempts: ${failed.error}`);
    throw new AttemptFailedError(`Delivery ${deliveryId} attempt ${attempt.attempt} failed: ${failed.error}`, failed.delayMs);
  }

  /**
   * The first attempts of a batch of deliveries (of one endpoint), {@link WEBHOOK_BATCH_SENDS} at
   * most at a time: one statement claims those of them that are pending and due (a batch run
   * twice attempts nothing twice), their posts go out together, one statement records their
   * successes, and each failure is recorded and handed to a job of its own, added with the
   * backoff as its delay (if that add fails, the reconciler adds it from the row). Returns how
   * many were attempted and how many succeeded.
   */
  async deliverBatch(deliveryIds: readonly string[]): Promise<{ attempted: number; succeeded: number }> {
    let attempted = 0;
    let succeeded = 0;
    for (let next = 0; next < deliveryIds.length; ) {
      const now = this.clock.now();
      // Slots bound the claims and posts under way; the records that follow hold none.
      const taken = await this.slots.take(Math.min(WEBHOOK_BATCH_SENDS, deliveryIds.length - next));
      let rows: ClaimedBatchDelivery[];
      let results: AttemptResult[];
      try {
        const chunk = deliveryIds.slice(next, next + taken);
        next += taken;
        rows = await this.webhookStore.claimDeliveries(this.db, chunk, leaseOf(now), now.toISOString(), dueByOf(now));
        results = await Promise.all(rows.map((row) => this.send(row, now)));
      } finally {
        this.slots.give(taken);
      }
      const after = this.clock.now().toISOString();
      const successes: AttemptRow[] = [];
      const retries: DeliveryAttempt[] = [];
      for (const [i, row] of rows.entries()) {
        const result = results[i] as AttemptResult;
        const attempt = attemptOf(row.id, row, now, result);
        if (this.outcome(result) === 'success') {
          successes.push(attempt);
          continue;
        }
        const failed = await this.recordFailed(row, attempt, result, now, after);
        if (failed.kind === 'retry') retries.push({ deliveryId: row.id, attemptKey: String(attempt.attempt), delayMs: failed.delayMs });
      }
      if (rows.length > 0) await this.webhookStore.recordSuccesses(this.db, successes, rows[0]?.endpoint_id as string, after);
      attempted += rows.length;
      succeeded += successes.length;
      if (retries.length > 0 && this.queue) {
        await enqueueDeliveries(this.queue, retries).catch((error: unknown) => this.log.warn('could not add the retries of failed deliveries; the reconciler will', { error }));
      }
    }
    return { attempted, succeeded };
  }

  /** Classifies an attempt's result (and counts it). */
  private outcome(result: AttemptResult): ReturnType<typeof classifyResponse> {
    const outcome = result.statusCode !== undefined ? classifyResponse(result.statusCode) : 'retry';
    this.options.metrics?.jobsProcessed.inc({ queue: WEBHOOK_QUEUE, name: 'attempt', outcome: outcome === 'success' ? 'delivered' : 'failed' });
    if (outcome === 'success') this.options.metrics?.webhookDeliveries.inc({ outcome: 'delivered' });
    return outcome;
  }

  /**
   * Records a failed attempt and what follows from it: the endpoint disabled (410 Gone), the
   * delivery exhausted (no attempt left), or its next attempt scheduled after the backoff.
   */
  private async recordFailed(row: ClaimedDelivery, attempt: AttemptRow, result: AttemptResult, now: Date, after: string): Promise<FailedAttempt> {
    const failed = await this.settleFailure(row, attempt, result, now, after);
    this.options.metrics?.webhookDeliveries.inc({ outcome: failed.kind === 'retry' ? 'failed' : failed.kind });
    return failed;
  }

  /** {@link recordFailed}, without counting it. */
  private async settleFailure(row: ClaimedDelivery, attempt: AttemptRow, result: AttemptResult, now: Date, after: string): Promise<FailedAttempt> {
    const endpoint = { id: row.endpoint_id, failingSince: row.failing_since === null ? null : new Date(row.failing_since).toISOString() };
    const error = result.error ?? `HTTP ${result.statusCode}`;
    if (result.statusCode !== undefined && classifyResponse(result.statusCode) === 'disable') {
      await this.webhookStore.recordFailure(this.db, attempt, error, now.toISOString(), after);
      await this.disable(endpoint.id, `the endpoint answered 410 Gone`);
      return { kind: 'disabled', error };
    }
    const delay = nextRetryDelay(attempt.attempt, {
      random: this.options.random ?? (() => randomInt(0, 1_000_000) / 1_000_000),
      now: now.getTime(),
      ...(result.statusCode !== undefined ? { status: result.statusCode } : {}),
      ...(result.retryAfter !== undefined ? { retryAfterHeader: result.retryAfter } : {}),
    });
    if (delay === undefined) {
      await this.exhaust(attempt, row, error, after);
      await this.markFailing(endpoint, now);
      return { kind: 'exhausted', error };
    }
    const scaled = Math.max(1, Math.round(delay * (this.options.retryScale ?? 1)));
    await this.webhookStore.recordFailure(this.db, attempt, error, new Date(now.getTime() + scaled).toISOString(), after);
    await this.markFailing(endpoint, now);
    return { kind: 'retry', delayMs: scaled, error };
  }

  /** Signs the claimed delivery with the endpoint's secret (and the previous one while it lasts) and posts it. */
  private async send(row: ClaimedDelivery, now: Date): Promise<AttemptResult> {
    const secrets = [this.secrets.open(row.endpoint_id, row.secret)];
    if (row.previous_secret && row.previous_secret_expires_at && new Date(row.previous_secret_expires_at).getTime() > now.getTime()) {
      secrets.push(this.secrets.open(row.endpoint_id, row.previous_secret));
    }
    // With tracing on, the receiver can join the trace of the event (W3C `traceparent`); the HTTP
    // instrumentation, when loaded, replaces it with the context of the POST's own span.
    const headers = { ...buildWebhookHeaders({ secrets, id: row.message_id, timestamp: Math.floor(now.getTime() / 1000), body: row.body }), ...activeTraceContext() };
    return sendWebhook(row.url, headers, row.body, {
      allow: this.options.allow,
      timeoutMs: this.options.timeoutMs ?? 15_000,
      ...(this.options.resolve ? { resolve: this.options.resolve } : {}),
    });
  }

  private async exhaust(attempt: AttemptRow, row: ClaimedDelivery, error: string, at: string): Promise<void> {
    await this.webhookStore.recordExhausted(this.db, attempt, error, at);
    await this.record(row.endpoint_id, 'WebhookDeliveryExhausted', {
      endpointId: row.endpoint_id,
      deliveryId: attempt.deliveryId,
      messageId: row.message_id,
      eventType: row.event_type,
      attempts: attempt.attempt,
      lastStatusCode: attempt.statusCode,
      lastError: error,
    });
  }

  /** Notes the start of a failing streak; a streak of five days disables the endpoint. */
  private async markFailing(endpoint: Endpoint, now: Date): Promise<void> {
    if (!endpoint.failingSince) {
      await this.webhookStore.markFailingSince(this.db, endpoint.id, now.toISOString());
      return;
    }
    if (now.getTime() - Date.parse(endpoint.failingSince) >= DISABLE_AFTER_FAILING_MS) {
      await this.disable(endpoint.id, `every delivery failed since ${endpoint.failingSince}`);
    }
  }

  private async disable(endpointId: string, reason: string): Promise<void> {
    if (await this.webhookStore.disable(this.db, endpointId, reason, this.clock.now().toISOString())) {
      this.log.warn('webhook endpoint disabled', { endpointId, reason });
      await this.record(endpointId, 'WebhookEndpointDisabled', { endpointId, reason });
    }
  }

  /** Operational facts of the delivery side go to the log too, so auditors see them (never secrets). */
  private async record(endpointId: string, type: string, data: Record<string, unknown>): Promise<void> {
    await this.events.appendToStreams([
      {
        streamId: `webhook-endpoint-${endpointId}`,
        expectedVersion: 'any',
        events: [{ eventId: this.ids.next(), type, schemaVersion: 1, data: { ...data, at: this.clock.now().toISOString() }, metadata: { actor: { id: 'webhooks', roles: ['system'] } } }],
      },
    ]);
  }
}
