import { FoldableEvent, LOG_START, LogCursor, ReadAllOptions, ReadAllResult, ReadStreamOptions, RecordedEvent } from './event-store.port';
import type { KnownHead } from './head-cache';
import type { SqlExecutor } from './sql/sql-database';
import { EVENT_COLUMNS, EventRow, toRecordedEvent } from './sql-event-store.rows';

/*
 * Readers only see events of transactions older than the oldest one still open: a transaction
 * that took position 10 and commits after the one that took position 11 is never skipped.
 */
// The ORDER BY names the table's columns: a bare `transaction_id` would be the text alias of the
// select list, sorting '1000000' before '999999' and scanning instead of using the index.
const READ_ALL_SQL = `SELECT ${EVENT_COLUMNS} FROM events
WHERE events.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  AND (events.transaction_id, events.position) > ($1::xid8, $2::bigint)
ORDER BY events.transaction_id, events.position
LIMIT $3`;

const HEAD_CURSOR_SQL = `SELECT transaction_id::text AS transaction_id, position FROM events
WHERE events.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY events.transaction_id DESC, events.position DESC LIMIT 1`;

/**
 * A stream's events in version order, within the options' bounds.
 *
 * @example
 * const events = await selectStream(db, 'project-1', { toVersion: 3 });
 */
export async function selectStream(sql: SqlExecutor, streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
  const res = await sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events
     WHERE stream_id = $1 AND version >= $2 AND ($3::int IS NULL OR version <= $3) AND ($4::timestamptz IS NULL OR recorded_at <= $4)
     ORDER BY version`,
    [streamId, options.fromVersion ?? 1, options.toVersion ?? null, options.toRecordedAt ?? null],
    'grants_read_stream',
  );
  return res.rows.map(toRecordedEvent);
}

/**
 * What folding a stream needs of its events (no metadata), and the stream's head.
 *
 * @example
 * const { events, head } = await selectStreamToFold(db, 'project-1');
 */
export async function selectStreamToFold(sql: SqlExecutor, streamId: string): Promise<{ events: FoldableEvent[]; head: KnownHead | undefined }> {
  const res = await sql.query<{ position: string | number; version: number; type: string; schema_version: number; data: unknown; hash: string }>(
    'SELECT position, version, type, schema_version, data, hash FROM events WHERE stream_id = $1 ORDER BY version',
    [streamId],
    'grants_read_stream_to_fold',
  );
  const events = res.rows.map((row): FoldableEvent => ({ type: row.type, schemaVersion: row.schema_version, data: row.data, version: row.version, position: Number(row.position) }));
  const last = res.rows[res.rows.length - 1];
  return { events, head: last ? { version: last.version, hash: last.hash } : undefined };
}

/**
 * Reads the global log on a given executor, e.g. inside a subscription's transaction (before
 * it writes anything, so the transaction has no id of its own to hold the reader back).
 *
 * @example
 * const { events, cursor } = await selectLog(db, { after: LOG_START, limit: 500 });
 */
export async function selectLog(sql: SqlExecutor, options: ReadAllOptions = {}): Promise<ReadAllResult> {
  const after = options.after ?? LOG_START;
  const res = await sql.query<EventRow>(READ_ALL_SQL, [after.transactionId, after.position, options.limit ?? 500], 'grants_read_all');
  const events = res.rows.map(toRecordedEvent);
  const last = events[events.length - 1];
  return { events, cursor: last ? { transactionId: last.transactionId, position: last.position } : after };
}

/**
 * The cursor of the last event every reader can see, or the log's start.
 *
 * @example
 * const head = await selectHeadCursor(db);
 */
export async function selectHeadCursor(sql: SqlExecutor): Promise<LogCursor> {
  const res = await sql.query<{ transaction_id: string; position: string | number }>(HEAD_CURSOR_SQL, [], 'grants_head_cursor');
  const row = res.rows[0];
  return row ? { transactionId: row.transaction_id, position: Number(row.position) } : LOG_START;
}

/**
 * The cursor of the event at a position, if there is one.
 *
 * @example
 * const cursor = await selectCursorOfPosition(db, 42);
 */
export async function selectCursorOfPosition(sql: SqlExecutor, position: number): Promise<LogCursor | undefined> {
  const res = await sql.query<{ transaction_id: string; position: string | number }>(
    'SELECT transaction_id::text AS transaction_id, position FROM events WHERE position = $1',
    [position],
  );
  const row = res.rows[0];
  return row ? { transactionId: row.transaction_id, position: Number(row.position) } : undefined;
}
