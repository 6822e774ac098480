import { AsyncLocalStorage } from 'node:async_hooks';
import { SqlDatabase, SqlExecutor, SqlResult, StoreUnavailableError } from '@app/event-store';
import { Logger, silentLogger } from '@app/observability';

/** Where the queries of one read go. */
interface ReadScope {
  primary: boolean;
}

/**
 * Sends the read-model queries of a read to a replica (`DATABASE_READ_URL`) when there is one,
 * and to the primary otherwise: outside a read (`runRead`, as the HTTP edge opens one per GET),
 * after `usePrimary()` (the replica has not replayed a position the read asks for), and when the
 * replica cannot be reached. Without a replica every query goes to the primary.
 *
 * @example
 * const routing = new ReadRouting(primary, replica);
 * await routing.runRead(async () => { if (behind) routing.usePrimary(); return queries.list(routing.database); });
 */
export class ReadRouting {
  private readonly scope = new AsyncLocalStorage<ReadScope>();
  private readonly log: Logger;
  /** The database that routes each query (give it to the read models' queries). */
  readonly database: SqlDatabase;

  constructor(
    readonly primary: SqlDatabase,
    readonly replica?: SqlDatabase,
    logger: Logger = silentLogger,
  ) {
    this.log = logger.child('read-routing');
    this.database = replica ? new RoutedDatabase(this) : primary;
  }

  /** Runs `work` as one read: its queries go to the replica until `usePrimary` is called in it. */
  runRead<T>(work: () => T): T {
    return this.replica ? this.scope.run({ primary: false }, work) : work();
  }

  /** The rest of the current read goes to the primary (the replica is behind what it asks for). */
  usePrimary(): void {
    const scope = this.scope.getStore();
    if (scope) scope.primary = true;
  }

  /** The database the next query of the current context goes to. */
  current(): SqlDatabase {
    const scope = this.scope.getStore();
    return this.replica && scope && !scope.primary ? this.replica : this.primary;
  }

  /** A query on the replica that cannot reach it is run on the primary instead. */
  async fallBack<T>(run: (db: SqlDatabase) => Promise<T>): Promise<T> {
    const db = this.current();
    if (db === this.primary) return run(db);
    try {
      return await run(db);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.log.warn('read replica unavailable; reading from the primary', { error: error.message });
      this.usePrimary();
      return run(this.primary);
    }
  }
}

/** A {@link SqlDatabase} whose every call goes where {@link ReadRouting} says. */
class RoutedDatabase implements SqlDatabase {
  constructor(private readonly routing: ReadRouting) {}

  get dialect(): SqlDatabase['dialect'] {
    return this.routing.primary.dialect;
  }

  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[], name?: string): Promise<SqlResult<Row>> {
    return this.routing.fallBack((db) => db.query<Row>(text, params, name));
  }

  exec(script: string): Promise<void> {
    return this.routing.fallBack((db) => db.exec(script));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.routing.fallBack((db) => db.transaction(work));
  }

  /** The pools are closed by their owner, not through the routing. */
  async close(): Promise<void> {}
}
