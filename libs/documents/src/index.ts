export * from './document-cipher';
export * from './document-content-store.factory';
export * from './document-content-store.port';
export * from './documents.migrations';
export * from './errors';
export * from './filesystem-content-store';
export * from './media-type';
export * from './sql-content-store';
