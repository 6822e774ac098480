import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { concealEvents, PersonalDataGuard } from '@app/privacy';
import { EVENT_STORE } from '@app/runtime';
import type { Principal } from '../../http/auth/principal';
import { ProjectVisibility, type RevealRequest } from '../project-visibility';

/** One entry of a project's history: an event with its metadata and hashes. */
export type HistoryItem = Pick<RecordedEvent, 'position' | 'streamId' | 'version' | 'type' | 'schemaVersion' | 'eventId' | 'recordedAt' | 'data' | 'metadata' | 'prevHash' | 'hash'> & {
  /** The stored form (personal data sealed), over which the hashes are computed, where it differs from `data`. */
  readonly storedData?: unknown;
};

/** The project's history, and the version of its last event shown (the `ETag`). */
export interface ProjectHistory {
  readonly lastVersion?: number;
  readonly history: { readonly projectId: string; readonly items: HistoryItem[] };
}

/**
 * Every event of a project's stream after `afterVersion`, merged in log order with the
 * reminders sent and escalated for it; personal data opened (or `[erased]`) for readers who see
 * it, with the stored form beside it where they differ. Undefined when the project is unknown
 * or out of the reader's scope: both answer alike.
 *
 * @example
 * const found = await queryBus.execute(new GetProjectHistory(principal, id, 0, { correlationId }));
 */
export class GetProjectHistory extends Query<ProjectHistory | undefined> {
  constructor(
    readonly principal: Principal,
    readonly projectId: string,
    readonly afterVersion: number,
    readonly asked: RevealRequest,
  ) {
    super();
  }
}

@QueryHandler(GetProjectHistory)
export class GetProjectHistoryHandler implements IQueryHandler<GetProjectHistory> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly guard: PersonalDataGuard,
    private readonly visibility: ProjectVisibility,
  ) {}

  async execute({ principal, projectId, afterVersion, asked }: GetProjectHistory): Promise<ProjectHistory | undefined> {
    if (!(await this.visibility.canSee(principal, projectId))) return undefined;
    const stored = await this.store.readStream(`project-${projectId}`, { fromVersion: afterVersion + 1 });
    if (stored.length === 0 && afterVersion === 0) return undefined;
    const shown = await this.visibility.showsPersonalData(principal, projectId, 'history', asked);
    const opened = await this.guard.open(stored);
    const storedData = new Map(stored.map((e, i) => [e.eventId, opened[i]?.data === e.data ? undefined : e.data]));
    const events = shown ? opened : concealEvents(stored, opened);
    const reminders = await this.store.readStream(`reminders-${projectId}`);
    const items = [...events, ...reminders]
      .sort((a, b) => a.position - b.position)
      .map((e) => ({
        position: e.position,
        streamId: e.streamId,
        version: e.version,
        type: e.type,
        schemaVersion: e.schemaVersion,
        eventId: e.eventId,
        recordedAt: e.recordedAt,
        data: e.data,
        ...(storedData.get(e.eventId) !== undefined ? { storedData: storedData.get(e.eventId) } : {}),
        metadata: e.metadata,
        prevHash: e.prevHash,
        hash: e.hash,
      }));
    return { lastVersion: events[events.length - 1]?.version, history: { projectId, items } };
  }
}
