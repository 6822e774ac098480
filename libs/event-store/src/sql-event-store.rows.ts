import type { RecordedEvent } from './event-store.port';
import type { EventRow } from './sql/event-row';

export type { EventRow };


export const EVENT_COLUMNS =
  'position, transaction_id::text AS transaction_id, event_id::text AS event_id, stream_id, version, type, schema_version, data, metadata, recorded_at, prev_hash, hash';

/** Maps a row to the port's event shape. `int8` arrives as a string from `pg`, a number from PGlite. */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    version: row.version,
    position: Number(row.position),
    transactionId: row.transaction_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: new Date(row.recorded_at).toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
