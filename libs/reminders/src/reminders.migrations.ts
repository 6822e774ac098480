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
  {
    id: 'reminders/002-pending-emails',
    sql: `
-- An e-mail is recorded as pending in the transaction that decides it goes (with the reminder's
-- ReminderSent or ReminderEscalated facts), before its job exists: BullMQ only pulls the
-- trigger, and the reconciler turns pending rows whose job Redis lost back into jobs. claimed_at
-- is when the send was decided. 'skipped': the reminder closed, or nobody has an address;
-- 'failed': every attempt of the job failed.
ALTER TABLE reminder_sends ADD COLUMN status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped'));
UPDATE reminder_sends SET status = 'sent' WHERE sent_at IS NOT NULL;
UPDATE reminder_sends SET status = 'failed' WHERE sent_at IS NULL AND attempts >= 8;
CREATE INDEX reminder_sends_pending ON reminder_sends (claimed_at) WHERE status = 'pending';
`,
  },
];
