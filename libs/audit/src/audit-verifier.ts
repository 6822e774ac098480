import { GENESIS_HASH, SqlExecutor } from '@app/event-store';
import { AuditRecords, StoredCheckpoint } from './audit-records';
import { AuditPublicKey } from './audit-signing';
import { HashInput, HashingPool } from './hashing-pool';
import { chainHash, GENESIS_CHAIN_HASH } from './log-chain';

/** Why the verifier stopped. */
export type BreakReason =
  /** An event's stored fields no longer give its stored hash (a changed byte). */
  | 'hash_mismatch'
  /** An event does not chain to the previous event of its stream (prevHash or version order). */
  | 'broken_link'
  /** An event the chain or its stream's versions say existed is gone. */
  | 'missing_event'
  /** The recomputed global chain disagrees with the stored one (events reordered or replaced). */
  | 'chain_mismatch'
  /** An event sits inside the chained part of the log without a chain link (inserted later). */
  | 'unchained_event'
  /** A signed checkpoint does not match the recomputed chain at its place. */
  | 'checkpoint_mismatch'
  /** A checkpoint's signature does not verify with the engine's public key. */
  | 'bad_signature'
  /** The log is shorter than a signed checkpoint or the chain says it was. */
  | 'truncated';

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

/** A stored link of the global chain. */
interface Link {
  readonly ordinal: number;
  readonly chainHash: string;
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

interface Break {
  readonly position: number;
  readonly reason: BreakReason;
  readonly detail: string;
}

interface Parked {
  readonly prevHash: string;
  readonly hash: string;
  readonly position: number;
  readonly ordinal: number;
}

/**
 * Checks that every stream is versions 1..n, each chaining to the one before. Log order is
 * commit order, and a transaction that took its id early may commit a stream's next version
 * after another transaction committed later versions (ADR 1), so a version that arrives early
 * is parked until the versions before it arrive; only what is still parked at the end is missing.
 */
class StreamContinuity {
  private readonly streams = new Map<string, { version: number; hash: string; ahead?: Map<number, Parked> }>();

  add(streamId: string, version: number, prevHash: string, hash: string, position: number, ordinal: number): Break | undefined {
    let stream = this.streams.get(streamId);
    if (!stream) {
      stream = { version: 0, hash: GENESIS_HASH };
      this.streams.set(streamId, stream);
    }
    if (version <= stream.version || stream.ahead?.has(version)) {
      return { position, reason: 'broken_link', detail: `${streamId} holds version ${version} twice` };
    }
    if (version > stream.version + 1) {
      stream.ahead ??= new Map();
      stream.ahead.set(version, { prevHash, hash, position, ordinal });
      return undefined;
    }
    let next: Parked | undefined = { prevHash, hash, position, ordinal };
    while (next) {
      if (next.prevHash !== stream.hash) {
        return { position: next.position, reason: 'broken_link', detail: `${streamId} v${stream.version + 1} does not chain to the previous event of its stream` };
      }
      stream.version += 1;
      stream.hash = next.hash;
      next = stream.ahead?.get(stream.version + 1);
      if (next) stream.ahead?.delete(stream.version + 1);
    }
    if (stream.ahead?.size === 0) delete stream.ahead;
    return undefined;
  }

  /** The first event (in log order) whose stream never showed the versions before it. */
  unresolved(): Break | undefined {
    let first: { streamId: string; version: number; expected: number; parked: Parked } | undefined;
    for (const [streamId, stream] of this.streams) {
      for (const [version, parked] of stream.ahead ?? []) {
        if (!first || parked.ordinal < first.parked.ordinal) first = { streamId, version, expected: stream.version + 1, parked };
      }
    }
    return first
      ? { position: first.parked.position, reason: 'missing_event', detail: `${first.streamId} jumps from version ${first.expected - 1} to ${first.version}` }
      : undefined;
  }
}

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
          const link = links.get(position) ?? (ordinal <= head.ordinal ? await this.linkOf(position) : undefined);
          const linkBreak = await this.checkLink(link, position, ordinal, chain, head.ordinal);
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
            const problem = this.checkCheckpoint(checkpoint, ordinal, position, chain);
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
    if (!found) found = await this.checkTail(count, lastPosition, highestPosition, head.ordinal, checkpoints.slice(nextCheckpoint));
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

  /**
   * Compares the recomputed chain with the link stored for this event. When the link belongs to
   * another place in the chain, the break is named at the position the chain recorded for this
   * place: the event that should be here, whether it was deleted or moved.
   */
  /** The stored link of the event at a position (off the batch's range: only after tampering). */
  private async linkOf(position: number): Promise<Link | undefined> {
    const res = await this.sql.query<{ ordinal: string | number; chain_hash: string }>('SELECT ordinal, chain_hash FROM audit_chain WHERE position = $1', [position]);
    const row = res.rows[0];
    return row ? { ordinal: Number(row.ordinal), chainHash: row.chain_hash } : undefined;
  }

  private async checkLink(link: Link | undefined, position: number, ordinal: number, chain: string, chainedAtStart: number): Promise<Break | undefined> {
    if (!link) {
      if (ordinal > chainedAtStart) return undefined;
      const expected = await AuditRecords.linkAt(this.sql, ordinal);
      return {
        position: expected?.position ?? position,
        reason: 'unchained_event',
        detail: `the event at position ${position} has no link in the chain, which already covers ${chainedAtStart} events`,
      };
    }
    const storedOrdinal = link.ordinal;
    if (storedOrdinal === ordinal) {
      return link.chainHash === chain
        ? undefined
        : { position, reason: 'chain_mismatch', detail: `the chain after event ${ordinal} (position ${position}) differs from the stored link` };
    }
    const expected = await AuditRecords.linkAt(this.sql, ordinal);
    if (!expected) {
      return { position, reason: 'missing_event', detail: `the chain link of event ${ordinal} is gone; found the event of link ${storedOrdinal} in its place` };
    }
    const stillThere = await this.sql.query('SELECT 1 FROM events WHERE position = $1', [expected.position]);
    if (stillThere.rows.length === 0 && storedOrdinal > ordinal) {
      return { position: expected.position, reason: 'missing_event', detail: `event ${ordinal} of the log (position ${expected.position}) is gone` };
    }
    return {
      position: expected.position,
      reason: 'chain_mismatch',
      detail: `event ${ordinal} of the log should be at position ${expected.position}; found the event at position ${position} (link ${storedOrdinal}) in its place`,
    };
  }

  private checkCheckpoint(checkpoint: StoredCheckpoint, ordinal: number, position: number, chain: string): Break | undefined {
    if (!this.publicKey.verifyCheckpoint(checkpoint)) {
      return { position: checkpoint.position, reason: 'bad_signature', detail: `checkpoint ${checkpoint.id} is not signed by key ${this.publicKey.keyId}` };
    }
    if (checkpoint.eventCount !== ordinal || checkpoint.position !== position || checkpoint.chainHash !== chain) {
      return {
        position: checkpoint.position,
        reason: 'checkpoint_mismatch',
        detail: `checkpoint ${checkpoint.id} signed event ${checkpoint.eventCount} at position ${checkpoint.position}; the log recomputes another chain there`,
      };
    }
    return undefined;
  }

  /** After the last event: the chain and the checkpoints must not know of more events. */
  private async checkTail(
    count: number,
    lastPosition: number,
    highestPosition: number,
    chainedAtStart: number,
    remaining: readonly StoredCheckpoint[],
  ): Promise<Break | undefined> {
    for (const checkpoint of remaining) {
      if (!this.publicKey.verifyCheckpoint(checkpoint)) {
        return { position: checkpoint.position, reason: 'bad_signature', detail: `checkpoint ${checkpoint.id} is not signed by key ${this.publicKey.keyId}` };
      }
    }
    // What the chain and the checkpoints knew when the walk began was all visible to the walk;
    // links added since may cover events committed after it and prove nothing missing.
    const promised = Math.max(chainedAtStart, ...remaining.map((c) => c.eventCount));
    if (promised <= count) return undefined;
    const firstMissing = await AuditRecords.linkAt(this.sql, count + 1);
    const signed = remaining[remaining.length - 1];
    // Without its chain link the first missing event's position is unknown: positions are
    // handed out in order, so it is at least the one after the highest that is left (within the
    // signed range); refused appends leave gaps in positions, so it may be higher.
    const position = firstMissing?.position ?? Math.min(highestPosition + 1, signed?.position ?? highestPosition + 1);
    const by = signed && signed.eventCount === promised ? `signed checkpoint ${signed.id} (${signed.createdAt}) covers` : 'the chain covers';
    return {
      position,
      reason: 'truncated',
      detail: `the log ends after ${count} events (position ${lastPosition}) but ${by} ${promised} events up to position ${signed?.position ?? position}`,
    };
  }
}
