import { join } from 'node:path';
import type { SqlDatabase } from '@app/event-store';
import { createDocumentContentStore } from './document-content-store.factory';
import { FileSystemContentStore } from './filesystem-content-store';
import { SqlContentStore } from './sql-content-store';

describe('createDocumentContentStore', () => {
  const db = {} as SqlDatabase;

  it('keeps files under DATA_DIR/documents with DOCUMENT_STORAGE=filesystem', () => {
    const store = createDocumentContentStore({ dataDir: 'data', documents: { maxBytes: 1024, storage: 'filesystem' } }, db);
    expect(store).toBeInstanceOf(FileSystemContentStore);
    expect((store as FileSystemContentStore).root).toBe(join('data', 'documents'));
  });

  it('uses the database with DOCUMENT_STORAGE=postgres', () => {
    expect(createDocumentContentStore({ dataDir: 'data', documents: { maxBytes: 1024, storage: 'postgres' } }, db)).toBeInstanceOf(SqlContentStore);
  });
});
