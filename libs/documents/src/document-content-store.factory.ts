import { join } from 'node:path';
import type { EngineConfig } from '@app/config';
import type { SqlDatabase } from '@app/event-store';
import { DocumentContentStore } from './document-content-store.port';
import { FileSystemContentStore } from './filesystem-content-store';
import { SqlContentStore } from './sql-content-store';

/**
 * The content store `DOCUMENT_STORAGE` names: files under `DATA_DIR/documents`, or the tables of
 * `db` (whose migrations, `DOCUMENT_MIGRATIONS`, are part of the engine's either way).
 *
 * @example
 * const store = createDocumentContentStore(config, db);
 */
export function createDocumentContentStore(config: Pick<EngineConfig, 'documents' | 'dataDir'>, db: SqlDatabase): DocumentContentStore {
  return config.documents.storage === 'postgres' ? new SqlContentStore(db) : new FileSystemContentStore(join(config.dataDir, 'documents'));
}
