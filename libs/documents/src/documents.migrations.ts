import { Migration } from '@app/event-store';

export const DOCUMENT_MIGRATIONS: readonly Migration[] = [
  {
    id: 'documents/001-contents',
    sql: `
-- Document contents stored in the database (DOCUMENT_STORAGE=postgres), addressed by the SHA-256
-- of their stored bytes; the bytes are chunks of 256 KiB keyed by that address, or by
-- 'staging:<id>' while an upload is being written.
CREATE TABLE document_contents (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint NOT NULL CHECK (size >= 0),
  stored_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE document_stagings (
  staging_id text PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE document_chunks (
  content_key text NOT NULL,
  seq integer NOT NULL CHECK (seq >= 0),
  bytes bytea NOT NULL,
  PRIMARY KEY (content_key, seq)
);
-- Documents are compressed formats already (or encrypted): storing skips compression.
ALTER TABLE document_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;
`,
  },
];
