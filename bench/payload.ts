import { EventMetadata } from '@app/event-store';
import { IdGenerator } from '@app/application';

/** The actor every benchmark event is attributed to. */
export const BENCH_ACTOR = Object.freeze({ id: 'bench-officer-0001', roles: ['officer'] as const });

/*
 * A fixed note, so every event's data has the same size whatever variant writes it. Its length
 * brings the data to roughly what a grant decision event carries (ids, amounts, a short text).
 */
const NOTE = 'Tham dinh ho so de xuat khuyen cong: dat yeu cau ve muc tieu, kinh phi va tien do. '.repeat(2);

/** The data of the n-th event of a stream; the same shape and size in every variant. */
export function eventData(sequence: number): Record<string, unknown> {
  return {
    projectId: 'prj-000000000000',
    sequence,
    amountVnd: 125_000_000,
    decision: 'approved',
    note: NOTE,
  };
}

/**
 * Metadata of the shape the command path stamps on every event (actor, command, correlation,
 * causation, occurrence time), so the raw baseline and the engine carry the same bytes.
 */
export function eventMetadata(ids: IdGenerator): EventMetadata {
  const commandId = ids.next();
  return {
    actor: { id: BENCH_ACTOR.id, roles: [...BENCH_ACTOR.roles] },
    commandId,
    correlationId: ids.next(),
    causationId: commandId,
    occurredAt: new Date().toISOString(),
  };
}

/** JSON sizes in bytes of one event's data and metadata, for the report. */
export function payloadSizes(ids: IdGenerator): { dataBytes: number; metadataBytes: number } {
  return {
    dataBytes: Buffer.byteLength(JSON.stringify(eventData(25))),
    metadataBytes: Buffer.byteLength(JSON.stringify(eventMetadata(ids))),
  };
}

/** Stream ids unique within the run's schema. */
export class StreamNames {
  private counter = 0;

  next(kind: string, client: number): string {
    this.counter += 1;
    return `bench-${kind}-${client}-${this.counter}`;
  }
}
