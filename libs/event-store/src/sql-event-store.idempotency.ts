import type { CommandResult, IdempotencyRecord, StoredIdempotencyRecord } from './event-store.port';
import type { SqlExecutor } from './sql/sql-database';

/**
 * The command answer kept under an idempotency key, if any.
 *
 * @example
 * const record = await selectIdempotencyRecord(db, 'key-1');
 */
export async function selectIdempotencyRecord(sql: SqlExecutor, key: string): Promise<StoredIdempotencyRecord | undefined> {
  const res = await sql.query<{
    key: string;
    fingerprint: string;
    result: CommandResult;
    body: Record<string, unknown>;
    position: string | number | null;
    created_at: Date | string;
  }>('SELECT key, fingerprint, result, body, position, created_at FROM idempotency_keys WHERE key = $1', [key]);
  const row = res.rows[0];
  if (!row) return undefined;
  return {
    key: row.key,
    fingerprint: row.fingerprint,
    result: row.result,
    body: row.body,
    position: row.position === null ? undefined : Number(row.position),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * Keeps the answer of a command that appended nothing; a key already kept stays as it is.
 *
 * @example
 * await insertIdempotencyRecord(db, { key, fingerprint, result: 'updated', body }, new Date().toISOString());
 */
export async function insertIdempotencyRecord(sql: SqlExecutor, record: IdempotencyRecord, createdAt: string): Promise<void> {
  await sql.query(
    `INSERT INTO idempotency_keys (key, fingerprint, result, body, position, created_at)
     VALUES ($1, $2, $3, $4::jsonb, NULL, $5) ON CONFLICT (key) DO NOTHING`,
    [record.key, record.fingerprint, record.result, JSON.stringify(record.body), createdAt],
  );
}

/**
 * Deletes the records kept before a time; returns how many.
 *
 * @example
 * const purged = await deleteIdempotencyRecords(db, '2026-01-01T00:00:00.000Z');
 */
export async function deleteIdempotencyRecords(sql: SqlExecutor, createdBefore: string): Promise<number> {
  const res = await sql.query('DELETE FROM idempotency_keys WHERE created_at < $1', [createdBefore]);
  return res.rowCount;
}
