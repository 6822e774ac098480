import { SqlExecutor } from '@app/event-store';
import { SignedCheckpoint } from './audit-signing';
import { GENESIS_CHAIN_HASH } from './log-chain';

/** The newest link of the global chain. */
export interface ChainHead {
  /** Events chained so far (the ordinal of the newest link); 0 before the first. */
  readonly ordinal: number;
  readonly position: number;
  readonly transactionId: string;
  readonly chainHash: string;
}

/** The head before anything was chained. */
export const EMPTY_CHAIN_HEAD: ChainHead = Object.freeze({ ordinal: 0, position: 0, transactionId: '0', chainHash: GENESIS_CHAIN_HASH });

/** A stored checkpoint with its row id. */
export interface StoredCheckpoint extends SignedCheckpoint {
  readonly id: number;
}

interface CheckpointRow {
  id: string | number;
  event_count: string | number;
  position: string | number;
  transaction_id: string;
  chain_hash: string;
  created_at: Date | string;
  key_id: string;
  signature: string;
}

const CHECKPOINT_COLUMNS = 'id, event_count, position, transaction_id::text AS transaction_id, chain_hash, created_at, key_id, signature';

function toCheckpoint(row: CheckpointRow): StoredCheckpoint {
  return {
    id: Number(row.id),
    eventCount: Number(row.event_count),
    position: Number(row.position),
    transactionId: row.transaction_id,
    chainHash: row.chain_hash,
    createdAt: new Date(row.created_at).toISOString(),
    keyId: row.key_id,
    signature: row.signature,
  };
}

/**
 * Reads and writes of the audit tables, shared by the chain subscription, the verifier and the
 * exports so every one of them reads the same rows the same way.
 *
 * @example
 * const head = await AuditRecords.chainHead(db);
 */
export const AuditRecords = {
  async chainHead(sql: SqlExecutor): Promise<ChainHead> {
    const res = await sql.query<{ ordinal: string | number; position: string | number; transaction_id: string; chain_hash: string }>(
      'SELECT ordinal, position, transaction_id::text AS transaction_id, chain_hash FROM audit_chain ORDER BY ordinal DESC LIMIT 1',
    );
    const row = res.rows[0];
    return row
      ? { ordinal: Number(row.ordinal), position: Number(row.position), transactionId: row.transaction_id, chainHash: row.chain_hash }
      : EMPTY_CHAIN_HEAD;
  },

  /** The link with a given ordinal, if stored. */
  async linkAt(sql: SqlExecutor, ordinal: number): Promise<ChainHead | undefined> {
    if (ordinal <= 0) return EMPTY_CHAIN_HEAD;
    const res = await sql.query<{ ordinal: string | number; position: string | number; transaction_id: string; chain_hash: string }>(
      'SELECT ordinal, position, transaction_id::text AS transaction_id, chain_hash FROM audit_chain WHERE ordinal = $1',
      [ordinal],
    );
    const row = res.rows[0];
    return row ? { ordinal: Number(row.ordinal), position: Number(row.position), transactionId: row.transaction_id, chainHash: row.chain_hash } : undefined;
  },

  /** Checkpoints in the order of the events they cover (then of writing). */
  async checkpoints(sql: SqlExecutor, options: { fromCount?: number; toCount?: number; newestFirst?: boolean; limit?: number } = {}): Promise<StoredCheckpoint[]> {
    const res = await sql.query<CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints
       WHERE event_count >= $1 AND ($2::bigint IS NULL OR event_count <= $2)
       ORDER BY event_count ${options.newestFirst ? 'DESC' : 'ASC'}, id ${options.newestFirst ? 'DESC' : 'ASC'}
       LIMIT $3`,
      [options.fromCount ?? 0, options.toCount ?? null, options.limit ?? null],
    );
    return res.rows.map(toCheckpoint);
  },

  async lastCheckpoint(sql: SqlExecutor): Promise<StoredCheckpoint | undefined> {
    return (await AuditRecords.checkpoints(sql, { newestFirst: true, limit: 1 }))[0];
  },

  async insertCheckpoint(sql: SqlExecutor, checkpoint: SignedCheckpoint): Promise<StoredCheckpoint> {
    const res = await sql.query<CheckpointRow>(
      `INSERT INTO audit_checkpoints (event_count, position, transaction_id, chain_hash, created_at, key_id, signature)
       VALUES ($1, $2, $3::xid8, $4, $5, $6, $7) RETURNING ${CHECKPOINT_COLUMNS}`,
      [checkpoint.eventCount, checkpoint.position, checkpoint.transactionId, checkpoint.chainHash, checkpoint.createdAt, checkpoint.keyId, checkpoint.signature],
    );
    const row = res.rows[0];
    if (!row) throw new Error('inserting a checkpoint returned no row');
    return toCheckpoint(row);
  },
};
