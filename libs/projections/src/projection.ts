import { RecordedEvent, SqlExecutor } from '@app/event-store';

/** Where a projection writes: the transaction, and the physical names of its tables. */
export interface ProjectionContext {
  readonly sql: SqlExecutor;
  /** The physical table behind a logical name in the generation being written. */
  table(name: string): string;
}

/**
 * A read model computed from the log. Rules it follows: it never rejects a recorded fact; it is
 * idempotent (applying an event twice changes nothing, usually by keeping the last applied
 * stream version per row); it reads nothing but its own tables and the events given.
 *
 * Readers query the logical table names: each is a view over the live generation's table, so a
 * rebuild (blue/green) switches them in one transaction.
 *
 * @example
 * export const programmeBudgetProjection: Projection = { name: 'programme_budget', version: 1, tables: ['programme_budget'], schema, apply };
 */
export interface Projection {
  readonly name: string;
  /** Bump when the tables or the meaning of a row change: a new generation is built. */
  readonly version: number;
  /** Logical table names (also the names of the views readers query). */
  readonly tables: readonly string[];
  /** DDL creating the tables under the given physical names (and their indexes). */
  schema(table: (name: string) => string): string;
  apply(events: readonly RecordedEvent[], context: ProjectionContext): Promise<void>;
  /**
   * Deletes what the projection derived from one stream, so the stream can be applied again
   * from its first event (after an erasure, the rows must show `[erased]`).
   */
  forget?(streamId: string, context: ProjectionContext): Promise<void>;
}

/** Physical name of a projection table in a generation (`rm_projects_g2`). */
export function physicalTable(name: string, generation: number): string {
  return `rm_${name}_g${generation}`;
}

/** Name of the log subscription that feeds a projection generation. */
export function projectionSubscription(name: string, generation: number): string {
  return `projection:${name}:g${generation}`;
}
