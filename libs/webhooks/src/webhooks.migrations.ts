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
  {
    id: 'webhooks/002-outbound',
    sql: `
-- Endpoints of finance systems. The secret signs deliveries; during a rotation the previous one
-- also signs until it expires. Secrets are never logged nor returned after creation/rotation.
CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  url text NOT NULL,
  event_types text[] NOT NULL,
  description text,
  secret text NOT NULL,
  previous_secret text,
  previous_secret_expires_at timestamptz,
  status text NOT NULL CHECK (status IN ('active', 'disabled', 'deleted')),
  disabled_reason text,
  failing_since timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- One row per message per endpoint (per replay): the truth about a delivery. BullMQ jobs only
-- trigger attempts and are re-created from this table when Redis lost them.
CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  endpoint_id text NOT NULL REFERENCES webhook_endpoints (id),
  message_id text NOT NULL,
  event_type text NOT NULL,
  body text NOT NULL,
  position bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'exhausted', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_status_code integer,
  last_error text,
  last_latency_ms integer,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

CREATE TABLE webhook_attempts (
  delivery_id text NOT NULL REFERENCES webhook_deliveries (id),
  attempt integer NOT NULL,
  attempted_at timestamptz NOT NULL,
  status_code integer,
  error text,
  latency_ms integer NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);
`,
  },
  {
    // Applied migrations never change (their checksum is checked); this one tightens 001's index.
    id: 'webhooks/003-unique-payment-order',
    sql: `
-- An order number identifies one tranche approval in the whole engine: finance pays by it.
DROP INDEX events_payment_order_no;
CREATE UNIQUE INDEX events_payment_order_no ON events ((data->>'paymentOrderNo')) WHERE type = 'TrancheApproved';
`,
  },
  {
    id: 'webhooks/004-finance-inbox',
    sql: `
-- The finance inbox shows why an event is parked or was refused: a stable reason code (the
-- refusal's own, FINANCE.UNKNOWN_PAYMENT_ORDER or FINANCE.TRANSIENT_FAILURE) beside last_error.
-- A verified event refused for its shape has no type or order to show, and no body worth keeping.
ALTER TABLE finance_followups ADD COLUMN reason_code text;
ALTER TABLE finance_followups ALTER COLUMN type DROP NOT NULL;
ALTER TABLE finance_followups ALTER COLUMN payment_order_no DROP NOT NULL;
ALTER TABLE finance_followups ALTER COLUMN body DROP NOT NULL;
UPDATE finance_followups SET reason_code = 'FINANCE.UNKNOWN_PAYMENT_ORDER' WHERE status IN ('parked', 'expired');
UPDATE finance_followups SET reason_code = 'FINANCE.REFUSED' WHERE status = 'rejected';
CREATE INDEX finance_followups_inbox ON finance_followups (status, received_at DESC, webhook_id DESC);
`,
  },
];

