import { Clock, CommandContext, CommandOutcome, IdGenerator, ProjectCommandInput, ProjectCommands } from '@app/application';
import type { SqlDatabase, SqlEventStore, SqlExecutor } from '@app/event-store';
import { verifyWebhook } from '../signing/standard-webhooks';
import { FinanceEvent } from './finance-event';

/** How long inbound ids are remembered, and parked events retried: past every sender's retry horizon. */
export const INBOUND_RETENTION_MS = 4 * 24 * 3600 * 1000;

export type InboundOutcome =
  | { readonly kind: 'applied'; readonly projectId: string; readonly outcome: CommandOutcome }
  | { readonly kind: 'duplicate'; readonly projectId: string }
  | { readonly kind: 'parked'; readonly paymentOrderNo: string };

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
    private readonly store: SqlEventStore,
    private readonly db: SqlDatabase,
    private readonly projects: ProjectCommands,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly secret: string,
  ) {}

  /** Checks the Standard Webhooks signature on the raw body (±300 s); throws `WebhookVerificationError`. */
  verify(headers: Record<string, string | string[] | undefined>, rawBody: Buffer | string): { id: string; timestamp: number } {
    return verifyWebhook({ secrets: [this.secret], headers, rawBody, now: Math.floor(this.clock.now().getTime() / 1000) });
  }

  /**
   * Applies a verified event once. `actor` is who the log names for it: the finance system, or
   * the person who asked for a simulated payment (development features), acting in its role.
   */
  async receive(webhookId: string, event: FinanceEvent, correlationId: string, actor: CommandContext['actor'] = FINANCE_ACTOR): Promise<InboundOutcome> {
    const seen = await this.db.query<{ project_id: string }>('SELECT project_id FROM inbound_webhooks WHERE webhook_id = $1', [webhookId]);
    if (seen.rows[0]) return { kind: 'duplicate', projectId: seen.rows[0].project_id };
    const projectId = await paymentOrderOwner(this.db, event.data.paymentOrderNo);
    if (!projectId) {
      await this.db.query(
        `INSERT INTO finance_followups (webhook_id, type, payment_order_no, body, received_at, status)
         VALUES ($1, $2, $3, $4::jsonb, $5, 'parked')
         ON CONFLICT (webhook_id) DO UPDATE SET attempts = finance_followups.attempts + 1`,
        [webhookId, event.type, event.data.paymentOrderNo, JSON.stringify(event), this.clock.now().toISOString()],
      );
      return { kind: 'parked', paymentOrderNo: event.data.paymentOrderNo };
    }
    return this.apply(webhookId, projectId, event, correlationId, actor);
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
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO inbound_webhooks (webhook_id, source, type, received_at, project_id) VALUES ($1, 'finance', $2, $3, $4)
         ON CONFLICT (webhook_id) DO NOTHING RETURNING webhook_id`,
        [webhookId, event.type, now, projectId],
      );
      if (inserted.rowCount === 0) return { kind: 'duplicate', projectId };
      const outcome = await this.projects.execute(
        input,
        { actor, commandId: this.ids.next(), correlationId, occurredAt: now },
        this.store.bound(tx),
      );
      await tx.query('UPDATE inbound_webhooks SET position = $2 WHERE webhook_id = $1', [webhookId, outcome.body.position]);
      await tx.query("UPDATE finance_followups SET status = 'applied', resolved_at = $2 WHERE webhook_id = $1", [webhookId, now]);
      return { kind: 'applied', projectId, outcome };
    });
  }

  /**
   * Applies parked events whose payment order has appeared; gives up on those older than the
   * retention window. Returns how many were applied.
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
        await this.db.query("UPDATE finance_followups SET status = 'rejected', last_error = $2, resolved_at = $3 WHERE webhook_id = $1", [
          row.webhook_id,
          error instanceof Error ? error.message : String(error),
          now.toISOString(),
        ]);
      }
    }
    return applied;
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
