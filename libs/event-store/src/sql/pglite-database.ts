import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SqlDatabase, SqlExecutor, SqlResult } from './sql-database';

export interface PgliteDatabaseOptions {
  /** Folder of the database files; in memory when omitted. */
  readonly dataDir?: string;
}

interface Reply {
  readonly id: number;
  readonly rows?: unknown[];
  readonly rowCount?: number;
  readonly error?: { message: string; code?: string; constraint?: string; detail?: string };
}

/*
 * PGlite runs in a worker thread: its WebAssembly engine blocks whatever thread it runs on, so
 * it stays off the thread that serves HTTP. The worker is plain CommonJS evaluated from this
 * string, so it needs no build step of its own.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pgliteEntry);
const db = new PGlite(workerData.dataDir);
function fail(id, error) {
  const message = error && error.message ? error.message : String(error);
  const match = /constraint "([^"]+)"/.exec(message);
  parentPort.postMessage({ id, error: { message, code: error && error.code, constraint: (error && error.constraint) || (match && match[1]) || undefined, detail: error && error.detail } });
}
parentPort.on('message', async (msg) => {
  try {
    await db.waitReady;
    if (msg.op === 'query') {
      const result = await db.query(msg.text, msg.params);
      parentPort.postMessage({ id: msg.id, rows: result.rows, rowCount: result.affectedRows ?? result.rows.length });
    } else if (msg.op === 'exec') {
      await db.exec(msg.text);
      parentPort.postMessage({ id: msg.id, rows: [], rowCount: 0 });
    } else if (msg.op === 'close') {
      await db.close();
      parentPort.postMessage({ id: msg.id, rows: [], rowCount: 0 });
    }
  } catch (error) {
    fail(msg.id, error);
  }
});
`;

/** An error raised by PGlite, with its SQLSTATE `code` and `constraint` like `pg` gives them. */
class PgliteError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly constraint?: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'PgliteError';
  }
}

/**
 * The embedded adapter of {@link SqlDatabase}: PostgreSQL compiled to WebAssembly, running in a
 * worker thread of this process. PGlite has a single connection, so statements and transactions
 * are serialised here: a transaction holds the connection until it ends and everything else
 * waits its turn.
 *
 * @example
 * const db = await PgliteDatabase.open({ dataDir: './data/pglite' });
 */
export class PgliteDatabase implements SqlDatabase {
  readonly dialect = 'pglite' as const;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private closed = false;

  private constructor(
    private readonly worker: Worker,
    private readonly lockFile?: string,
  ) {
    worker.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      waiter.resolve(reply);
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => this.failAll(new Error(`The embedded database stopped (exit code ${code})`)));
  }

  /** Opens (or creates) the database and waits until it answers. */
  static async open(options: PgliteDatabaseOptions = {}): Promise<PgliteDatabase> {
    const lockFile = options.dataDir ? lockDataDir(options.dataDir) : undefined;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { pgliteEntry: require.resolve('@electric-sql/pglite'), dataDir: options.dataDir },
    });
    const db = new PgliteDatabase(worker, lockFile);
    try {
      await db.query('SELECT 1');
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
    return db;
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }

  private async send<Row>(op: 'query' | 'exec' | 'close', text?: string, params?: readonly unknown[]): Promise<SqlResult<Row>> {
    if (this.closed && op !== 'close') throw new Error('The embedded database is closed');
    const id = this.nextId++;
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, text, params });
    });
    if (reply.error) throw new PgliteError(reply.error.message, reply.error.code, reply.error.constraint, reply.error.detail);
    return { rows: (reply.rows ?? []) as Row[], rowCount: reply.rowCount ?? 0 };
  }

  /** Runs `task` when every earlier task has finished. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>> {
    return this.exclusive(() => this.send<Row>('query', text, params));
  }

  exec(script: string): Promise<void> {
    return this.exclusive(async () => {
      await this.send('exec', script);
    });
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const tx: SqlExecutor = {
        query: <Row>(text: string, params?: readonly unknown[]) => this.send<Row>('query', text, params),
        exec: async (script: string) => {
          await this.send('exec', script);
        },
      };
      await this.send('exec', 'BEGIN');
      try {
        const result = await work(tx);
        await this.send('exec', 'COMMIT');
        return result;
      } catch (error) {
        await this.send('exec', 'ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  close(): Promise<void> {
    return this.exclusive(async () => {
      if (this.closed) return;
      this.closed = true;
      await this.send('close').catch(() => undefined);
      await this.worker.terminate();
      if (this.lockFile) rmSync(this.lockFile, { force: true });
    });
  }
}

/** The embedded database is already open in another process. */
export class EmbeddedDatabaseInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(`The embedded database in ${dataDir} is in use by process ${pid} (a running engine?); stop it, or use the engine's HTTP API`);
    this.name = 'EmbeddedDatabaseInUseError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * Takes the data folder for this process: two PGlite instances on one folder would corrupt it.
 * A lock left by a process that died is taken over.
 */
function lockDataDir(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'engine.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return file;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) throw new EmbeddedDatabaseInUseError(dataDir, pid);
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}
