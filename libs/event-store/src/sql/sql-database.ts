/**
 * A small SQL port shared by the PostgreSQL server adapter (`pg` pool) and the embedded PGlite
 * adapter, so the event store, the read models and the migrations run the same SQL on both.
 */
export interface SqlResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

export interface SqlExecutor {
  /**
   * Runs one parameterised statement. `name` lets the PostgreSQL adapter keep a prepared
   * statement per connection for hot queries; other adapters ignore it.
   */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[], name?: string): Promise<SqlResult<Row>>;
  /** Runs a script of several statements without parameters (migrations, DDL). */
  exec(script: string): Promise<void>;
}

export interface SqlDatabase extends SqlExecutor {
  readonly dialect: 'postgres' | 'pglite';
  /** Runs `work` in one transaction on one connection; commits when it resolves. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL SQLSTATE of a unique violation. */
export const UNIQUE_VIOLATION = '23505';

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function constraintOf(error: unknown): string | undefined {
  const constraint = (error as { constraint?: unknown } | null)?.constraint;
  if (typeof constraint === 'string') return constraint;
  // PGlite reports the constraint only in the message.
  const message = (error as { message?: unknown } | null)?.message;
  const match = typeof message === 'string' ? /constraint "([^"]+)"/.exec(message) : null;
  return match?.[1];
}

/** Quotes an SQL identifier (schema or table name) for interpolation into DDL. */
export function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new Error(`Invalid SQL identifier: ${name}`);
  return `"${name}"`;
}
