import { quoteIdent, RecordedEvent, SqlDatabase } from '@app/event-store';
import { physicalTable, Projection } from '../projection';

async function dump(db: SqlDatabase, table: string): Promise<unknown[]> {
  const res = await db.query(`SELECT * FROM ${quoteIdent(table)}`);
  // Row order of a table is not part of its meaning: compare sorted by content.
  return res.rows.map((r) => JSON.stringify(r)).sort().map((r) => JSON.parse(r));
}

/**
 * Applies the events once (in one batch) to one copy of the projection's tables, and every event
 * twice (one event per batch, each batch repeated) to another, then expects both copies to hold
 * the same rows. Returns the rows of each table of the first copy.
 *
 * @example
 * const rows = await expectApplyingTwiceChangesNothing(db, projectListProjection, events);
 */
export async function expectApplyingTwiceChangesNothing(
  db: SqlDatabase,
  projection: Projection,
  events: readonly RecordedEvent[],
): Promise<Record<string, unknown[]>> {
  const once = 90_001;
  const twice = 90_002;
  const tableOf = (generation: number) => (name: string) => quoteIdent(physicalTable(name, generation));
  for (const generation of [once, twice]) {
    for (const table of projection.tables) await db.exec(`DROP TABLE IF EXISTS ${tableOf(generation)(table)} CASCADE`);
    await db.exec(projection.schema(tableOf(generation)));
  }
  await db.transaction((sql) => projection.apply(events, { sql, table: tableOf(once) }));
  for (const event of events) {
    for (let i = 0; i < 2; i += 1) await db.transaction((sql) => projection.apply([event], { sql, table: tableOf(twice) }));
  }
  const rows: Record<string, unknown[]> = {};
  for (const table of projection.tables) {
    const a = await dump(db, physicalTable(table, once));
    const b = await dump(db, physicalTable(table, twice));
    expect(b).toEqual(a);
    rows[table] = a;
  }
  return rows;
}
