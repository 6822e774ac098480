import { SqlDatabase } from '@app/event-store';

/**
 * Changes the stored log as a database superuser could: with `session_replication_role =
 * replica` the append-only triggers do not fire. Each helper returns an undo, so a test file can
 * tamper, check the verifier, and put the log back for the next test.
 */
type Statement = readonly [sql: string, params?: readonly unknown[]];

export async function asSuperuser(db: SqlDatabase, statements: readonly Statement[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SET LOCAL session_replication_role = replica');
    for (const [sql, params] of statements) await tx.query(sql, params);
  });
}

/** Keeps copies of rows so they can be put back exactly (positions and transaction ids included). */
export async function backUp(db: SqlDatabase, table: 'events' | 'audit_chain', positions: readonly number[]): Promise<() => Promise<void>> {
  const name = `backup_${table}_${Math.random().toString(36).slice(2, 10)}`;
  // CREATE TABLE AS takes no bind parameters; the positions are integers, checked here.
  if (!positions.every(Number.isSafeInteger)) throw new Error('positions must be integers');
  await db.query(`CREATE TABLE ${name} AS SELECT * FROM ${table} WHERE position IN (${positions.join(', ')})`);
  return async () => {
    await asSuperuser(db, [
      [table === 'events' ? `INSERT INTO events OVERRIDING SYSTEM VALUE SELECT * FROM ${name}` : `INSERT INTO audit_chain SELECT * FROM ${name}`],
      [`DROP TABLE ${name}`],
    ]);
  };
}

/** Changes one byte of an event's `data` (its JSON text, re-parsed by PostgreSQL). */
export async function changeOneByte(db: SqlDatabase, position: number, from: string, to: string): Promise<() => Promise<void>> {
  if (Buffer.byteLength(from) !== Buffer.byteLength(to)) throw new Error('the change must keep the length');
  await asSuperuser(db, [[`UPDATE events SET data = replace(data::text, $2, $3)::jsonb WHERE position = $1`, [position, from, to]]]);
  return () => asSuperuser(db, [[`UPDATE events SET data = replace(data::text, $3, $2)::jsonb WHERE position = $1`, [position, from, to]]]);
}

/** Deletes the events at the positions (and, with `chainToo`, their chain links). */
export async function deleteEvents(db: SqlDatabase, positions: readonly number[], chainToo = false): Promise<() => Promise<void>> {
  const restoreEvents = await backUp(db, 'events', positions);
  const restoreChain = chainToo ? await backUp(db, 'audit_chain', positions) : undefined;
  await asSuperuser(db, [
    ['DELETE FROM events WHERE position = ANY($1::bigint[])', [positions]],
    ...(chainToo ? [['DELETE FROM audit_chain WHERE position = ANY($1::bigint[])', [positions]] as const] : []),
  ]);
  return async () => {
    await restoreEvents();
    await restoreChain?.();
  };
}

const EVENT_COLUMNS = 'transaction_id, event_id, stream_id, version, type, schema_version, data, metadata, recorded_at, prev_hash, hash';

/**
 * Exchanges the positions of two stored events. Positions are an identity column that UPDATE
 * cannot set, so both rows are deleted and inserted again at each other's position.
 */
export async function swapPositions(db: SqlDatabase, a: number, b: number): Promise<() => Promise<void>> {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b)) throw new Error('positions must be integers');
  const swap = async () => {
    const name = `swap_${Math.random().toString(36).slice(2, 10)}`;
    await db.query(`CREATE TABLE ${name} AS SELECT * FROM events WHERE position IN (${a}, ${b})`);
    await asSuperuser(db, [
      [`DELETE FROM events WHERE position IN (${a}, ${b})`],
      [
        `INSERT INTO events (position, ${EVENT_COLUMNS}) OVERRIDING SYSTEM VALUE
         SELECT CASE WHEN position = ${a} THEN ${b} ELSE ${a} END, ${EVENT_COLUMNS} FROM ${name}`,
      ],
      [`DROP TABLE ${name}`],
    ]);
  };
  await swap();
  return swap;
}

/** Waits until nothing has been appended for a while (background reactions to commands settle). */
export async function logAtRest(db: SqlDatabase, quietMs = 400, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const count = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]?.n ?? 0);
    if (count === last || Date.now() > deadline) return count;
    last = count;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}
