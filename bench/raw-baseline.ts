import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { GENESIS_HASH } from '@app/event-store';
import { IdGenerator } from '@app/application';
import { Operation } from './load';
import { eventData, eventMetadata, StreamNames } from './payload';

/*
 * The baseline table is the engine's `events` table copied by PostgreSQL itself: same columns,
 * types, defaults (transaction_id = pg_current_xact_id()), identity, CHECK constraints, primary
 * key, both unique constraints and the log-order index, so both sides maintain the same four
 * indexes per row and the copy follows any later migration of `events`. LIKE does not copy
 * triggers: the immutability triggers fire only on UPDATE, DELETE and TRUNCATE, never on INSERT,
 * so leaving them out changes nothing in an insert-only run.
 */
const CREATE_RAW_TABLE = 'CREATE TABLE raw_events (LIKE events INCLUDING ALL)';

const RAW_INSERT = `INSERT INTO raw_events (event_id, stream_id, version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
VALUES ($1::uuid, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::timestamptz, $9, $10)
RETURNING position`;

/** A plain `pg` pool on the run's schema, sized like the engine's. */
export function createRawPool(databaseUrl: string, schema: string, size: number, applicationName: string): Pool {
  return new Pool({
    connectionString: databaseUrl,
    max: size,
    application_name: applicationName,
    // The same session settings the engine's PgDatabase sets.
    options: `-c statement_timeout=15000 -c search_path=${schema}`,
  });
}

export async function createRawTable(pool: Pool): Promise<string[]> {
  await pool.query(CREATE_RAW_TABLE);
  const indexes = await pool.query<{ indexdef: string }>(
    "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'raw_events' ORDER BY indexname",
  );
  return indexes.rows.map((r) => r.indexdef);
}

/**
 * One client of the baseline: one autocommitted `INSERT … RETURNING position` per event (a
 * prepared statement, as the engine's append is), into its own stream, with client-side
 * version, prev_hash and a random 64-hex hash, and no check of any kind.
 */
export function rawInsertClient(pool: Pool, ids: IdGenerator, names: StreamNames, client: number, streamLength: number): Operation {
  let streamId = names.next('raw', client);
  let version = 0;
  let prevHash = GENESIS_HASH;
  return async () => {
    if (version >= streamLength) {
      streamId = names.next('raw', client);
      version = 0;
      prevHash = GENESIS_HASH;
    }
    const hash = randomBytes(32).toString('hex');
    const next = version + 1;
    await pool.query({
      name: 'bench_raw_insert',
      text: RAW_INSERT,
      values: [
        ids.next(),
        streamId,
        next,
        'BenchEventRecorded',
        1,
        JSON.stringify(eventData(next)),
        JSON.stringify(eventMetadata(ids)),
        new Date().toISOString(),
        prevHash,
        hash,
      ],
    });
    version = next;
    prevHash = hash;
  };
}
