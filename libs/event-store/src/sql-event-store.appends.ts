import { planStream, PlannedEvent, validateAppend } from './append-plan';
import { IdempotencyKeyInUseError, WrongExpectedVersionError } from './errors';
import type { AppendOptions, AppendRequest, AppendResult } from './event-store.port';
import { HeadCache, KnownHead } from './head-cache';
import { constraintOf, SqlExecutor, sqlState, UNIQUE_VIOLATION } from './sql/sql-database';
import { EVENT_COLUMNS, EventRow, toRecordedEvent } from './sql-event-store.rows';

/*
 * One statement appends to any number of streams: it inserts the pre-chained events only when
 * every stream whose expected version is above zero still has that version with the hash the
 * new events chain to. A stream that moved on makes the insert hit the unique
 * (stream_id, version) constraint; a stream that never reached the version makes it insert
 * nothing. Either way nothing is written.
 */
const INSERT_EVENTS = `
WITH ins AS (
  INSERT INTO events (event_id, stream_id, version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
  SELECT t.event_id, t.stream_id, t.version, t.type, t.schema_version, t.data, t.metadata, $10::timestamptz, t.prev_hash, t.hash
  FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[], $8::text[], $9::text[])
    WITH ORDINALITY AS t(event_id, stream_id, version, type, schema_version, data, metadata, prev_hash, hash, ord)
  WHERE NOT EXISTS (
    SELECT 1 FROM unnest($11::text[], $12::int[], $13::text[]) AS c(stream_id, version, hash)
    WHERE NOT EXISTS (
      SELECT 1 FROM events e WHERE e.stream_id = c.stream_id AND e.version = c.version AND e.hash = c.hash
    )
  )
  ORDER BY t.ord
  RETURNING position, transaction_id
)`;

const APPEND_SQL = `${INSERT_EVENTS}
SELECT count(*)::int AS n, max(position)::text AS position, min(transaction_id::text) AS transaction_id FROM ins`;

/** The same, storing the command's answer under its idempotency key in the same statement. */
const APPEND_WITH_KEY_SQL = `${INSERT_EVENTS},
idem AS (
  INSERT INTO idempotency_keys (key, fingerprint, result, body, position, created_at)
  SELECT $14, $15, $16, $17::jsonb, max(position), $10::timestamptz FROM ins HAVING count(*) > 0
  RETURNING key
)
SELECT count(*)::int AS n, max(position)::text AS position, min(transaction_id::text) AS transaction_id FROM ins`;

/*
 * The common case, one event to one stream, as a plain one-row statement: PostgreSQL plans it
 * once and reuses the plan, where the array form above is re-planned on every call once the
 * table has statistics (it cannot know the arrays' lengths). The link check is the same.
 */
const INSERT_ONE = `
INSERT INTO events (event_id, stream_id, version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
SELECT $1::uuid, $2::text, $3::int, $4::text, $5::int, $6::jsonb, $7::jsonb, $8::timestamptz, $9::text, $10::text
WHERE $3::int = 1 OR EXISTS (SELECT 1 FROM events e WHERE e.stream_id = $2::text AND e.version = $3::int - 1 AND e.hash = $9::text)
RETURNING position, transaction_id`;

const APPEND_ONE_SQL = `WITH ins AS (${INSERT_ONE})
SELECT count(*)::int AS n, max(position)::text AS position, min(transaction_id::text) AS transaction_id FROM ins`;

const APPEND_ONE_WITH_KEY_SQL = `WITH ins AS (${INSERT_ONE}),
idem AS (
  INSERT INTO idempotency_keys (key, fingerprint, result, body, position, created_at)
  SELECT $11, $12, $13, $14::jsonb, max(position), $8::timestamptz FROM ins HAVING count(*) > 0
  RETURNING key
)
SELECT count(*)::int AS n, max(position)::text AS position, min(transaction_id::text) AS transaction_id FROM ins`;

const MAX_APPEND_ATTEMPTS_FOR_ANY = 10;

/** One append as the adapter runs it: on the pool or in a transaction, and who learns the new heads. */
export interface AppendCall {
  readonly sql: SqlExecutor;
  /** Inside a transaction a savepoint keeps it usable after a refused insert. */
  readonly inTransaction: boolean;
  readonly requests: readonly AppendRequest[];
  readonly options: AppendOptions;
  /** Receives the streams' new heads, to be remembered once the append is committed. */
  readonly learn: (heads: Array<[string, KnownHead]>) => void;
}

/**
 * The SQL adapter's appends: finds the heads the new events chain to (from the head cache or
 * the table), inserts them in one statement with the link check (and the idempotency record),
 * and explains a refused insert: a retry of an append that succeeded, or a stream that moved on.
 * Runs on the pool or inside a transaction (`inTransaction`: a savepoint keeps it usable).
 *
 * @example
 * const appends = new SqlAppends(heads, () => new Date());
 * await appends.append({ sql: db, inTransaction: false, requests: [{ streamId, expectedVersion: 'no_stream', events }], options: {}, learn: remember });
 */
export class SqlAppends {
  constructor(
    private readonly heads: HeadCache,
    private readonly now: () => Date,
  ) {}

  /**
   * Appends on `sql`; with `expectedVersion: 'any'` a concurrent writer only means the head
   * moved, so the append chains to the new head and tries again (at most 10 times).
   */
  async append(call: AppendCall): Promise<AppendResult> {
    validateAppend(call.requests);
    const usesAny = call.requests.some((r) => r.expectedVersion === 'any');
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.appendOnce(call);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || !usesAny || attempt >= MAX_APPEND_ATTEMPTS_FOR_ANY) throw error;
        // With 'any', a concurrent writer only means the head moved: chain to the new head.
      }
    }
  }

  private async appendOnce({ sql, inTransaction, requests, options, learn }: AppendCall): Promise<AppendResult> {
    const heads = await this.resolveHeads(sql, requests);
    const recordedAt = this.now().toISOString();
    const planned: PlannedEvent[] = [];
    for (const request of requests) planned.push(...planStream(request, heads.get(request.streamId), recordedAt));

    const checks = requests.flatMap((r) => {
      const head = heads.get(r.streamId);
      return head && head.version > 0 ? [[r.streamId, head.version, head.hash] as const] : [];
    });
    const key = options.idempotency;
    const keyParams = key ? [key.key, key.fingerprint, key.result, JSON.stringify(key.body)] : [];
    const one = planned.length === 1 ? planned[0] : undefined;
    // The array parameters are built only for the many-event statement, not on the common path.
    const statement = one
      ? {
          text: key ? APPEND_ONE_WITH_KEY_SQL : APPEND_ONE_SQL,
          name: key ? 'grants_append_one_with_key' : 'grants_append_one',
          params: [
            one.eventId,
            one.streamId,
            one.version,
            one.type,
            one.schemaVersion,
            JSON.stringify(one.data),
            JSON.stringify(one.metadata),
            recordedAt,
            one.prevHash,
            one.hash,
            ...keyParams,
          ],
        }
      : {
          text: key ? APPEND_WITH_KEY_SQL : APPEND_SQL,
          name: key ? 'grants_append_with_key' : 'grants_append',
          params: [
            planned.map((e) => e.eventId),
            planned.map((e) => e.streamId),
            planned.map((e) => e.version),
            planned.map((e) => e.type),
            planned.map((e) => e.schemaVersion),
            planned.map((e) => JSON.stringify(e.data)),
            planned.map((e) => JSON.stringify(e.metadata)),
            planned.map((e) => e.prevHash),
            planned.map((e) => e.hash),
            recordedAt,
            checks.map((c) => c[0]),
            checks.map((c) => c[1]),
            checks.map((c) => c[2]),
            ...keyParams,
          ],
        };

    let row: { n: number; position: string | null; transaction_id: string | null } | undefined;
    // Inside a transaction a failed statement aborts everything; a savepoint keeps the
    // transaction usable so the refusal can be explained (and the caller can go on).
    if (inTransaction) await sql.query('SAVEPOINT grants_append');
    try {
      const res = await sql.query<{ n: number; position: string | null; transaction_id: string | null }>(statement.text, statement.params, statement.name);
      row = res.rows[0];
      if (inTransaction) await sql.query('RELEASE SAVEPOINT grants_append');
    } catch (error) {
      if (inTransaction) await sql.query('ROLLBACK TO SAVEPOINT grants_append');
      if (sqlState(error) !== UNIQUE_VIOLATION) throw error;
      const constraint = constraintOf(error);
      if (constraint === 'idempotency_keys_pkey' && key) throw new IdempotencyKeyInUseError(key.key);
      return this.resolveRejectedAppend(sql, requests, planned, heads);
    }
    if (!row || row.n !== planned.length || row.position === null || row.transaction_id === null) {
      return this.resolveRejectedAppend(sql, requests, planned, heads);
    }

    const learnedHeads: Array<[string, KnownHead]> = [];
    const streams = requests.map((r) => {
      const last = lastOf(planned, r.streamId);
      learnedHeads.push([r.streamId, { version: last.version, hash: last.hash }]);
      return { streamId: r.streamId, version: last.version, lastHash: last.hash };
    });
    learn(learnedHeads);
    return { streams, position: Number(row.position), transactionId: row.transaction_id };
  }

  /** Finds, per stream, the (version, hash) the new events chain to. */
  private async resolveHeads(sql: SqlExecutor, requests: readonly AppendRequest[]): Promise<Map<string, KnownHead | undefined>> {
    const heads = new Map<string, KnownHead | undefined>();
    const exact: Array<[string, number]> = [];
    const any: string[] = [];
    for (const r of requests) {
      const expected = r.expectedVersion === 'no_stream' ? 0 : r.expectedVersion;
      if (expected === 'any') {
        // Optimistic: chain to the head this process knows; a stale one fails the insert, is
        // forgotten, and the retry looks the head up.
        const cached = this.heads.get(r.streamId);
        if (cached) heads.set(r.streamId, cached);
        else any.push(r.streamId);
      } else if (expected === 0) {
        heads.set(r.streamId, undefined);
      } else {
        const cached = this.heads.get(r.streamId);
        if (cached && cached.version === expected) heads.set(r.streamId, cached);
        else exact.push([r.streamId, expected]);
      }
    }
    if (exact.length > 0) {
      const res = await sql.query<{ stream_id: string; version: number; hash: string }>(
        `SELECT stream_id, version, hash FROM events
         WHERE (stream_id, version) IN (SELECT * FROM unnest($1::text[], $2::int[]))`,
        [exact.map((e) => e[0]), exact.map((e) => e[1])],
        'grants_heads_exact',
      );
      const found = new Map(res.rows.map((r) => [r.stream_id, r]));
      for (const [streamId, expected] of exact) {
        const row = found.get(streamId);
        if (!row) throw new WrongExpectedVersionError(streamId, expected, await this.currentVersion(sql, streamId));
        heads.set(streamId, { version: row.version, hash: row.hash });
      }
    }
    if (any.length > 0) {
      const res = await sql.query<{ stream_id: string; version: number; hash: string }>(
        `SELECT DISTINCT ON (stream_id) stream_id, version, hash FROM events
         WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, version DESC`,
        [any],
        'grants_heads_any',
      );
      const found = new Map(res.rows.map((r) => [r.stream_id, r]));
      for (const streamId of any) {
        const row = found.get(streamId);
        heads.set(streamId, row ? { version: row.version, hash: row.hash } : undefined);
      }
    }
    return heads;
  }

  /**
   * The insert was refused. If every event id is already stored at the place this append would
   * have put it, this is a retry of an append that succeeded: answer as the first time did.
   * Otherwise name the stream that was not at its expected version.
   */
  private async resolveRejectedAppend(
    sql: SqlExecutor,
    requests: readonly AppendRequest[],
    planned: readonly PlannedEvent[],
    heads: Map<string, KnownHead | undefined>,
  ): Promise<AppendResult> {
    const stored = await sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = ANY($1::uuid[])`,
      [planned.map((e) => e.eventId)],
    );
    const byId = new Map(stored.rows.map((r) => [r.event_id, r]));
    const anyStreams = new Set(requests.filter((r) => r.expectedVersion === 'any').map((r) => r.streamId));
    const isRetry =
      stored.rows.length === planned.length &&
      planned.every((e) => {
        const row = byId.get(e.eventId);
        return row !== undefined && row.stream_id === e.streamId && (anyStreams.has(e.streamId) || row.version === e.version);
      });
    if (isRetry) {
      const rows = stored.rows.map(toRecordedEvent);
      const streams = requests.map((r) => {
        const last = rows.filter((e) => e.streamId === r.streamId).sort((a, b) => b.version - a.version)[0];
        if (!last) throw new Error('unreachable: a retried stream has no stored events');
        this.heads.remember(r.streamId, { version: last.version, hash: last.hash });
        return { streamId: r.streamId, version: last.version, lastHash: last.hash };
      });
      const lastEvent = rows.reduce((a, b) => (a.position > b.position ? a : b));
      return { streams, position: lastEvent.position, transactionId: lastEvent.transactionId };
    }
    for (const request of requests) {
      const actual = await this.currentVersion(sql, request.streamId);
      const expected = heads.get(request.streamId)?.version ?? 0;
      this.heads.forget(request.streamId);
      if (actual !== expected) {
        throw new WrongExpectedVersionError(
          request.streamId,
          request.expectedVersion === 'no_stream' || request.expectedVersion === 'any' ? request.expectedVersion : expected,
          actual,
        );
      }
    }
    // Every stream is where we expected, yet the insert failed: a concurrent writer committed
    // and then another moved on, or the cached link was wrong. Report the first stream.
    const first = requests[0];
    if (!first) throw new Error('unreachable: empty append');
    throw new WrongExpectedVersionError(first.streamId, heads.get(first.streamId)?.version ?? 0, await this.currentVersion(sql, first.streamId));
  }

  private async currentVersion(sql: SqlExecutor, streamId: string): Promise<number> {
    const res = await sql.query<{ version: number | null }>('SELECT max(version) AS version FROM events WHERE stream_id = $1', [streamId]);
    return res.rows[0]?.version ?? 0;
  }

}

function lastOf(planned: readonly PlannedEvent[], streamId: string): PlannedEvent {
  for (let i = planned.length - 1; i >= 0; i -= 1) {
    const event = planned[i];
    if (event && event.streamId === streamId) return event;
  }
  throw new Error(`unreachable: no planned event for ${streamId}`);
}

