import { EventSchemaRegistry, RecordedEvent } from '@app/event-store';
import { Projection, ProjectionContext } from '../projection';

/**
 * A read model with one row per stream: the row keeps a document folded from the stream's
 * events plus columns derived from it for filtering. A batch loads the rows it touches in one
 * query, folds in memory and writes them back in one multi-row upsert. Each row remembers the
 * stream version it has applied, so an event delivered again changes nothing.
 */
export interface DocumentProjectionSpec<Doc> {
  readonly name: string;
  readonly version: number;
  readonly table: string;
  /** Streams whose id starts with this prefix feed the projection (`project-`). */
  readonly streamPrefix: string;
  /** Column definitions besides `id`, `version`, `position`, `updated_at` and `doc`. */
  readonly columns: string;
  /** Extra DDL (indexes) for the table, given its physical name. */
  readonly indexes?: (table: string) => string;
  readonly schemas: EventSchemaRegistry;
  initial(id: string): Doc;
  /** Folds one event (already upcast) into the document. Never throws on a recorded fact. */
  evolve(doc: Doc, event: { type: string; data: unknown }, recorded: RecordedEvent): Doc;
  /** The derived column values, keyed by column name. */
  row(doc: Doc): Record<string, unknown>;
}

interface Row<Doc> {
  id: string;
  version: number;
  position: number;
  updated_at: string;
  doc: Doc;
}

/**
 * Makes a {@link Projection} from a {@link DocumentProjectionSpec}.
 *
 * @example
 * export const projectsProjection = documentProjection({ name: 'projects', table: 'projects', streamPrefix: 'project-', ... });
 */
export function documentProjection<Doc>(spec: DocumentProjectionSpec<Doc>): Projection {
  return {
    name: spec.name,
    version: spec.version,
    tables: [spec.table],
    schema: (t) => `
CREATE TABLE ${t(spec.table)} (
  id text PRIMARY KEY,
  version integer NOT NULL,
  position bigint NOT NULL,
  updated_at timestamptz NOT NULL,
  doc jsonb NOT NULL,
  ${spec.columns}
);
${spec.indexes?.(t(spec.table)) ?? ''}`,
    async forget(streamId: string, { sql, table }: ProjectionContext): Promise<void> {
      if (!streamId.startsWith(spec.streamPrefix)) return;
      await sql.query(`DELETE FROM ${table(spec.table)} WHERE id = $1`, [streamId.slice(spec.streamPrefix.length)]);
    },
    async apply(events: readonly RecordedEvent[], { sql, table }: ProjectionContext): Promise<void> {
      const mine = events.filter((e) => e.streamId.startsWith(spec.streamPrefix));
      if (mine.length === 0) return;
      const ids = [...new Set(mine.map((e) => e.streamId.slice(spec.streamPrefix.length)))];
      const existing = await sql.query<{ id: string; version: number; position: string | number; updated_at: Date | string; doc: Doc }>(
        `SELECT id, version, position, updated_at, doc FROM ${table(spec.table)} WHERE id = ANY($1::text[])`,
        [ids],
      );
      const rows = new Map<string, Row<Doc>>(
        existing.rows.map((r) => [
          r.id,
          { id: r.id, version: r.version, position: Number(r.position), updated_at: new Date(r.updated_at).toISOString(), doc: r.doc },
        ]),
      );
      const changed = new Set<string>();
      for (const event of mine) {
        const id = event.streamId.slice(spec.streamPrefix.length);
        const row = rows.get(id) ?? { id, version: 0, position: 0, updated_at: event.recordedAt, doc: spec.initial(id) };
        if (event.version <= row.version) continue;
        rows.set(id, {
          id,
          version: event.version,
          position: event.position,
          updated_at: event.recordedAt,
          doc: spec.evolve(row.doc, spec.schemas.toDomainEvent(event), event),
        });
        changed.add(id);
      }
      if (changed.size === 0) return;
      const records = [...changed].map((id) => {
        const row = rows.get(id) as Row<Doc>;
        return { ...spec.row(row.doc), id: row.id, version: row.version, position: row.position, updated_at: row.updated_at, doc: row.doc };
      });
      const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
      const assignments = columns.filter((c) => c !== 'id').map((c) => `${c} = EXCLUDED.${c}`);
      await sql.query(
        `INSERT INTO ${table(spec.table)} AS t (${columns.join(', ')})
         SELECT ${columns.join(', ')} FROM jsonb_populate_recordset(NULL::${table(spec.table)}, $1::jsonb)
         ON CONFLICT (id) DO UPDATE SET ${assignments.join(', ')} WHERE t.version < EXCLUDED.version`,
        [JSON.stringify(records)],
      );
    },
  };
}
