import { SqlExecutor } from '@app/event-store';
import { Break, BreakReason } from './audit-breaks';
import { AuditRecords, StoredCheckpoint } from './audit-records';
import { AuditPublicKey } from './audit-signing';
import { checkLink, Link, linkOf } from './chain-links';
import { checkCheckpoint, checkTail } from './checkpoint-checks';
import { HashInput, HashingPool } from './hashing-pool';
import { chainHash, GENESIS_CHAIN_HASH } from './log-chain';
import { StreamContinuity } from './stream-continuity';

export type { BreakReason } from './audit-breaks';

/** The verifier's answer (`GET /audit/verify`). */
export interface VerifyReport {
  readonly ok: boolean;
  /** Events checked (up to the break, when there is one). */
  readonly checkedEvents: number;
  /** Position of the last event checked (0 for an empty log). */
  readonly headPosition: number;
  /** Events carrying a stored link of the global chain when the run started. */
  readonly chainedEvents: number;
  readonly checkpoints: { readonly verified: number; readonly last?: { readonly eventCount: number; readonly position: number; readonly createdAt: string } };
  readonly firstBrokenPosition?: number;
  readonly reason?: BreakReason;
  /** A sentence for people: what was expected and what was found. */
  readonly detail?: string;
  readonly durationMs: number;
}

export interface VerifyOptions {
  /** Events per read (default 5000; at least 1000). */
  readonly batchSize?: number;
  /** Threads that hash besides this one (default: the cores but one, at most 3). */
  readonly hashWorkers?: number;
  /** Called after each batch (the CLI shows progress). */
  readonly onProgress?: (checkedEvents: number, position: number) => void;
}

interface Row {
  position: string | number;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  version: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
  sub_ms: boolean;
  prev_hash: string;
  hash: string;
}

/*
 * The log in commit order. Only events below the oldest open transaction are read (ADR 1), like
 * every other reader, so the walk never overtakes a commit. `data` and `metadata` come as text,
 * parsed by the hashing workers rather than by this thread. `recorded_at` comes as the ISO text
 * the hash covers (no Date parsing per row); a sub-millisecond part, which that text cannot
 * show, is flagged so a change there is still caught.
 */
const EVENTS_SQL = `SELECT e.position, e.transaction_id::text AS transaction_id, e.event_id::text AS event_id, e.stream_id, e.version, e.type,
  e.schema_version, e.data::text AS data, e.metadata::text AS metadata,
  to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at,
  (date_part('microseconds', e.recorded_at)::bigint % 1000) <> 0 AS sub_ms, e.prev_hash, e.hash
FROM events e
WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  AND (e.transaction_id, e.position) > ($1::xid8, $2::bigint)
ORDER BY e.transaction_id, e.position
LIMIT $3`;

/*
 * The stored chain links of the same stretch, read by ordinal (a narrow index range) rather than
 * joined per event: an intact log's n-th event carries link n, so one range covers a batch.
 */
const LINKS_SQL = `SELECT ordinal, position, chain_hash FROM audit_chain WHERE ordinal > $1 ORDER BY ordinal LIMIT $2`;

/**
 * Recomputes everything the log promises, in batches, and names the first broken position:
 * each event's hash from its stored fields; each stream's continuity (versions 1..n, `prevHash`
 * = the previous event's hash); the global chain against the stored link of every event; the
 * signed checkpoints (signature, chain value and position at their place); and that the log is
 * not shorter than the chain and the last checkpoint say it was (a truncated tail).
 *
 * @example
 * const report = await new AuditVerifier(db, signer.publicKey).verify();
 * if (!report.ok) console.log(report.firstBrokenPosition, report.reason);
 */
export class AuditVerifier {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly publicKey: AuditPublicKey,
  ) {}

  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    const started = Date.now();
    const batchSize = Math.max(1000, options.batchSize ?? 5000);
    const head = await AuditRecords.chainHead(this.sql);
    const checkpoints = await AuditRecords.checkpoints(this.sql);
    let nextCheckpoint = 0;
    let verifiedCheckpoints = 0;
    const streams = new StreamContinuity();
    let chain = GENESIS_CHAIN_HASH;
    let count = 0;
    let lastPosition = 0;
    let highestPosition = 0;
    let found: Break | undefined;

    const fetch = async (after: { transactionId: string; position: number }, chained: number) => {
      const [events, links] = await Promise.all([
        this.sql.query<Row>(EVENTS_SQL, [after.transactionId, after.position, batchSize]),
        chained < head.ordinal ? this.sql.query<{ ordinal: string | number; position: string | number; chain_hash: string }>(LINKS_SQL, [chained, batchSize]) : undefined,
      ]);
      const byPosition = new Map<number, Link>();
      for (const link of links?.rows ?? []) byPosition.set(Number(link.position), { ordinal: Number(link.ordinal), chainHash: link.chain_hash });
      return { rows: events.rows, links: byPosition };
    };
    const pool = await HashingPool.create(options.hashWorkers);
    let pending = fetch({ transactionId: '0', position: 0 }, 0);
    try {
      walk: for (;;) {
        const { rows, links } = await pending;
        const lastRow = rows[rows.length - 1];
        // Read the next batch while this one is hashed: the database and the hashing overlap.
        if (lastRow && rows.length === batchSize) pending = fetch({ transactionId: lastRow.transaction_id, position: Number(lastRow.position) }, count + rows.length);
        const hashes = await pool.hash(
          rows.map((r): HashInput => [r.prev_hash, r.event_id, r.stream_id, r.version, r.type, r.schema_version, r.data, r.metadata, r.recorded_at]),
        );
        for (const [index, row] of rows.entries()) {
          const position = Number(row.position);
          count += 1;
          const ordinal = count;

          if (hashes[index] !== row.hash || row.sub_ms) {
            found = { position, reason: 'hash_mismatch', detail: `event ${row.event_id} (${row.stream_id} v${row.version}) no longer has the hash it was stored with` };
            break walk;
          }

          chain = chainHash(chain, row.hash, position);
          const link = links.get(position) ?? (ordinal <= head.ordinal ? await linkOf(this.sql, position) : undefined);
          const linkBreak = await checkLink(this.sql, link, position, ordinal, chain, head.ordinal);
          if (linkBreak) {
            found = linkBreak;
            break walk;
          }

          const streamBreak = streams.add(row.stream_id, row.version, row.prev_hash, row.hash, position, ordinal);
          if (streamBreak) {
            found = streamBreak;
            break walk;
          }

          for (; nextCheckpoint < checkpoints.length; nextCheckpoint += 1) {
            const checkpoint = checkpoints[nextCheckpoint] as StoredCheckpoint;
            if (checkpoint.eventCount > ordinal) break;
            const problem = checkCheckpoint(this.publicKey, checkpoint, ordinal, position, chain);
            if (problem) {
              found = problem;
              break walk;
            }
            verifiedCheckpoints += 1;
          }
          lastPosition = position;
          if (position > highestPosition) highestPosition = position;
        }
        options.onProgress?.(count, lastPosition);
        if (rows.length < batchSize) break;
      }
    } finally {
      // A batch read ahead is not needed after a break; its answer (or failure) is ignored.
      pending.catch(() => undefined);
      await pool.close();
    }
    found ??= streams.unresolved();
    if (!found) found = await checkTail(this.sql, this.publicKey, { count, lastPosition, highestPosition }, head.ordinal, checkpoints.slice(nextCheckpoint));
    const lastCheckpoint = checkpoints[checkpoints.length - 1];
    return {
      ok: found === undefined,
      checkedEvents: found ? count - (found.reason === 'truncated' ? 0 : 1) : count,
      headPosition: lastPosition,
      chainedEvents: head.ordinal,
      checkpoints: {
        verified: verifiedCheckpoints,
        ...(lastCheckpoint ? { last: { eventCount: lastCheckpoint.eventCount, position: lastCheckpoint.position, createdAt: lastCheckpoint.createdAt } } : {}),
      },
      ...(found ? { firstBrokenPosition: found.position, reason: found.reason, detail: found.detail } : {}),
      durationMs: Date.now() - started,
    };
  }
}
