import { REMINDER_EVENT_SCHEMA_VERSIONS, type ReminderEventType } from '@app/domain';
import type { AppendRequest } from '@app/event-store';
import { deterministicUuid } from './deterministic-id';
import { REMINDER_STREAM_PREFIX } from './reminders.projection';

/** A reminder fact to append once (its event id derives from `key`). */
export interface ReminderFact {
  readonly key: string;
  readonly type: ReminderEventType;
  readonly data: Record<string, unknown>;
}

/**
 * The append of reminder facts whose ids derive from their keys (instants in them normalised to
 * epoch milliseconds, so `…+07:00` and `…Z` spellings of one time are one key): the same key
 * twice writes once.
 *
 * @example
 * await store.appendToStreams([reminderFactsRequest(projectId, [{ key: `${id}|inbox|${at}`, type: 'ReminderSent', data }])]);
 */
export function reminderFactsRequest(projectId: string, facts: readonly ReminderFact[]): AppendRequest {
  const normalise = (rawKey: string) =>
    rawKey
      .split('|')
      .map((part) => (/^\d{4}-\d{2}-\d{2}T/.test(part) && !Number.isNaN(Date.parse(part)) ? String(Date.parse(part)) : part))
      .join('|');
  return {
    streamId: `${REMINDER_STREAM_PREFIX}${projectId}`,
    expectedVersion: 'any',
    events: facts.map((f) => ({
      eventId: deterministicUuid(`reminder-fact|${normalise(f.key)}`),
      type: f.type,
      schemaVersion: REMINDER_EVENT_SCHEMA_VERSIONS[f.type],
      data: f.data,
      metadata: { actor: { id: 'reminders', roles: ['system'] } },
    })),
  };
}
