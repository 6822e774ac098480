import { Client, Pool, PoolClient, PoolConfig } from 'pg';
import { StoreUnavailableError } from '../errors';
import { quoteIdent, SqlDatabase, SqlExecutor, SqlResult } from './sql-database';

export interface PgDatabaseOptions {
  readonly connectionString: string;
  /** Schema for every table of the engine (default `public`); created on connect when missing. */
  readonly schema?: string;
  readonly maxConnections?: number;
  /** How long to wait for a connection before answering "unavailable" (ms). */
  readonly connectTimeoutMs?: number;
  /** Server-side statement timeout (ms), so a stuck query never hangs a request. */
  readonly statementTimeoutMs?: number;
  readonly applicationName?: string;
  /** Create `schema` when missing (default true; false on a read replica, which refuses writes). */
  readonly createSchema?: boolean;
  /** Called for errors of idle connections (the pool survives them). */
  readonly onIdleError?: (error: Error) => void;
}

/** Connection-level failures: the request may succeed later, so they map to 503. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

function toUnavailable(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (
    (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) ||
    /timeout exceeded when trying to connect|Connection terminated|connection timeout|Query read timeout|Client has encountered a connection error/i.test(message)
  ) {
    return new StoreUnavailableError(`PostgreSQL is unavailable: ${message}`, error);
  }
  return error;
}

/**
 * The PostgreSQL server adapter of {@link SqlDatabase}, on a `pg` pool. It never changes `pg`'s
 * global type parsers: callers convert `int8` strings where they read them.
 *
 * @example
 * const db = new PgDatabase({ connectionString: 'postgres://postgres@127.0.0.1:5432/grants' });
 */
export class PgDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  readonly pool: Pool;
  private readonly schemaReady: Promise<void> | undefined;

  constructor(private readonly options: PgDatabaseOptions) {
    const config: PoolConfig = {
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
      application_name: options.applicationName ?? 'grant-engine',
      // TCP keepalives find a connection to a server that vanished without closing it (a failover
      // behind a load balancer) instead of leaving it to the first query that hangs on it.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      // A little longer than the server-side timeout, so a dead socket cannot hang a request.
      query_timeout: (options.statementTimeoutMs ?? 15_000) + 2000,
      options: [
        `-c statement_timeout=${options.statementTimeoutMs ?? 15_000}`,
        options.schema ? `-c search_path=${options.schema}` : '',
      ]
        .filter(Boolean)
        .join(' '),
    };
    this.pool = new Pool(config);
    this.pool.on('error', (error) => options.onIdleError?.(error));
    this.schemaReady = options.schema && options.createSchema !== false ? this.createSchema(options.schema) : undefined;
    // An unreachable database at construction is reported by the first query, not here.
    this.schemaReady?.catch(() => undefined);
  }

  private async createSchema(schema: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    } finally {
      client.release();
    }
  }

  private async ready(): Promise<void> {
    if (this.schemaReady) {
      try {
        await this.schemaReady;
      } catch (error) {
        throw toUnavailable(error);
      }
    }
  }

  async query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[], name?: string): Promise<SqlResult<Row>> {
    await this.ready();
    try {
      const result = await this.pool.query({ text, values: params as unknown[] | undefined, name });
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    } catch (error) {
      throw toUnavailable(error);
    }
  }

  async exec(script: string): Promise<void> {
    await this.ready();
    try {
      await this.pool.query(script);
    } catch (error) {
      throw toUnavailable(error);
    }
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    await this.ready();
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toUnavailable(error);
    }
    const tx = clientExecutor(client);
    // A connection that drops between two statements emits 'error' on the checked-out client;
    // the next statement fails anyway, so the event only needs a listener to not crash the process.
    let dropped: Error | undefined;
    const onError = (error: Error) => {
      dropped = error;
      this.options.onIdleError?.(error);
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (!dropped) await client.query('ROLLBACK').catch(() => undefined);
      throw toUnavailable(error);
    } finally {
      client.off('error', onError);
      client.release(dropped);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function clientExecutor(client: PoolClient): SqlExecutor {
  return {
    async query<Row>(text: string, params?: readonly unknown[], name?: string): Promise<SqlResult<Row>> {
      const result = await client.query({ text, values: params as unknown[] | undefined, name });
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    },
    async exec(script: string): Promise<void> {
      await client.query(script);
    },
  };
}

/** The database of a setting cannot be reached within the start's window (an operator's fix: exit 78). */
export class DatabaseUnreachableError extends Error {
  constructor(
    readonly setting: string,
    url: string,
    cause: unknown,
    waitedMs: number,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${setting}: PostgreSQL at ${redactUrl(url)} cannot be reached (${reason}) after ${Math.round(waitedMs / 1000)} s; start it or correct ${setting}`);
    this.name = 'DatabaseUnreachableError';
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

/**
 * What no wait can fix: refused credentials (28P01, 28000), a database that does not exist
 * (3D000), a bad host name. Everything else (refused connections, a server starting up or shutting
 * down) may pass within the start's window.
 */
function isPermanent(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '28P01' || code === '28000' || code === '3D000' || code === 'ENOTFOUND';
}

export interface WaitForPostgresOptions {
  /** The environment variable the URL came from, named in the error. */
  readonly setting: string;
  /** How long to keep trying (ms); 0 tries once. */
  readonly timeoutMs: number;
  /** Pause between two attempts (ms, default 1000). */
  readonly retryEveryMs?: number;
  /** Told of each failed attempt that will be tried again. */
  readonly onRetry?: (error: Error, attempt: number) => void;
}

/**
 * Connects to `url` and runs `SELECT 1`, again and again until it answers or `timeoutMs` has
 * passed, so an engine started just before its database still comes up; throws
 * {@link DatabaseUnreachableError} naming the setting otherwise (at once for refused credentials
 * or a missing database).
 *
 * @example
 * await waitForPostgres(config.databaseUrl, { setting: 'DATABASE_URL', timeoutMs: 30_000 });
 */
export async function waitForPostgres(url: string, options: WaitForPostgresOptions): Promise<void> {
  const started = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    const left = options.timeoutMs - (Date.now() - started);
    const client = new Client({ connectionString: url, connectionTimeoutMillis: Math.max(1000, Math.min(5000, left)) });
    // An error after the connection (the server going away) must not crash the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      const waited = Date.now() - started;
      const pause = options.retryEveryMs ?? 1000;
      if (isPermanent(error) || waited + pause >= options.timeoutMs) throw new DatabaseUnreachableError(options.setting, url, error, waited);
      options.onRetry?.(error instanceof Error ? error : new Error(String(error)), attempt);
      await new Promise((resolve) => setTimeout(resolve, pause));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
