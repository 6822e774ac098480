import { randomBytes } from 'node:crypto';
import type { SqlExecutor } from '@app/event-store';

/** A subject's key, or `null` once it was destroyed (erasure). */
export type SubjectKey = Buffer | null;

/**
 * Keys of data subjects in their own table, apart from the events they protect: destroying a
 * key erases the subject's personal data from every event, export and backup of the log that
 * holds only ciphertext, while the hash chain (computed over the ciphertext) still verifies.
 *
 * @example
 * const key = await keys.obtain(db, 'project_019a…');
 */
export class SubjectKeys {
  /** The subject's key, made on first use (one read when it exists). */
  async obtain(sql: SqlExecutor, subjectId: string): Promise<SubjectKey> {
    const known = await this.find(sql, [subjectId]);
    if (known.has(subjectId)) return known.get(subjectId) ?? null;
    await sql.query('INSERT INTO data_subject_keys (subject_id, key, created_at) VALUES ($1, $2, now()) ON CONFLICT (subject_id) DO NOTHING', [
      subjectId,
      randomBytes(32),
    ]);
    return (await this.find(sql, [subjectId])).get(subjectId) ?? null;
  }

  /** Keys of several subjects (unknown subjects are left out). */
  async find(sql: SqlExecutor, subjectIds: readonly string[]): Promise<Map<string, SubjectKey>> {
    if (subjectIds.length === 0) return new Map();
    const res = await sql.query<{ subject_id: string; key: Buffer | Uint8Array | null }>('SELECT subject_id, key FROM data_subject_keys WHERE subject_id = ANY($1::text[])', [
      subjectIds,
    ]);
    return new Map(res.rows.map((r) => [r.subject_id, r.key === null ? null : Buffer.from(r.key)]));
  }

  /** Destroys a key; `unknown` when the subject never had one, `already` when erased before. */
  async destroy(sql: SqlExecutor, subjectId: string): Promise<'erased' | 'already' | 'unknown'> {
    const row = await sql.query<{ erased_at: Date | null }>('SELECT erased_at FROM data_subject_keys WHERE subject_id = $1 FOR UPDATE', [subjectId]);
    if (!row.rows[0]) return 'unknown';
    if (row.rows[0].erased_at) return 'already';
    await sql.query('UPDATE data_subject_keys SET key = NULL, erased_at = now() WHERE subject_id = $1', [subjectId]);
    return 'erased';
  }
}
