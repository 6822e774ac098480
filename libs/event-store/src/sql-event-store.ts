import type { AppendOptions, AppendRequest, AppendResult, FoldableEvent, IdempotencyRecord, LogCursor, ReadAllOptions, ReadAllResult, ReadStreamOptions, RecordedEvent, StoredIdempotencyRecord } from './event-store.port';
import { DatabaseEventStore, SqlStoreTransaction } from './database-event-store.port';
import { HeadCache, KnownHead } from './head-cache';
import type { SqlDatabase } from './sql/sql-database';
import { SqlAppends } from './sql-event-store.appends';
import { deleteIdempotencyRecords, insertIdempotencyRecord, selectIdempotencyRecord } from './sql-event-store.idempotency';
import { selectCursorOfPosition, selectHeadCursor, selectLog, selectStream, selectStreamToFold } from './sql-event-store.reads';

export interface SqlEventStoreOptions {
  /** The store's clock for `recordedAt`. */
  readonly now?: () => Date;
  /** Called after every committed append (the worker uses it to wake its subscriptions). */
  readonly onAppended?: (result: AppendResult) => void;
}

/**
 * The event store on PostgreSQL: the production adapter on a `pg` pool and the embedded default
 * on PGlite, with the same SQL. An append is a single statement (one round trip) when the hash
 * it chains to is known from an earlier read or append of the stream. Its parts: the appends
 * (`sql-event-store.appends.ts`), the reads (`.reads.ts`), the idempotency records
 * (`.idempotency.ts`); here the transactions and the head cache they share.
 *
 * @example
 * const store = new SqlEventStore(await PgliteDatabase.open());
 * await migrate(db, EVENT_STORE_MIGRATIONS);
 */
export class SqlEventStore implements DatabaseEventStore {
  private readonly heads = new HeadCache();
  private readonly now: () => Date;
  private readonly appends: SqlAppends;

  constructor(
    readonly db: SqlDatabase,
    private readonly options: SqlEventStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.appends = new SqlAppends(this.heads, this.now);
  }

  async appendToStreams(requests: readonly AppendRequest[], options: AppendOptions = {}): Promise<AppendResult> {
    const result = await this.appends.append({ sql: this.db, inTransaction: false, requests, options, learn: (heads) => this.rememberAll(heads) });
    this.options.onAppended?.(result);
    return result;
  }

  /**
   * Runs `work` in one transaction of the database: the appends and the caller's own statements
   * (`tx.query`) commit or roll back together. Heads learned inside become known, and the
   * appends are announced, only once it committed.
   */
  async transaction<T>(work: (tx: SqlStoreTransaction) => Promise<T>): Promise<T> {
    const learned: Array<[string, KnownHead]> = [];
    const results: AppendResult[] = [];
    const value = await this.db.transaction((sql) =>
      work({
        query: (text, params, name) => sql.query(text, params, name),
        exec: (script) => sql.exec(script),
        appendToStreams: async (requests, options = {}) => {
          const result = await this.appends.append({ sql, inTransaction: true, requests, options, learn: (heads) => learned.push(...heads) });
          results.push(result);
          return result;
        },
        readStream: (streamId, options) => selectStream(sql, streamId, options),
        readStreamToFold: async (streamId) => (await selectStreamToFold(sql, streamId)).events,
        readAll: (options) => selectLog(sql, options),
        findIdempotencyRecord: (key) => selectIdempotencyRecord(sql, key),
        saveIdempotencyRecord: (record) => insertIdempotencyRecord(sql, record, this.now().toISOString()),
      }),
    );
    this.rememberAll(learned);
    for (const result of results) this.options.onAppended?.(result);
    return value;
  }

  private rememberAll(heads: Array<[string, KnownHead]>): void {
    for (const [streamId, head] of heads) this.heads.remember(streamId, head);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events = await selectStream(this.db, streamId, options);
    const last = events[events.length - 1];
    if (last) this.heads.remember(streamId, { version: last.version, hash: last.hash });
    return events;
  }

  async readStreamToFold(streamId: string): Promise<FoldableEvent[]> {
    const { events, head } = await selectStreamToFold(this.db, streamId);
    if (head) this.heads.remember(streamId, head);
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    return selectLog(this.db, options);
  }

  async headCursor(): Promise<LogCursor> {
    return selectHeadCursor(this.db);
  }

  async cursorOfPosition(position: number): Promise<LogCursor | undefined> {
    return selectCursorOfPosition(this.db, position);
  }

  async findIdempotencyRecord(key: string): Promise<StoredIdempotencyRecord | undefined> {
    return selectIdempotencyRecord(this.db, key);
  }

  async saveIdempotencyRecord(record: IdempotencyRecord): Promise<void> {
    await insertIdempotencyRecord(this.db, record, this.now().toISOString());
  }

  async purgeIdempotencyRecords(createdBefore: string): Promise<number> {
    return deleteIdempotencyRecords(this.db, createdBefore);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
