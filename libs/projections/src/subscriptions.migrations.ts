import { Migration } from '@app/event-store';

/** Checkpoints of log subscriptions, and the generations of projected read models. */
export const SUBSCRIPTION_MIGRATIONS: readonly Migration[] = [
  {
    id: 'projections/001-checkpoints',
    sql: `
CREATE TABLE subscription_checkpoints (
  name text PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT '0',
  position bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  failed_at timestamptz
);

CREATE TABLE projection_generations (
  name text NOT NULL,
  generation integer NOT NULL,
  version integer NOT NULL,
  status text NOT NULL CHECK (status IN ('building', 'live', 'retired')),
  created_at timestamptz NOT NULL DEFAULT now(),
  switched_at timestamptz,
  PRIMARY KEY (name, generation)
);
CREATE UNIQUE INDEX projection_generations_one_live ON projection_generations (name) WHERE status = 'live';
CREATE UNIQUE INDEX projection_generations_one_building ON projection_generations (name) WHERE status = 'building';
`,
  },
];
