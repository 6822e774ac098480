import { Migration } from '@app/event-store';

/** Tables of the deadline workflow and the reminder channels. */
export const REMINDER_MIGRATIONS: readonly Migration[] = [
  {
    id: 'reminders/001-workflow',
    sql: `
-- The deadline workflow's state per project, folded from project and reminder events and written
-- in the transaction of the workflow's checkpoint.
CREATE TABLE deadline_states (
  project_id text PRIMARY KEY,
  state jsonb NOT NULL,
  position bigint NOT NULL,
  updated_at timestamptz NOT NULL
);

-- One row per reminder and channel once a send was claimed: a job that runs twice, or two
-- workers, send once.
CREATE TABLE reminder_sends (
  reminder_id text NOT NULL,
  channel text NOT NULL,
  fire_at timestamptz NOT NULL,
  claimed_at timestamptz NOT NULL,
  sent_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  PRIMARY KEY (reminder_id, channel, fire_at)
);

-- Where reminders go by e-mail: a user id or a role mailbox ('role:accountant').
CREATE TABLE contacts (
  id text PRIMARY KEY,
  email text NOT NULL,
  name text,
  language text NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en')),
  updated_at timestamptz NOT NULL
);
`,
  },
];
