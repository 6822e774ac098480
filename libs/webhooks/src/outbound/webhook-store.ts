import type { SourceEvent } from '@app/contracts';
import type { LogCursor, SqlExecutor } from '@app/event-store';
import { AttemptView, DeliveryRecord, EndpointRecord, toDelivery, toEndpoint, webhookSubscriptionName } from './webhook-records';

/** A delivery row to write: its id, the message it carries and the log position it came from. */
export interface NewDelivery {
  readonly id: string;
  readonly messageId: string;
  readonly eventType: string;
  readonly body: string;
  readonly position: number;
}

/** What an attempt needs of a claimed delivery and its endpoint. */
export interface ClaimedDelivery {
  readonly message_id: string;
  readonly event_type: string;
  readonly body: string;
  readonly attempts: number;
  readonly endpoint_id: string;
  readonly url: string;
  readonly secret: string;
  readonly previous_secret: string | null;
  readonly previous_secret_expires_at: Date | string | null;
  readonly failing_since: Date | string | null;
}

/** A delivery claimed with others of its batch: also its id and log position. */
export interface ClaimedBatchDelivery extends ClaimedDelivery {
  readonly id: string;
  readonly position: string | number;
}

/** The row of one attempt, and what the delivery keeps of its last one. */
export interface AttemptRow {
  readonly deliveryId: string;
  readonly attempt: number;
  readonly attemptedAt: string;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly latencyMs: number;
}

/** A pending delivery to give a job, with the attempt count that keys the job. */
export interface DueDelivery {
  readonly id: string;
  readonly attempts: number;
}

const attemptParams = (a: AttemptRow) => [a.deliveryId, a.attempt, a.attemptedAt, a.statusCode, a.error, a.latencyMs];

/** Writes an attempt's row once (`$1`–`$6` are {@link attemptParams}): a repeated attempt number writes nothing. */
const INSERT_ATTEMPT = `INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, error, latency_ms) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (delivery_id, attempt) DO NOTHING`;

/**
 * Every statement of outbound webhooks: endpoints, their subscriptions' checkpoints, deliveries
 * and attempts. Each method takes the executor it runs on (the database, or the transaction of
 * the change it is part of), so the parts decide what commits together.
 *
 * @example
 * const endpoint = await webhookStore.endpoint(db, 'e1');
 */
export class WebhookStore {
  // ---- endpoints ----

  async endpoint(sql: SqlExecutor, id: string): Promise<EndpointRecord | undefined> {
    const res = await sql.query('SELECT * FROM webhook_endpoints WHERE id = $1', [id]);
    return res.rows[0] ? toEndpoint(res.rows[0]) : undefined;
  }

  async endpoints(sql: SqlExecutor, statuses: readonly string[] = ['active', 'disabled']): Promise<EndpointRecord[]> {
    const res = await sql.query('SELECT * FROM webhook_endpoints WHERE status = ANY($1::text[]) ORDER BY created_at', [statuses]);
    return res.rows.map(toEndpoint);
  }

  /** Ids of every endpoint not deleted, in id order (the order their subscriptions are locked in). */
  async undeletedEndpointIds(sql: SqlExecutor): Promise<string[]> {
    const res = await sql.query<{ id: string }>("SELECT id FROM webhook_endpoints WHERE status <> 'deleted' ORDER BY id");
    return res.rows.map((r) => r.id);
  }

  async insertEndpoint(
    tx: SqlExecutor,
    endpoint: { id: string; url: string; eventTypes: readonly string[]; description: string | null; sealedSecret: string; at: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO webhook_endpoints (id, url, event_types, description, secret, status, created_at, updated_at)
       VALUES ($1, $2, $3::text[], $4, $5, 'active', $6, $6)`,
      [endpoint.id, endpoint.url, endpoint.eventTypes, endpoint.description, endpoint.sealedSecret, endpoint.at],
    );
  }

  /** Marks an endpoint deleted; false when it was deleted already (a concurrent delete won). */
  async markDeleted(tx: SqlExecutor, id: string, at: string): Promise<boolean> {
    const deleted = await tx.query("UPDATE webhook_endpoints SET status = 'deleted', updated_at = $2 WHERE id = $1 AND status <> 'deleted' RETURNING id", [id, at]);
    return deleted.rowCount > 0;
  }

  /** Makes `sealedSecret` the current secret; the current one becomes the previous until `previousExpiresAt`. */
  async rotateSecret(tx: SqlExecutor, id: string, sealedSecret: string, previousExpiresAt: string, at: string): Promise<void> {
    await tx.query('UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = $2, secret = $3, updated_at = $4 WHERE id = $1', [
      id,
      previousExpiresAt,
      sealedSecret,
      at,
    ]);
  }

  /** Turns a disabled endpoint back on; false when it was not disabled. */
  async enable(tx: SqlExecutor, id: string, at: string): Promise<boolean> {
    const enabled = await tx.query(
      "UPDATE webhook_endpoints SET status = 'active', disabled_reason = NULL, failing_since = NULL, updated_at = $2 WHERE id = $1 AND status = 'disabled' RETURNING id",
      [id, at],
    );
    return enabled.rowCount > 0;
  }

  /** Disables an active endpoint; false when it was not active. */
  async disable(sql: SqlExecutor, id: string, reason: string, at: string): Promise<boolean> {
    const res = await sql.query("UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = $2, updated_at = $3 WHERE id = $1 AND status = 'active' RETURNING id", [
      id,
      reason,
      at,
    ]);
    return res.rowCount > 0;
  }

  /** Notes the start of a failing streak, unless one is noted already. */
  async markFailingSince(sql: SqlExecutor, id: string, since: string): Promise<void> {
    await sql.query('UPDATE webhook_endpoints SET failing_since = $2 WHERE id = $1 AND failing_since IS NULL', [id, since]);
  }

  // ---- subscriptions of endpoints ----

  /** Starts an endpoint's subscription at a log cursor (what happens from then on is delivered). */
  async startSubscription(tx: SqlExecutor, endpointId: string, at: LogCursor): Promise<void> {
    await tx.query('INSERT INTO subscription_checkpoints (name, transaction_id, position) VALUES ($1, $2::xid8, $3)', [webhookSubscriptionName(endpointId), at.transactionId, at.position]);
  }

  async dropSubscription(tx: SqlExecutor, endpointId: string): Promise<void> {
    await tx.query('DELETE FROM subscription_checkpoints WHERE name = $1', [webhookSubscriptionName(endpointId)]);
  }

  /** The log position up to which an endpoint has been given its messages (0 before any). */
  async subscriptionPosition(sql: SqlExecutor, endpointId: string): Promise<number> {
    const checkpoint = await sql.query<{ position: string | number }>('SELECT position FROM subscription_checkpoints WHERE name = $1', [webhookSubscriptionName(endpointId)]);
    return Number(checkpoint.rows[0]?.position ?? 0);
  }

  /** A page of the events a replay sends again: of projects and reminders, after `after` and up to `upTo`. */
  async replayPage(sql: SqlExecutor, after: number, upTo: number): Promise<SourceEvent[]> {
    const page = await sql.query<{ event_id: string; stream_id: string; version: number; position: string | number; type: string; data: unknown }>(
      `SELECT event_id::text AS event_id, stream_id, version, position, type, data FROM events
       WHERE position > $1 AND position <= $2 AND (stream_id LIKE 'project-%' OR stream_id LIKE 'reminders-%') ORDER BY position LIMIT 1000`,
      [after, upTo],
    );
    return page.rows.map((r) => ({ eventId: r.event_id, streamId: r.stream_id, version: r.version, position: Number(r.position), type: r.type, data: r.data }));
  }

  // ---- deliveries ----

  async delivery(sql: SqlExecutor, id: string): Promise<DeliveryRecord | undefined> {
    const res = await sql.query('SELECT * FROM webhook_deliveries WHERE id = $1', [id]);
    return res.rows[0] ? toDelivery(res.rows[0]) : undefined;
  }

  async deliveries(sql: SqlExecutor, endpointId: string, status: string | undefined, limit: number): Promise<DeliveryRecord[]> {
    const res = await sql.query(
      `SELECT * FROM webhook_deliveries WHERE endpoint_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC, id DESC LIMIT $3`,
      [endpointId, status ?? null, limit],
    );
    return res.rows.map(toDelivery);
  }

  /** Writes pending deliveries; a row whose id exists is left as it is. Returns the ids written. */
  async insertDeliveries(tx: SqlExecutor, endpointId: string, rows: readonly NewDelivery[], at: string): Promise<string[]> {
    const res = await tx.query<{ id: string }>(
      `INSERT INTO webhook_deliveries (id, endpoint_id, message_id, event_type, body, position, status, attempts, next_attempt_at, created_at, updated_at)
       SELECT t.id, $1, t.message_id, t.event_type, t.body, t.position, 'pending', 0, $2, $2, $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[]) AS t(id, message_id, event_type, body, position)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [endpointId, at, rows.map((r) => r.id), rows.map((r) => r.messageId), rows.map((r) => r.eventType), rows.map((r) => r.body), rows.map((r) => r.position)],
    );
    return res.rows.map((r) => r.id);
  }

  /** Cancels an endpoint's pending deliveries (with its deletion). */
  async cancelPending(tx: SqlExecutor, endpointId: string, at: string): Promise<void> {
    await tx.query("UPDATE webhook_deliveries SET status = 'cancelled', updated_at = $2 WHERE endpoint_id = $1 AND status = 'pending'", [endpointId, at]);
  }

  /** Makes an endpoint's pending deliveries due now; returns them. */
  async makePendingDue(tx: SqlExecutor, endpointId: string, at: string): Promise<DueDelivery[]> {
    const due = await tx.query<DueDelivery>(
      "UPDATE webhook_deliveries SET next_attempt_at = $2, updated_at = $2 WHERE endpoint_id = $1 AND status = 'pending' RETURNING id, attempts",
      [endpointId, at],
    );
    return due.rows;
  }

  /** Makes one delivery pending and due now (also an exhausted one). */
  async makeDeliveryDue(sql: SqlExecutor, deliveryId: string, at: string): Promise<void> {
    await sql.query("UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $2, updated_at = $2 WHERE id = $1", [deliveryId, at]);
  }

  /** Pending deliveries of active endpoints due before `before`, the longest overdue first. */
  async overdueDeliveries(sql: SqlExecutor, before: string): Promise<DueDelivery[]> {
    const res = await sql.query<DueDelivery>(
      `SELECT d.id, d.attempts FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
       WHERE d.status = 'pending' AND e.status = 'active' AND d.next_attempt_at <= $1 ORDER BY d.next_attempt_at LIMIT 1000`,
      [before],
    );
    return res.rows;
  }

  /**
   * Blanks values in stored delivery bodies (an erased data subject's name), keeping the JSON
   * valid: a value appears in the body text as the content of its JSON string.
   */
  async scrubBodies(tx: SqlExecutor, values: readonly string[], replacement = '[erased]'): Promise<number> {
    let count = 0;
    for (const value of values) {
      const inJson = JSON.stringify(value).slice(1, -1);
      const res = await tx.query('UPDATE webhook_deliveries SET body = replace(body, $1, $2) WHERE strpos(body, $1) > 0', [inJson, replacement]);
      count += res.rowCount;
    }
    return count;
  }

  // ---- attempts ----

  /**
   * Claims a pending delivery of an active endpoint that is due by `dueBy`, moving its next
   * attempt to `leaseUntil`: one statement returns what the attempt needs, or nothing.
   */
  async claimDelivery(sql: SqlExecutor, deliveryId: string, leaseUntil: string, at: string, dueBy: string): Promise<ClaimedDelivery | undefined> {
    const claimed = await sql.query<ClaimedDelivery>(
      `UPDATE webhook_deliveries d SET next_attempt_at = $2, updated_at = $3
       FROM webhook_endpoints e
       WHERE d.id = $1 AND d.status = 'pending' AND d.next_attempt_at <= $4 AND e.id = d.endpoint_id AND e.status = 'active'
       RETURNING d.message_id, d.event_type, d.body, d.attempts, e.id AS endpoint_id, e.url, e.secret, e.previous_secret, e.previous_secret_expires_at, e.failing_since`,
      [deliveryId, leaseUntil, at, dueBy],
      'webhooks_claim_delivery',
    );
    return claimed.rows[0];
  }

  /**
   * Claims, in one statement, the pending deliveries among `deliveryIds` that are due by `dueBy`
   * and whose endpoint is active, as {@link claimDelivery} does one: their rows are locked in id
   * order (two claims of overlapping batches wait for each other instead of deadlocking). Returns
   * the claimed ones in log order.
   */
  async claimDeliveries(sql: SqlExecutor, deliveryIds: readonly string[], leaseUntil: string, at: string, dueBy: string): Promise<ClaimedBatchDelivery[]> {
    if (deliveryIds.length === 0) return [];
    const claimed = await sql.query<ClaimedBatchDelivery>(
      `WITH due AS (
         SELECT id FROM webhook_deliveries WHERE id = ANY($1::text[]) AND status = 'pending' AND next_attempt_at <= $4 ORDER BY id FOR UPDATE
       )
       UPDATE webhook_deliveries d SET next_attempt_at = $2, updated_at = $3
       FROM due, webhook_endpoints e
       WHERE d.id = due.id AND e.id = d.endpoint_id AND e.status = 'active'
       RETURNING d.id, d.position, d.message_id, d.event_type, d.body, d.attempts, e.id AS endpoint_id, e.url, e.secret, e.previous_secret, e.previous_secret_expires_at, e.failing_since`,
      [deliveryIds, leaseUntil, at, dueBy],
      'webhooks_claim_deliveries',
    );
    return claimed.rows.sort((a, b) => Number(a.position) - Number(b.position) || (a.id < b.id ? -1 : 1));
  }

  /** The attempt, the delivery's success and the end of the endpoint's failing streak in one statement. */
  async recordSuccess(sql: SqlExecutor, attempt: AttemptRow, endpointId: string, at: string): Promise<void> {
    await this.recordSuccesses(sql, [attempt], endpointId, at);
  }

  /**
   * The successful attempts of deliveries of one endpoint, their deliveries' success and the end
   * of the endpoint's failing streak, in one statement.
   */
  async recordSuccesses(sql: SqlExecutor, attempts: readonly AttemptRow[], endpointId: string, at: string): Promise<void> {
    if (attempts.length === 0) return;
    await sql.query(
      `WITH a AS (
         SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::int[], $5::int[]) AS t(delivery_id, attempt, attempted_at, status_code, latency_ms)
       ), attempt AS (
         INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, error, latency_ms)
         SELECT delivery_id, attempt, attempted_at, status_code, NULL, latency_ms FROM a
         ON CONFLICT (delivery_id, attempt) DO NOTHING
       ), streak AS (
         UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $7 AND failing_since IS NOT NULL
       )
       UPDATE webhook_deliveries d SET status = 'succeeded', attempts = a.attempt, last_status_code = a.status_code, last_error = NULL, last_latency_ms = a.latency_ms, updated_at = $6
       FROM a WHERE d.id = a.delivery_id`,
      [
        attempts.map((a) => a.deliveryId),
        attempts.map((a) => a.attempt),
        attempts.map((a) => a.attemptedAt),
        attempts.map((a) => a.statusCode),
        attempts.map((a) => a.latencyMs),
        at,
        endpointId,
      ],
      'webhooks_deliveries_succeeded',
    );
  }

  /** The failed attempt, kept on its delivery, which is tried again at `nextAttemptAt`, in one statement. */
  async recordFailure(sql: SqlExecutor, attempt: AttemptRow, error: string, nextAttemptAt: string, at: string): Promise<void> {
    await sql.query(
      `WITH attempt AS (
         ${INSERT_ATTEMPT}
       )
       UPDATE webhook_deliveries SET attempts = $2, last_status_code = $4, last_error = $7, last_latency_ms = $6, next_attempt_at = $8, updated_at = $9 WHERE id = $1`,
      [...attemptParams(attempt), error, nextAttemptAt, at],
    );
  }

  /** The failed last attempt and the end of its delivery, in one statement. */
  async recordExhausted(sql: SqlExecutor, attempt: AttemptRow, error: string, at: string): Promise<void> {
    await sql.query(
      `WITH attempt AS (
         ${INSERT_ATTEMPT}
       )
       UPDATE webhook_deliveries SET status = 'exhausted', attempts = $2, last_status_code = $4, last_error = $7, last_latency_ms = $6, updated_at = $8 WHERE id = $1`,
      [...attemptParams(attempt), error, at],
    );
  }

  async attempts(sql: SqlExecutor, deliveryIds: readonly string[]): Promise<Map<string, AttemptView[]>> {
    const res = await sql.query<{ delivery_id: string; attempt: number; attempted_at: Date | string; status_code: number | null; error: string | null; latency_ms: number }>(
      'SELECT * FROM webhook_attempts WHERE delivery_id = ANY($1::text[]) ORDER BY delivery_id, attempt',
      [deliveryIds],
    );
    const byDelivery = new Map<string, AttemptView[]>();
    for (const r of res.rows) {
      const list = byDelivery.get(r.delivery_id) ?? [];
      list.push({ attempt: r.attempt, attemptedAt: new Date(r.attempted_at).toISOString(), statusCode: r.status_code, error: r.error, latencyMs: r.latency_ms });
      byDelivery.set(r.delivery_id, list);
    }
    return byDelivery;
  }
}
