import { createHash } from 'node:crypto';
import { SqlDatabase } from './sql-database';

/**
 * A versioned, forward-only schema change. Ids sort in the order they must run within their
 * owner (`event-store/001-events`, `projections/001-checkpoints`, …); a migration never changes
 * once released: its checksum is stored and a changed file stops the migration run.
 */
export interface Migration {
  readonly id: string;
  readonly sql: string;
}

export interface MigrationReport {
  readonly applied: string[];
  readonly alreadyApplied: number;
}

/** Fixed advisory-lock key so two engines starting together migrate one after the other. */
const MIGRATION_LOCK_KEY = 7_406_218_301;

/**
 * Applies the migrations that are not applied yet, each in its own transaction, under an
 * advisory lock.
 *
 * @example
 * await migrate(db, [...EVENT_STORE_MIGRATIONS, ...PROJECTION_MIGRATIONS]);
 */
export async function migrate(db: SqlDatabase, migrations: readonly Migration[]): Promise<MigrationReport> {
  const ids = new Set<string>();
  for (const m of migrations) {
    if (ids.has(m.id)) throw new Error(`Migration ${m.id} is listed twice`);
    ids.add(m.id);
  }
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: string[] = [];
  let alreadyApplied = 0;
  for (const migration of migrations) {
    const checksum = createHash('sha256').update(migration.sql).digest('hex');
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const existing = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE id = $1', [migration.id]);
      if (existing.rows.length > 0) {
        if (existing.rows[0]?.checksum !== checksum) {
          throw new Error(`Migration ${migration.id} was changed after it was applied; add a new migration instead`);
        }
        return true;
      }
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)', [migration.id, checksum]);
      return false;
    });
    if (done) alreadyApplied += 1;
    else applied.push(migration.id);
  }
  return { applied, alreadyApplied };
}
