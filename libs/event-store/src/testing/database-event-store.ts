import { DatabaseEventStore } from '../database-event-store.port';
import { SqlEventStore, SqlEventStoreOptions } from '../sql-event-store';
import { SqlDatabase } from '../sql/sql-database';

/**
 * The event store on a test's database, as the port: integration tests of the store's readers
 * (projections, audit, erasure) build it here rather than naming the adapter, which only the
 * composition root may import.
 *
 * @example
 * const store = databaseEventStore(test.db);
 */
export function databaseEventStore(db: SqlDatabase, options: SqlEventStoreOptions = {}): DatabaseEventStore {
  return new SqlEventStore(db, options);
}
