import type { Provider } from '@nestjs/common';
import { createDocumentContentStore, DocumentContentStore, GarbageReport } from '@app/documents';
import type { Migration, SqlDatabase, SqlExecutor } from '@app/event-store';
import type { RuntimeOptions } from './runtime-options';
import { SQL_DATABASE } from './tokens';

/** The document content store port (`DocumentContentStore`), bound to the adapter `DOCUMENT_STORAGE` names. */
export const DOCUMENT_STORE = Symbol('DocumentContentStore');

/**
 * Lookups of the dossier's facts in the log itself, kept fast by partial expression indexes on
 * the events that carry them (a few rows per project): which stream a document id belongs to,
 * and whether any event pins a content address.
 */
export const DOCUMENT_LOOKUP_MIGRATIONS: readonly Migration[] = [
  {
    id: 'documents/002-event-lookups',
    sql: `
CREATE INDEX events_document_id ON events ((data->>'documentId'))
  WHERE type IN ('DocumentAttached', 'PaperDocumentReceived');
CREATE INDEX events_document_content ON events ((coalesce(data->>'storedSha256', data->>'sha256')))
  WHERE type = 'DocumentAttached';
`,
  },
];

/** A content removed by garbage collection unless an event pins it, once it is this old. */
export const DOCUMENT_GARBAGE_AGE_MS = 3600 * 1000;

/**
 * What the log says about documents, for the edge and for garbage collection.
 *
 * @example
 * const projectId = await references.projectOf(documentId);
 */
export class DocumentReferences {
  constructor(private readonly db: SqlExecutor) {}

  /** The project whose dossier holds the document (a file or a paper item), or undefined. */
  async projectOf(documentId: string): Promise<string | undefined> {
    const res = await this.db.query<{ stream_id: string }>(
      "SELECT stream_id FROM events WHERE type IN ('DocumentAttached', 'PaperDocumentReceived') AND data->>'documentId' = $1 LIMIT 1",
      [documentId],
      'document-project',
    );
    const streamId = res.rows[0]?.stream_id;
    return streamId?.startsWith('project-') ? streamId.slice('project-'.length) : undefined;
  }

  /** Whether an event pins the stored content at `sha256` (its `storedSha256`, else its `sha256`). */
  async isReferenced(sha256: string): Promise<boolean> {
    const res = await this.db.query<{ found: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM events WHERE type = 'DocumentAttached' AND coalesce(data->>'storedSha256', data->>'sha256') = $1) AS found",
      [sha256],
      'document-referenced',
    );
    return res.rows[0]?.found === true;
  }
}

/**
 * Removes stored contents no event pins, and abandoned stagings, once older than
 * `DOCUMENT_GARBAGE_AGE_MS`: bytes committed for an upload whose command was then refused, or
 * left by a process that stopped mid-upload. The age is of the storage's own clock (the database's
 * or the file system's), so it is measured against the wall clock, not the engine's. A content
 * stored again while this runs is kept (the store refreshes its time when the same bytes come).
 *
 * @example
 * const report = await collectDocumentGarbage(store, references);
 */
export function collectDocumentGarbage(store: DocumentContentStore, references: DocumentReferences, now: Date = new Date()): Promise<GarbageReport> {
  return store.collectGarbage((sha256) => references.isReferenced(sha256), new Date(now.getTime() - DOCUMENT_GARBAGE_AGE_MS));
}

/**
 * The content store and the log lookups of documents.
 *
 * @example
 * const providers = [...documentProviders(options)];
 */
export function documentProviders(options: RuntimeOptions): Provider[] {
  return [
    { provide: DOCUMENT_STORE, inject: [SQL_DATABASE], useFactory: (db: SqlDatabase) => createDocumentContentStore(options.config, db) },
    { provide: DocumentReferences, inject: [SQL_DATABASE], useFactory: (db: SqlDatabase) => new DocumentReferences(db) },
  ];
}
