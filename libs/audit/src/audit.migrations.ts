import { Migration } from '@app/event-store';

/**
 * The global chain over the log and its signed checkpoints. Both tables are append-only like
 * `events`: the engine only inserts, and a trigger refuses the rest (see docs/audit.md for the
 * grants that keep the engine's own role from disabling it).
 *
 * @example
 * await migrate(db, [...EVENT_STORE_MIGRATIONS, ...SUBSCRIPTION_MIGRATIONS, ...AUDIT_MIGRATIONS]);
 */
export const AUDIT_MIGRATIONS: readonly Migration[] = [
  {
    id: 'audit/001-chain-and-checkpoints',
    sql: `
CREATE TABLE audit_chain (
  ordinal bigint PRIMARY KEY,
  position bigint NOT NULL,
  transaction_id xid8 NOT NULL,
  chain_hash text NOT NULL,
  CONSTRAINT audit_chain_position_key UNIQUE (position)
);

CREATE TABLE audit_checkpoints (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_count bigint NOT NULL,
  position bigint NOT NULL,
  transaction_id xid8 NOT NULL,
  chain_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  key_id text NOT NULL,
  signature text NOT NULL
);
CREATE INDEX audit_checkpoints_event_count ON audit_checkpoints (event_count);

CREATE FUNCTION audit_rows_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER audit_chain_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION audit_rows_are_immutable();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION audit_rows_are_immutable();
CREATE TRIGGER audit_checkpoints_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_rows_are_immutable();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_rows_are_immutable();
`,
  },
  {
    id: 'audit/002-document-events',
    sql: `
-- The document verifier walks every DocumentAttached event; a partial index keeps that walk off
-- the rest of the log (and costs nothing on other appends).
CREATE INDEX events_document_attached ON events (position) WHERE type = 'DocumentAttached';
`,
  },
];
