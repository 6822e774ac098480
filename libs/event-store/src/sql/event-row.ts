/**
 * A row of the `events` table as it is selected (the SQL adapter's reads, the audit export): part
 * of the table's schema, so readers of the table share it without reaching the adapter.
 */
export interface EventRow {
  position: string | number;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date | string;
  prev_hash: string;
  hash: string;
}
