import { randomBytes } from 'node:crypto';
import type { SqlDatabase, SqlExecutor } from '@app/event-store';
import { KeyEncryption, KeyEncryptionError, WRAPPED_PREFIX } from './key-encryption';

/** A subject's key, or `null` once it was destroyed (erasure). */
export type SubjectKey = Buffer | null;

const WRAPPED = Buffer.from(WRAPPED_PREFIX, 'utf8');

/** The row a subject key is bound to when wrapped. */
const contextOf = (subjectId: string): string => `data_subject_keys:${subjectId}`;

/**
 * Keys of data subjects in their own table, apart from the events they protect: destroying a
 * key erases the subject's personal data from every event, export and backup of the log that
 * holds only ciphertext, while the hash chain (computed over the ciphertext) still verifies.
 * With a key-encryption key, each key is stored wrapped under it (`kek:v1:…`), so a dump of the
 * database alone opens nothing; keys stored in clear by older versions are still read until
 * {@link rewrap} wraps them (at start and by `npm run cli -- keys rewrap`).
 *
 * @example
 * const key = await new SubjectKeys(kek).obtain(db, 'project_019a…');
 */
export class SubjectKeys {
  constructor(private readonly kek?: KeyEncryption) {}

  /**
   * The subject's key, made on first use, in one statement: a new key is inserted and given back
   * as made (no read, no unwrap); a key that exists is read in the same statement. Only when
   * another writer inserted the key after the statement began (its snapshot sees neither row) is
   * it read once more.
   */
  async obtain(sql: SqlExecutor, subjectId: string): Promise<SubjectKey> {
    const made = randomBytes(32);
    const res = await sql.query<{ made: boolean; key: Buffer | Uint8Array | null }>(
      `WITH made AS (
         INSERT INTO data_subject_keys (subject_id, key, created_at) VALUES ($1, $2, now())
         ON CONFLICT (subject_id) DO NOTHING RETURNING true AS made
       )
       SELECT made, NULL::bytea AS key FROM made
       UNION ALL
       SELECT false, key FROM data_subject_keys WHERE subject_id = $1`,
      [subjectId, this.store(subjectId, made)],
    );
    const row = res.rows[0];
    if (row?.made) return made;
    if (row) return row.key === null ? null : this.load(subjectId, Buffer.from(row.key));
    return (await this.find(sql, [subjectId])).get(subjectId) ?? null;
  }

  /** Keys of several subjects (unknown subjects are left out). */
  async find(sql: SqlExecutor, subjectIds: readonly string[]): Promise<Map<string, SubjectKey>> {
    if (subjectIds.length === 0) return new Map();
    const res = await sql.query<{ subject_id: string; key: Buffer | Uint8Array | null }>('SELECT subject_id, key FROM data_subject_keys WHERE subject_id = ANY($1::text[])', [
      subjectIds,
    ]);
    return new Map(res.rows.map((r) => [r.subject_id, r.key === null ? null : this.load(r.subject_id, Buffer.from(r.key))]));
  }

  /**
   * Locks the subject's row for an erasure and gives its key: `undefined` when the subject never
   * had one, `null` when it was destroyed before.
   */
  async lock(sql: SqlExecutor, subjectId: string): Promise<SubjectKey | undefined> {
    const res = await sql.query<{ key: Buffer | Uint8Array | null }>('SELECT key FROM data_subject_keys WHERE subject_id = $1 FOR UPDATE', [subjectId]);
    const row = res.rows[0];
    if (!row) return undefined;
    return row.key === null ? null : this.load(subjectId, Buffer.from(row.key));
  }

  /**
   * Destroys the subject's key (a destroyed or unknown one stays as it is). An erasure locks the
   * row first ({@link lock}), so this is its one write, with no second read.
   */
  async destroy(sql: SqlExecutor, subjectId: string): Promise<void> {
    await sql.query('UPDATE data_subject_keys SET key = NULL, erased_at = now() WHERE subject_id = $1 AND erased_at IS NULL', [subjectId]);
  }

  /**
   * Wraps every live key that is in clear or under another key-encryption key with the current
   * one (in batches, each row locked while it is rewritten). Returns how many rows changed.
   */
  async rewrap(db: SqlDatabase): Promise<number> {
    const kek = this.kek;
    if (!kek) throw new KeyEncryptionError('No key-encryption key is configured (DATA_KEY_ENCRYPTION_KEY)');
    const current = Buffer.from(`${WRAPPED_PREFIX}${kek.currentId}:`, 'utf8');
    let changed = 0;
    let after = '';
    for (;;) {
      // Only rows not yet under the current KEK: a start with nothing to do reads no row.
      const page = await db.query<{ subject_id: string }>(
        `SELECT subject_id FROM data_subject_keys
         WHERE key IS NOT NULL AND subject_id > $1 AND substring(key FROM 1 FOR $3) IS DISTINCT FROM $2::bytea
         ORDER BY subject_id LIMIT 500`,
        [after, current, current.length],
      );
      if (page.rows.length === 0) return changed;
      after = page.rows[page.rows.length - 1]?.subject_id ?? after;
      const work = async (tx: SqlExecutor): Promise<number> => {
        const rows = await tx.query<{ subject_id: string; key: Buffer | Uint8Array }>(
          'SELECT subject_id, key FROM data_subject_keys WHERE subject_id = ANY($1::text[]) AND key IS NOT NULL ORDER BY subject_id FOR UPDATE',
          [page.rows.map((r) => r.subject_id)],
        );
        let n = 0;
        for (const row of rows.rows) {
          const stored = Buffer.from(row.key);
          if (!kek.needsRewrap(stored.toString('latin1'))) continue;
          await tx.query('UPDATE data_subject_keys SET key = $2 WHERE subject_id = $1', [row.subject_id, this.store(row.subject_id, this.load(row.subject_id, stored))]);
          n += 1;
        }
        return n;
      };
      changed += await db.transaction(work);
    }
  }

  /** The stored form of a key: wrapped when a key-encryption key is configured. */
  private store(subjectId: string, key: Buffer): Buffer {
    return this.kek ? Buffer.from(this.kek.wrap(key, contextOf(subjectId)), 'utf8') : key;
  }

  /** A key from its stored form (wrapped, or in clear as older versions kept it). */
  private load(subjectId: string, stored: Buffer): Buffer {
    if (stored.length === 32 && !stored.subarray(0, WRAPPED.length).equals(WRAPPED)) return stored;
    if (!this.kek) throw new KeyEncryptionError(`The key of ${subjectId} is wrapped, and no key-encryption key is configured (DATA_KEY_ENCRYPTION_KEY)`);
    return this.kek.unwrap(stored.toString('utf8'), contextOf(subjectId));
  }
}
