import { Migration } from '@app/event-store';

/** Tables of the finance integration. */
export const WEBHOOK_MIGRATIONS: readonly Migration[] = [
  {
    id: 'webhooks/001-inbound',
    sql: `
-- Inbound finance events already applied, by webhook-id (kept at least 4 days: senders retry for
-- up to 3 days with the same id). Inserted in the transaction of the append the event caused.
CREATE TABLE inbound_webhooks (
  webhook_id text PRIMARY KEY,
  source text NOT NULL,
  type text NOT NULL,
  received_at timestamptz NOT NULL,
  project_id text NOT NULL,
  position bigint
);
CREATE INDEX inbound_webhooks_received_at ON inbound_webhooks (received_at);

-- Inbound events that could not be applied yet (unknown payment order): answered 422, kept for
-- follow-up, and applied by the worker if the order appears later.
CREATE TABLE finance_followups (
  webhook_id text PRIMARY KEY,
  type text NOT NULL,
  payment_order_no text NOT NULL,
  body jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('parked', 'applied', 'rejected', 'expired')),
  attempts integer NOT NULL DEFAULT 1,
  last_error text,
  resolved_at timestamptz
);
CREATE INDEX finance_followups_parked ON finance_followups (received_at) WHERE status = 'parked';

-- Payment orders are found in the log itself, so a confirmation never waits for a read model.
CREATE INDEX events_payment_order_no ON events ((data->>'paymentOrderNo')) WHERE type = 'TrancheApproved';
`,
  },
];
