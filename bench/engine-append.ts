import type { EventStore } from '@app/event-store';
import { IdGenerator } from '@app/application';
import { Operation } from './load';
import { eventData, eventMetadata, StreamNames } from './payload';

/**
 * One client of the engine's store: one event per append to its own stream with the exact
 * expected version; the store numbers it, chains its hash and checks the link in the insert.
 */
export function engineAppendClient(store: EventStore, ids: IdGenerator, names: StreamNames, client: number, streamLength: number): Operation {
  let streamId = names.next('append', client);
  let version = 0;
  return async () => {
    if (version >= streamLength) {
      streamId = names.next('append', client);
      version = 0;
    }
    const next = version + 1;
    const result = await store.appendToStreams([
      {
        streamId,
        expectedVersion: version,
        events: [{ eventId: ids.next(), type: 'BenchEventRecorded', schemaVersion: 1, data: eventData(next), metadata: eventMetadata(ids) }],
      },
    ]);
    // A wrong version here would mean the figures count something other than single appends.
    const stored = result.streams[0]?.version;
    if (stored !== next) throw new Error(`Append to ${streamId} stored version ${String(stored)}, expected ${next}`);
    version = next;
  };
}
