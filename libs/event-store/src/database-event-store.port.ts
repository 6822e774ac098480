import { EventStore, EventStoreTransaction } from './event-store.port';
import { SqlExecutor } from './sql/sql-database';

/**
 * A transaction of the store that is also a transaction of the SQL database the caller's tables
 * live in: `query` runs the caller's own statements (an inbound webhook's dedupe row, read-model
 * rows, a checkpoint) and they commit or roll back with the appends.
 */
export interface SqlStoreTransaction extends EventStoreTransaction, SqlExecutor {}

/**
 * An event store kept in the caller's SQL database (PostgreSQL, PGlite): its transactions carry
 * the caller's writes too. The in-memory store has no database to share, so it is an
 * {@link EventStore} only; what needs other writes in the append's transaction depends on this
 * port. The composition root binds it to the SQL adapter.
 *
 * @example
 * await store.transaction(async (tx) => {
 *   await tx.query('INSERT INTO inbound_webhooks (webhook_id) VALUES ($1)', [id]);
 *   await tx.appendToStreams([{ streamId, expectedVersion: 3, events }]);
 * });
 */
export interface DatabaseEventStore extends EventStore {
  transaction<T>(work: (tx: SqlStoreTransaction) => Promise<T>): Promise<T>;
}
