import { Migration } from '@app/event-store';

export const PRIVACY_MIGRATIONS: readonly Migration[] = [
  {
    id: 'privacy/001-subject-keys',
    sql: `
-- One AES-256-GCM key per data subject; erasure sets it to NULL (crypto-shredding).
CREATE TABLE data_subject_keys (
  subject_id text PRIMARY KEY,
  key bytea,
  created_at timestamptz NOT NULL,
  erased_at timestamptz,
  CHECK ((key IS NULL) = (erased_at IS NOT NULL))
);
`,
  },
];
