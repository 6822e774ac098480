import { Migration } from './migrations';

/**
 * The event log. Concurrency rests on the unique (stream_id, version) constraint, which holds at
 * any isolation level; `transaction_id` lets readers follow commit order (see `readAll`).
 */
export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'event-store/001-events',
    sql: `
CREATE TABLE events (
  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id uuid NOT NULL,
  stream_id text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  type text NOT NULL,
  schema_version integer NOT NULL CHECK (schema_version > 0),
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  CONSTRAINT events_event_id_key UNIQUE (event_id),
  CONSTRAINT events_stream_version_key UNIQUE (stream_id, version)
);
CREATE INDEX events_log_order ON events (transaction_id, position);

-- Stored events are facts: the engine never changes or removes one. A role that owns the table
-- can still disable this trigger; docs/operations.md shows how to run the engine under a role
-- that has only INSERT and SELECT on it.
CREATE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER events_no_update_or_delete BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_are_immutable();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_are_immutable();

CREATE TABLE idempotency_keys (
  key text PRIMARY KEY,
  fingerprint text NOT NULL,
  status_code integer NOT NULL,
  body jsonb NOT NULL,
  position bigint,
  created_at timestamptz NOT NULL
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
`,
  },
  {
    // A stored answer says what the command did, not which HTTP status told it: the edge maps
    // `created` to 201 and `updated` to 200, exactly the statuses stored before. The engine
    // stored 201 for the commands that create what they answer for and 200 for all others.
    id: 'event-store/002-idempotency-result',
    sql: `
ALTER TABLE idempotency_keys ADD COLUMN result text;
UPDATE idempotency_keys SET result = CASE WHEN status_code = 201 THEN 'created' ELSE 'updated' END;
ALTER TABLE idempotency_keys
  ALTER COLUMN result SET NOT NULL,
  ADD CONSTRAINT idempotency_keys_result_check CHECK (result IN ('created', 'updated')),
  DROP COLUMN status_code;
`,
  },
];
