import { RecordedEvent } from './event-store.port';

/** Turns the data of one schema version of an event type into the next version's. */
export type Upcaster = (data: unknown) => unknown;

/**
 * The current schema version of each event type and the upcasters that bring older stored
 * events up to it, one version at a time. Stored events are never rewritten: they are upcast
 * when read.
 *
 * @example
 * const schemas = new EventSchemaRegistry({ ProposalScored: [(v1) => ({ ...v1, weights: 'equal' })] });
 * schemas.currentVersion('ProposalScored'); // 2
 */
export class EventSchemaRegistry {
  constructor(private readonly upcasters: Readonly<Record<string, readonly Upcaster[]>> = {}) {}

  /** Version new events of this type are written with (1 + number of upcasters). */
  currentVersion(type: string): number {
    return (this.upcasters[type]?.length ?? 0) + 1;
  }

  /** The stored event as the current code understands it. */
  toDomainEvent<E extends { type: string; data: unknown }>(event: Pick<RecordedEvent, 'type' | 'schemaVersion' | 'data'>): E {
    const chain = this.upcasters[event.type] ?? [];
    if (event.schemaVersion > chain.length + 1) {
      throw new Error(`${event.type} v${event.schemaVersion} is newer than this engine understands (v${chain.length + 1})`);
    }
    let data = event.data;
    for (let version = event.schemaVersion; version <= chain.length; version += 1) {
      const upcast = chain[version - 1];
      if (upcast) data = upcast(data);
    }
    return { type: event.type, data } as E;
  }
}
