import { ApplicationError } from '@app/application';
import { canonicalJson, type EventRow, SqlExecutor } from '@app/event-store';
import { AuditRecords, StoredCheckpoint } from './audit-records';
import { AuditSigner } from './audit-signing';
import { GENESIS_CHAIN_HASH } from './log-chain';

/** Name and version of the export format (first line of every export). */
export const EXPORT_FORMAT = 'grants-audit-export/1';

/** The range asked for an export; both ends inclusive, both optional. */
export interface ExportRequest {
  readonly fromPosition?: number;
  readonly toPosition?: number;
}

/** An export resolved to a contiguous run of the global chain. */
export interface ExportPlan {
  readonly fromPosition: number;
  readonly toPosition: number;
  /** First and last chain ordinal exported (log order); `toOrdinal < fromOrdinal` when empty. */
  readonly fromOrdinal: number;
  readonly toOrdinal: number;
  readonly eventCount: number;
  /** The chain value before the first exported event. */
  readonly chainBefore: string;
  /** Position of the newest chained event: newer events are exported once the worker chained them. */
  readonly chainedThroughPosition: number;
  /** The signed checkpoint at `fromOrdinal - 1`, when there is one: it anchors `chainBefore`. */
  readonly anchorCheckpoint?: StoredCheckpoint;
}

/**
 * The range holds more events than one export may (`too_large`, with the maximum).
 *
 * @example
 * throw new ExportTooLargeError(1_000_000, 1_250_000);
 */
export class ExportTooLargeError extends ApplicationError {
  readonly code = 'AUDIT.EXPORT_TOO_LARGE';
  readonly kind = 'too_large' as const;
  override readonly details: Readonly<Record<string, unknown>>;
  constructor(
    readonly maxEvents: number,
    readonly requestedEvents: number,
  ) {
    super(`The range holds ${requestedEvents} events; one export carries at most ${maxEvents}. Narrow fromPosition/toPosition and export in parts.`);
    this.details = { maxEvents, requestedEvents };
  }
}

/** An event row of the store with its link of the global chain. */
interface ExportRow extends EventRow {
  ordinal: string | number;
  chain_hash: string;
}

const EXPORT_BATCH_SQL = `SELECT c.ordinal, c.chain_hash, e.position, e.transaction_id::text AS transaction_id, e.event_id::text AS event_id,
  e.stream_id, e.version, e.type, e.schema_version, e.data, e.metadata, e.recorded_at, e.prev_hash, e.hash
FROM audit_chain c JOIN events e ON e.position = c.position
WHERE c.ordinal BETWEEN $1 AND $2
ORDER BY c.ordinal`;

/**
 * The fields of an export's last line that its signature covers.
 *
 * @example
 * signer.sign(exportEndPayload(end));
 */
export function exportEndPayload(end: {
  fromOrdinal: number;
  toOrdinal: number;
  eventCount: number;
  chainBefore: string;
  chainHash: string;
  exportedAt: string;
  keyId: string;
}): string {
  return canonicalJson({
    kind: 'end',
    format: EXPORT_FORMAT,
    fromOrdinal: end.fromOrdinal,
    toOrdinal: end.toOrdinal,
    eventCount: end.eventCount,
    chainBefore: end.chainBefore,
    chainHash: end.chainHash,
    exportedAt: end.exportedAt,
    keyId: end.keyId,
  });
}

function checkpointLine(c: StoredCheckpoint): Record<string, unknown> {
  return {
    kind: 'checkpoint',
    id: c.id,
    position: c.position,
    transactionId: c.transactionId,
    eventCount: c.eventCount,
    chainHash: c.chainHash,
    createdAt: c.createdAt,
    keyId: c.keyId,
    signature: c.signature,
  };
}

/**
 * The audit export: NDJSON holding everything an offline verifier needs and nothing it must
 * trust. Line 1 is a header (range, the chain value before the first event, the public key and,
 * when there is one, the signed checkpoint that anchors that value); then one line per event
 * with every field of its envelope, its hash, `prevHash` and its chain link, each signed
 * checkpoint of the range right after the event it covers; the last line states the range and
 * the final chain value, signed with the engine's key, so a cut or edited file is noticed.
 * Events are read in batches, so a large range never sits in memory.
 *
 * @example
 * const plan = await exporter.plan({ fromPosition: 1, toPosition: 5000 });
 * for await (const line of exporter.lines(plan)) response.write(line);
 */
export class EventExport {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly signer: () => AuditSigner,
    private readonly options: { readonly maxEvents: number; readonly batchSize?: number; readonly now?: () => Date },
  ) {}

  async plan(request: ExportRequest): Promise<ExportPlan> {
    const fromPosition = request.fromPosition ?? 1;
    const head = await AuditRecords.chainHead(this.sql);
    const toPosition = request.toPosition ?? head.position;
    const first = await this.sql.query<{ ordinal: string | number }>('SELECT ordinal FROM audit_chain WHERE position >= $1 ORDER BY position LIMIT 1', [fromPosition]);
    const last = await this.sql.query<{ ordinal: string | number }>('SELECT ordinal FROM audit_chain WHERE position <= $1 ORDER BY position DESC LIMIT 1', [toPosition]);
    const fromOrdinal = first.rows[0] ? Number(first.rows[0].ordinal) : head.ordinal + 1;
    const toOrdinal = last.rows[0] ? Number(last.rows[0].ordinal) : 0;
    const eventCount = Math.max(0, toOrdinal - fromOrdinal + 1);
    if (eventCount > this.options.maxEvents) throw new ExportTooLargeError(this.options.maxEvents, eventCount);
    const before = await AuditRecords.linkAt(this.sql, fromOrdinal - 1);
    const anchor = fromOrdinal > 1 ? (await AuditRecords.checkpoints(this.sql, { fromCount: fromOrdinal - 1, toCount: fromOrdinal - 1, limit: 1 }))[0] : undefined;
    return {
      fromPosition,
      toPosition,
      fromOrdinal,
      toOrdinal: eventCount === 0 ? fromOrdinal - 1 : toOrdinal,
      eventCount,
      chainBefore: before?.chainHash ?? GENESIS_CHAIN_HASH,
      chainedThroughPosition: head.position,
      ...(anchor ? { anchorCheckpoint: anchor } : {}),
    };
  }

  /** The lines of the export, each ending in `\n`. */
  async *lines(plan: ExportPlan): AsyncGenerator<string> {
    const signer = this.signer();
    const key = signer.publicKey;
    const exportedAt = (this.options.now?.() ?? new Date()).toISOString();
    yield `${JSON.stringify({
      kind: 'header',
      format: EXPORT_FORMAT,
      fromPosition: plan.fromPosition,
      toPosition: plan.toPosition,
      fromOrdinal: plan.fromOrdinal,
      toOrdinal: plan.toOrdinal,
      eventCount: plan.eventCount,
      chainBefore: plan.chainBefore,
      chainedThroughPosition: plan.chainedThroughPosition,
      chain: 'chain_n = SHA-256(chain_{n-1} || hash || uint64be(position)); hash = SHA-256(prevHash || canonical JSON of the event)',
      publicKey: key.describe(),
      exportedAt,
      ...(plan.anchorCheckpoint ? { anchorCheckpoint: checkpointLine(plan.anchorCheckpoint) } : {}),
    })}\n`;

    const checkpoints = plan.eventCount > 0 ? await AuditRecords.checkpoints(this.sql, { fromCount: plan.fromOrdinal, toCount: plan.toOrdinal }) : [];
    let nextCheckpoint = 0;
    let chain = plan.chainBefore;
    let exported = 0;
    const batch = this.options.batchSize ?? 1000;
    for (let start = plan.fromOrdinal; start <= plan.toOrdinal; start += batch) {
      const end = Math.min(plan.toOrdinal, start + batch - 1);
      const { rows } = await this.sql.query<ExportRow>(EXPORT_BATCH_SQL, [start, end], 'audit_export_batch');
      let text = '';
      for (const row of rows) {
        const ordinal = Number(row.ordinal);
        chain = row.chain_hash;
        exported += 1;
        text += `${JSON.stringify({
          kind: 'event',
          ordinal,
          position: Number(row.position),
          transactionId: row.transaction_id,
          eventId: row.event_id,
          streamId: row.stream_id,
          version: row.version,
          type: row.type,
          schemaVersion: row.schema_version,
          data: row.data,
          metadata: row.metadata,
          recordedAt: new Date(row.recorded_at).toISOString(),
          prevHash: row.prev_hash,
          hash: row.hash,
          chainHash: row.chain_hash,
        })}\n`;
        for (; nextCheckpoint < checkpoints.length; nextCheckpoint += 1) {
          const checkpoint = checkpoints[nextCheckpoint] as StoredCheckpoint;
          if (checkpoint.eventCount > ordinal) break;
          text += `${JSON.stringify(checkpointLine(checkpoint))}\n`;
        }
      }
      yield text;
    }
    const end = { fromOrdinal: plan.fromOrdinal, toOrdinal: plan.toOrdinal, eventCount: exported, chainBefore: plan.chainBefore, chainHash: chain, exportedAt, keyId: key.keyId };
    yield `${JSON.stringify({ kind: 'end', format: EXPORT_FORMAT, ...end, signature: signer.sign(exportEndPayload(end)) })}\n`;
  }
}
