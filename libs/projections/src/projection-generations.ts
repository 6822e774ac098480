import { quoteIdent, SqlExecutor } from '@app/event-store';
import { physicalTable, Projection, projectionSubscription } from './projection';

/*
 * The `projection_generations` table and the tables and views of each generation: a projection's
 * rows live in tables suffixed with their generation, and views under the plain table names point
 * at the live generation's tables.
 */

/** One row of `projection_generations`. @example { name: 'project_list', generation: 2, version: 3, status: 'building' } */
export interface GenerationRow {
  name: string;
  generation: number;
  version: number;
  status: 'building' | 'live' | 'retired';
}

/**
 * Takes the projection's advisory lock for the rest of the transaction: one process at a time
 * creates, switches or retires its generations.
 *
 * @example
 * await db.transaction(async (tx) => { await lockGenerations(tx, 'project_list'); … });
 */
export async function lockGenerations(tx: SqlExecutor, name: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(7407, hashtext($1))', [name]);
}

/** The generations of one projection, oldest first. @example const rows = await generationsOf(tx, 'project_list'); */
export async function generationsOf(sql: SqlExecutor, name: string): Promise<GenerationRow[]> {
  const res = await sql.query<GenerationRow>(
    'SELECT name, generation, version, status FROM projection_generations WHERE name = $1 ORDER BY generation',
    [name],
  );
  return res.rows;
}

/**
 * The generations of every projection in one of the statuses, by projection and generation.
 *
 * @example
 * const live = await generationsIn(tx, ['live']);
 */
export async function generationsIn(sql: SqlExecutor, statuses: ReadonlyArray<GenerationRow['status']>): Promise<GenerationRow[]> {
  const res = await sql.query<GenerationRow>(
    'SELECT name, generation, version, status FROM projection_generations WHERE status = ANY($1::text[]) ORDER BY name, generation',
    [statuses],
  );
  return res.rows;
}

/** The status of one generation, if it exists. @example await generationStatus(tx, 'project_list', 2); // 'building' */
export async function generationStatus(sql: SqlExecutor, name: string, generation: number): Promise<string | undefined> {
  const res = await sql.query<{ status: string }>('SELECT status FROM projection_generations WHERE name = $1 AND generation = $2', [
    name,
    generation,
  ]);
  return res.rows[0]?.status;
}

/**
 * The quoted physical name of one of the projection's tables in a generation; a table the
 * projection does not own is refused.
 *
 * @example
 * physicalName(projectListProjection, 'project_list', 2); // '"project_list__g2"'
 */
export function physicalName(projection: Projection, table: string, generation: number): string {
  if (!projection.tables.includes(table)) throw new Error(`Projection ${projection.name} does not own table ${table}`);
  return quoteIdent(physicalTable(table, generation));
}

/**
 * Creates a generation's tables (dropping leftovers of the same number), records it and resets its
 * subscription's checkpoint to the start of the log.
 *
 * @example
 * await createGeneration(tx, projectListProjection, 2, 'building');
 */
export async function createGeneration(tx: SqlExecutor, projection: Projection, generation: number, status: 'live' | 'building'): Promise<void> {
  for (const table of projection.tables) await tx.exec(`DROP TABLE IF EXISTS ${quoteIdent(physicalTable(table, generation))} CASCADE`);
  await tx.exec(projection.schema((table) => physicalName(projection, table, generation)));
  await tx.query('INSERT INTO projection_generations (name, generation, version, status) VALUES ($1, $2, $3, $4)', [
    projection.name,
    generation,
    projection.version,
    status,
  ]);
  await tx.query(
    `INSERT INTO subscription_checkpoints (name) VALUES ($1)
     ON CONFLICT (name) DO UPDATE SET transaction_id = '0', position = 0, last_error = NULL, failed_at = NULL`,
    [projectionSubscription(projection.name, generation)],
  );
}

/** Points the projection's views at a generation's tables. @example await pointViews(tx, projectListProjection, 2); */
export async function pointViews(tx: SqlExecutor, projection: Projection, generation: number): Promise<void> {
  for (const table of projection.tables) {
    await tx.exec(
      `DROP VIEW IF EXISTS ${quoteIdent(table)}; CREATE VIEW ${quoteIdent(table)} AS SELECT * FROM ${quoteIdent(physicalTable(table, generation))}`,
    );
  }
}
