import { Clock, CommandContext, CommandOutcome, IdGenerator, ProjectCommandInput, ProjectCommands } from '@app/application';
import type { DatabaseEventStore, SqlDatabase, SqlExecutor } from '@app/event-store';
import type { EngineMetrics } from '@app/observability';
import { InvalidCursorError } from '@app/projections';
import { verifyWebhook } from '../signing/standard-webhooks';
import { FinanceEvent } from './finance-event';
import { classifyFinanceFailure, FinanceFailure, TRANSIENT_FAILURE, UNKNOWN_PAYMENT_ORDER } from './finance-failures';

/** How long inbound ids are remembered, and parked events retried: past every sender's retry horizon. */
export const INBOUND_RETENTION_MS = 4 * 24 * 3600 * 1000;
/** A parked event older than this makes the readiness check ask for attention. */
export const PARKED_ATTENTION_MS = 24 * 3600 * 1000;

export type InboundOutcome =
  | { readonly kind: 'applied'; readonly projectId: string; readonly outcome: CommandOutcome }
  | { readonly kind: 'duplicate'; readonly projectId: string }
  | { readonly kind: 'parked'; readonly paymentOrderNo: string }
  /** A transient failure: kept for the worker to apply, and the sender should try again later. */
  | { readonly kind: 'retry_later'; readonly detail: string };

/** Statuses of the finance inbox (`finance_followups`). */
export type FinanceInboxStatus = 'parked' | 'applied' | 'rejected' | 'expired';

/** An inbound event the engine parked or refused, as operators see it. */
export interface FinanceInboxItem {
  readonly webhookId: string;
  readonly type: string | null;
  readonly receivedAt: string;
  readonly status: FinanceInboxStatus;
  readonly reasonCode: string | null;
  readonly detail: string | null;
  readonly paymentOrderNo: string | null;
  readonly attempts: number;
  readonly resolvedAt: string | null;
}

/** What the readiness check shows of the finance inbox. */
export interface FinanceInboxHealth {
  /** `attention` when an event has been parked for more than a day. */
  readonly status: 'ok' | 'attention';
  readonly parked: number;
  readonly oldestParkedAt: string | null;
}

export interface FinanceInboundOptions {
  /** Where the counts of parked and refused events by reason are published. */
  readonly metrics?: EngineMetrics;
}

interface InboxRow {
  webhook_id: string;
  type: string | null;
  received_at: Date | string;
  status: FinanceInboxStatus;
  reason_code: string | null;
  last_error: string | null;
  payment_order_no: string | null;
  attempts: number;
  resolved_at: Date | string | null;
}

const isoOf = (v: Date | string): string => new Date(v).toISOString();

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function encodeInboxCursor(receivedAt: string, webhookId: string): string {
  return Buffer.from(JSON.stringify([receivedAt, webhookId])).toString('base64url');
}

function decodeInboxCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    // Exactly what `encodeInboxCursor` writes: an ISO instant and a webhook id of text the
    // database can compare (no control characters, no lone surrogates).
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      const [at, id] = value as [string, string];
      const wellFormed = Buffer.from(id, 'utf8').toString('utf8') === id;
      if (ISO_INSTANT.test(at) && !Number.isNaN(Date.parse(at)) && new Date(at).toISOString() === at && id.length > 0 && id.length <= 256 && wellFormed && ![...id].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f')) return [at, id];
    }
  } catch {
    // not a cursor of this list
  }
  throw new InvalidCursorError();
}

/** The finance system's identity in event metadata. */
export const FINANCE_ACTOR = { id: 'finance-system', roles: ['finance-system' as const] };

/**
 * Payment confirmations and failures from the finance system (Kho bạc), verified with Standard
 * Webhooks and applied at most once: the `webhook-id` is recorded in the same transaction as the
 * events it causes, so a repeated delivery finds it and changes nothing, and a failed append
 * leaves no record behind. An event for a payment order the log does not know is answered 422
 * and parked; the worker applies it if the order appears within the retention window.
 *
 * @example
 * const { id } = inbound.verify(req.headers, req.rawBody);
 * const result = await inbound.receive(id, event, correlationId);
 */
export class FinanceInbound {
  constructor(
    private readonly store: DatabaseEventStore,
    private readonly db: SqlDatabase,
    private readonly projects: ProjectCommands,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly secret: string,
    options: FinanceInboundOptions = {},
  ) {
    options.metrics?.countFinanceEventsWith(() => this.heldCounts());
  }

  /** Checks the Standard Webhooks signature on the raw body (±300 s); throws `WebhookVerificationError`. */
  verify(headers: Record<string, string | string[] | undefined>, rawBody: Buffer | string): { id: string; timestamp: number } {
    return verifyWebhook({ secrets: [this.secret], headers, rawBody, now: Math.floor(this.clock.now().getTime() / 1000) });
  }

  /**
   * Applies a verified event once. An unknown payment order parks it; a refusal of the event
   * (amount mismatch, a tranche not awaiting payment) is recorded as rejected and thrown as it
   * is; a transient failure (database error, timeout, conflicts that outlasted the retries)
   * parks it for the worker and answers `retry_later`, so the sender tries again too. `actor` is
   * who the log names for it: the finance system, or the person who asked for a simulated
   * payment (development features), acting in its role.
   */
  async receive(webhookId: string, event: FinanceEvent, correlationId: string, actor: CommandContext['actor'] = FINANCE_ACTOR): Promise<InboundOutcome> {
    try {
      const seen = await this.db.query<{ project_id: string }>('SELECT project_id FROM inbound_webhooks WHERE webhook_id = $1', [webhookId]);
      if (seen.rows[0]) return { kind: 'duplicate', projectId: seen.rows[0].project_id };
      const projectId = await paymentOrderOwner(this.db, event.data.paymentOrderNo);
      if (!projectId) {
        await this.park(webhookId, event, UNKNOWN_PAYMENT_ORDER, `No tranche approval issued payment order ${event.data.paymentOrderNo}`);
        return { kind: 'parked', paymentOrderNo: event.data.paymentOrderNo };
      }
      return await this.apply(webhookId, projectId, event, correlationId, actor);
    } catch (error) {
      const failure = classifyFinanceFailure(error);
      if (failure.kind === 'refused') {
        await this.reject(webhookId, { type: event.type, paymentOrderNo: event.data.paymentOrderNo, body: event }, failure);
        throw error;
      }
      // Kept for the worker when the database lets us; the sender retries either way.
      await this.park(webhookId, event, failure.code, failure.detail).catch(() => undefined);
      return { kind: 'retry_later', detail: failure.detail };
    }
  }

  /**
   * Records a verified event the engine refuses (invalid data, a business rule), so operators see
   * it; an event already applied stays applied.
   *
   * @example
   * await inbound.reject('msg_1', { type: 'payment.confirmed', paymentOrderNo: 'UNC-1', body }, { kind: 'refused', code: 'REQUEST.VALIDATION_FAILED', detail: 'data.amountVnd: …' });
   */
  async reject(webhookId: string, event: { readonly type: string | null; readonly paymentOrderNo: string | null; readonly body: unknown }, failure: FinanceFailure): Promise<void> {
    const body = event.body === undefined ? null : JSON.stringify(event.body);
    await this.followUp(webhookId, { type: event.type, paymentOrderNo: event.paymentOrderNo, body }, 'rejected', failure.code, failure.detail);
  }

  /** Keeps an event for the worker to apply (unknown order, or a transient failure). */
  private async park(webhookId: string, event: FinanceEvent, reasonCode: string, detail: string): Promise<void> {
    await this.followUp(webhookId, { type: event.type, paymentOrderNo: event.data.paymentOrderNo, body: JSON.stringify(event) }, 'parked', reasonCode, detail);
  }

  /**
   * Keeps an event in the finance inbox (a new row, or a new attempt on its row) as parked or
   * rejected; an event applied meanwhile stays applied. A rejection is resolved when it is received.
   */
  private async followUp(
    webhookId: string,
    event: { readonly type: string | null; readonly paymentOrderNo: string | null; readonly body: string | null },
    status: 'parked' | 'rejected',
    reasonCode: string,
    detail: string,
  ): Promise<void> {
    const now = this.clock.now().toISOString();
    await this.db.query(
      `INSERT INTO finance_followups (webhook_id, type, payment_order_no, body, received_at, status, reason_code, last_error, resolved_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9)
       ON CONFLICT (webhook_id) DO UPDATE SET status = EXCLUDED.status, reason_code = EXCLUDED.reason_code, last_error = EXCLUDED.last_error,
         attempts = finance_followups.attempts + 1, resolved_at = EXCLUDED.resolved_at
       WHERE finance_followups.status <> 'applied'`,
      [webhookId, event.type, event.paymentOrderNo, event.body, now, status, reasonCode, detail, status === 'rejected' ? now : null],
    );
  }

  private async apply(webhookId: string, projectId: string, event: FinanceEvent, correlationId: string, actor: CommandContext['actor'] = FINANCE_ACTOR): Promise<InboundOutcome> {
    const input: ProjectCommandInput =
      event.type === 'payment.confirmed'
        ? {
            type: 'ConfirmPayment',
            projectId,
            paymentOrderNo: event.data.paymentOrderNo,
            amountVnd: event.data.amountVnd,
            treasuryRef: event.data.treasuryRef,
            valueDate: event.data.valueDate,
          }
        : { type: 'FailPayment', projectId, paymentOrderNo: event.data.paymentOrderNo, reason: event.data.reason ?? 'payment failed' };
    const now = this.clock.now().toISOString();
    return this.store.transaction(async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO inbound_webhooks (webhook_id, source, type, received_at, project_id) VALUES ($1, 'finance', $2, $3, $4)
         ON CONFLICT (webhook_id) DO NOTHING RETURNING webhook_id`,
        [webhookId, event.type, now, projectId],
      );
      if (inserted.rowCount === 0) return { kind: 'duplicate', projectId };
      const outcome = await this.projects.execute(
        input,
        { actor, commandId: this.ids.next(), correlationId, occurredAt: now },
        tx,
      );
      await tx.query('UPDATE inbound_webhooks SET position = $2 WHERE webhook_id = $1', [webhookId, outcome.body.position]);
      await tx.query("UPDATE finance_followups SET status = 'applied', resolved_at = $2 WHERE webhook_id = $1", [webhookId, now]);
      return { kind: 'applied', projectId, outcome };
    });
  }

  /**
   * Applies parked events whose payment order has appeared (or whose last attempt failed for a
   * transient reason); gives up on those older than the retention window. A refusal rejects the
   * event; a transient failure leaves it parked for the next pass. Returns how many were applied.
   */
  async retryParked(): Promise<number> {
    const now = this.clock.now();
    const horizon = new Date(now.getTime() - INBOUND_RETENTION_MS).toISOString();
    await this.db.query("UPDATE finance_followups SET status = 'expired', resolved_at = $2 WHERE status = 'parked' AND received_at < $1", [horizon, now.toISOString()]);
    const parked = await this.db.query<{ webhook_id: string; body: FinanceEvent }>(
      "SELECT webhook_id, body FROM finance_followups WHERE status = 'parked' ORDER BY received_at LIMIT 500",
    );
    let applied = 0;
    for (const row of parked.rows) {
      const projectId = await paymentOrderOwner(this.db, row.body.data.paymentOrderNo);
      if (!projectId) continue;
      try {
        const result = await this.apply(row.webhook_id, projectId, row.body, `finance:${row.webhook_id}`);
        if (result.kind === 'applied') applied += 1;
      } catch (error) {
        const failure = classifyFinanceFailure(error);
        if (failure.kind === 'refused') {
          await this.reject(row.webhook_id, { type: row.body.type, paymentOrderNo: row.body.data.paymentOrderNo, body: row.body }, failure);
        } else {
          await this.db.query('UPDATE finance_followups SET attempts = attempts + 1, reason_code = $2, last_error = $3 WHERE webhook_id = $1 AND status = $4', [
            row.webhook_id,
            TRANSIENT_FAILURE,
            failure.detail,
            'parked',
          ]);
        }
      }
    }
    return applied;
  }

  /**
   * The finance inbox: events parked or refused (or given up on, or applied), newest first, a
   * page at a time (`nextCursor` continues after the last item).
   *
   * @example
   * const { items, nextCursor } = await inbound.inbox({ status: 'parked', limit: 50 });
   */
  async inbox(filter: { readonly status: FinanceInboxStatus; readonly limit: number; readonly cursor?: string }): Promise<{ items: FinanceInboxItem[]; nextCursor?: string }> {
    const after = filter.cursor === undefined ? null : decodeInboxCursor(filter.cursor);
    const res = await this.db.query<InboxRow>(
      `SELECT webhook_id, type, received_at, status, reason_code, last_error, payment_order_no, attempts, resolved_at FROM finance_followups
       WHERE status = $1 AND ($2::timestamptz IS NULL OR (received_at, webhook_id) < ($2::timestamptz, $3::text))
       ORDER BY received_at DESC, webhook_id DESC LIMIT $4`,
      [filter.status, after?.[0] ?? null, after?.[1] ?? null, filter.limit + 1],
    );
    const rows = res.rows.slice(0, filter.limit);
    const items = rows.map(
      (r): FinanceInboxItem => ({
        webhookId: r.webhook_id,
        type: r.type,
        receivedAt: isoOf(r.received_at),
        status: r.status,
        reasonCode: r.reason_code,
        detail: r.last_error,
        paymentOrderNo: r.payment_order_no,
        attempts: r.attempts,
        resolvedAt: r.resolved_at === null ? null : isoOf(r.resolved_at),
      }),
    );
    const last = items[items.length - 1];
    return { items, ...(res.rows.length > filter.limit && last ? { nextCursor: encodeInboxCursor(last.receivedAt, last.webhookId) } : {}) };
  }

  /**
   * Whether the inbox needs a person: `attention` when an event has waited parked for more than
   * a day (an order that never came, or a failure that keeps coming back).
   *
   * @example
   * (await inbound.inboxHealth()).status; // 'ok'
   */
  async inboxHealth(): Promise<FinanceInboxHealth> {
    const res = await this.db.query<{ parked: string | number; oldest: Date | string | null }>(
      "SELECT count(*) AS parked, min(received_at) AS oldest FROM finance_followups WHERE status = 'parked'",
    );
    const parked = Number(res.rows[0]?.parked ?? 0);
    const oldest = res.rows[0]?.oldest ?? null;
    const oldestParkedAt = oldest === null ? null : isoOf(oldest);
    const stale = oldestParkedAt !== null && this.clock.now().getTime() - Date.parse(oldestParkedAt) > PARKED_ATTENTION_MS;
    return { status: stale ? 'attention' : 'ok', parked, oldestParkedAt };
  }

  /** Parked, rejected and expired events by reason code (for the metric). */
  async heldCounts(): Promise<{ status: string; reason: string; count: number }[]> {
    const res = await this.db.query<{ status: string; reason: string | null; n: string | number }>(
      "SELECT status, reason_code AS reason, count(*) AS n FROM finance_followups WHERE status IN ('parked', 'rejected', 'expired') GROUP BY status, reason_code",
    );
    return res.rows.map((r) => ({ status: r.status, reason: r.reason ?? 'unknown', count: Number(r.n) }));
  }

  /** Forgets inbound ids past the retention window. */
  async purge(): Promise<number> {
    const horizon = new Date(this.clock.now().getTime() - INBOUND_RETENTION_MS).toISOString();
    return (await this.db.query('DELETE FROM inbound_webhooks WHERE received_at < $1', [horizon])).rowCount;
  }
}

/**
 * The project whose tranche approval issued a payment order, read from the log (unique index
 * `events_payment_order_no`), so it is as fresh as the log itself.
 *
 * @example
 * await paymentOrderOwner(db, 'UNC-2026-0001'); // '019a…' or undefined
 */
export async function paymentOrderOwner(sql: SqlExecutor, paymentOrderNo: string): Promise<string | undefined> {
  const res = await sql.query<{ stream_id: string }>(
    "SELECT stream_id FROM events WHERE type = 'TrancheApproved' AND data->>'paymentOrderNo' = $1 LIMIT 1",
    [paymentOrderNo],
  );
  const streamId = res.rows[0]?.stream_id;
  return streamId?.startsWith('project-') ? streamId.slice('project-'.length) : undefined;
}
