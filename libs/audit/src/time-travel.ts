import { AggregateType, programmeAggregate, programmeStreamId, projectAggregate, projectStreamId } from '@app/application';
import { DomainError, ErrorCode, notFound, ProgrammeState, ProjectState } from '@app/domain';
import { EventSchemaRegistry, EventStore, firstBrokenLink, RecordedEvent } from '@app/event-store';

/** Which past to replay: one of a stream version, a recorded instant, or an effective instant. */
export type AsOf =
  | { readonly version: number }
  | { readonly at: string }
  | { readonly asOfEffective: string }
  /** The latest state. */
  | { readonly latest: true };

/** The policy a decision applied, as pinned in its event's metadata. */
export interface PolicyPin {
  readonly id: string;
  readonly version: number;
  readonly hash?: string;
}

/** A state replayed from the log as it was at some point. */
export interface StateAsOf<State> {
  readonly id: string;
  readonly streamId: string;
  /** Version of the last event folded. */
  readonly version: number;
  readonly status: string;
  readonly state: State;
  readonly asOf: AsOf;
  /** The policy pinned by the last folded decision (or the one the entity pinned when created). */
  readonly policy: PolicyPin | null;
  readonly lastEvent: { readonly type: string; readonly position: number; readonly recordedAt: string; readonly occurredAt?: string };
  /** The stream's own hash chain over the events read (from version 1). */
  readonly integrity: { readonly chainVerified: boolean; readonly firstBrokenVersion?: number };
  /**
   * With `asOfEffective`: versions recorded before the last folded one whose effective time
   * (`metadata.occurredAt`) is later, so they are left out of that past.
   */
  readonly excludedVersions?: readonly number[];
}

export interface TimeTravelOptions {
  /**
   * Turns stored events into what the domain folds (e.g. personal data opened, or `[erased]`).
   * The stream's hash chain is checked on the events as stored, before this.
   */
  readonly open?: (events: readonly RecordedEvent[]) => Promise<RecordedEvent[]>;
}

/** How one kind of stream is replayed: its aggregate, plus how errors and URLs name it. */
interface StreamKind<State> {
  readonly label: 'project' | 'programme';
  readonly codes: { readonly notFoundAt: ErrorCode; readonly replayFailed: ErrorCode };
  /** Events reach it upcast, as the domain event types of its stream (hence `never` here). */
  readonly aggregate: AggregateType<State, never>;
  streamId(id: string): string;
}

const PROJECT_KIND: StreamKind<ProjectState> = { label: 'project', codes: { notFoundAt: 'PROJECT.NOT_FOUND_AT', replayFailed: 'PROJECT.REPLAY_FAILED' }, aggregate: projectAggregate, streamId: projectStreamId };
const PROGRAMME_KIND: StreamKind<ProgrammeState> = { label: 'programme', codes: { notFoundAt: 'PROGRAMME.NOT_FOUND_AT', replayFailed: 'PROGRAMME.REPLAY_FAILED' }, aggregate: programmeAggregate, streamId: programmeStreamId };

/** The policy the entity pinned when it was created. */
function pinnedPolicy(state: ProjectState | ProgrammeState): PolicyPin | null {
  return state.status === 'none' ? null : { id: state.policyId, version: state.policyVersion };
}

function replayWith<State>(kind: StreamKind<State>, events: readonly Pick<RecordedEvent, 'type' | 'schemaVersion' | 'data'>[], schemas: EventSchemaRegistry): State {
  return events.reduce<State>((state, event) => kind.aggregate.evolve(state, schemas.toDomainEvent(event)), kind.aggregate.initialState);
}

/**
 * Folds stored events (upcast one schema version at a time) into a project state, the same way
 * the command path and the read model do. Used by time travel and the golden-file tests.
 *
 * @example
 * const state = replayProject(await store.readStream('project-p1'), new EventSchemaRegistry(EVENT_UPCASTERS));
 */
export function replayProject(events: readonly Pick<RecordedEvent, 'type' | 'schemaVersion' | 'data'>[], schemas: EventSchemaRegistry): ProjectState {
  return replayWith(PROJECT_KIND, events, schemas);
}

/**
 * Folds stored programme events into its state.
 *
 * @example
 * const state = replayProgramme(await store.readStream('programme-la-2026'), schemas);
 */
export function replayProgramme(events: readonly Pick<RecordedEvent, 'type' | 'schemaVersion' | 'data'>[], schemas: EventSchemaRegistry): ProgrammeState {
  return replayWith(PROGRAMME_KIND, events, schemas);
}

function effectiveAt(event: RecordedEvent): number {
  const occurred = event.metadata.occurredAt;
  return Date.parse(typeof occurred === 'string' ? occurred : event.recordedAt);
}

/**
 * Time travel over the log: the state of a project or a programme at a stream version, at an
 * instant by recorded time, or at an instant by effective time (`metadata.occurredAt`, which a
 * back-dated decision sets earlier than its recording). Facts are folded, never re-decided, so
 * each decision stays as made under the policy version it pinned; the answer names that pin.
 *
 * @example
 * const past = await timeTravel.project('p1', { at: '2026-04-01T00:00:00Z' });
 * past.status; // 'in_appraisal'
 */
export class TimeTravel {
  constructor(
    private readonly store: Pick<EventStore, 'readStream'>,
    private readonly schemas: EventSchemaRegistry,
    private readonly options: TimeTravelOptions = {},
  ) {}

  project(id: string, asOf: AsOf): Promise<StateAsOf<ProjectState>> {
    return this.replay(PROJECT_KIND, id, asOf);
  }

  programme(id: string, asOf: AsOf): Promise<StateAsOf<ProgrammeState>> {
    return this.replay(PROGRAMME_KIND, id, asOf);
  }

  private async replay<State>(kind: StreamKind<State>, id: string, asOf: AsOf): Promise<StateAsOf<State>> {
    const streamId = kind.streamId(id);
    const read =
      'version' in asOf
        ? await this.store.readStream(streamId, { toVersion: asOf.version })
        : 'at' in asOf
          ? await this.store.readStream(streamId, { toRecordedAt: asOf.at })
          : await this.store.readStream(streamId);
    // The chain covers the stored bytes: check it (on `read`) before anything is opened.
    const opened = this.options.open ? await this.options.open(read) : read;
    let selected: RecordedEvent[] = opened;
    let excluded: number[] = [];
    if ('asOfEffective' in asOf) {
      const limit = Date.parse(asOf.asOfEffective);
      selected = opened.filter((e) => effectiveAt(e) <= limit);
      const lastVersion = selected[selected.length - 1]?.version ?? 0;
      excluded = opened.filter((e) => e.version < lastVersion && effectiveAt(e) > limit).map((e) => e.version);
    }
    const last = selected[selected.length - 1];
    if (!last) throw await this.notFound(kind, id, streamId, asOf);
    if ('version' in asOf && last.version < asOf.version) {
      throw new DomainError('not_found', kind.codes.notFoundAt, `${capitalise(kind.label)} ${id} has ${last.version} versions; version ${asOf.version} does not exist`, {
        id,
        version: asOf.version,
        latestVersion: last.version,
      });
    }

    let state = kind.aggregate.initialState;
    let policy: PolicyPin | null = null;
    for (const event of selected) {
      try {
        state = kind.aggregate.evolve(state, this.schemas.toDomainEvent(event));
      } catch (error) {
        throw new DomainError(
          'conflict',
          kind.codes.replayFailed,
          `${capitalise(kind.label)} ${id} cannot be replayed to this point: ${error instanceof Error ? error.message : String(error)}`,
          { id, version: event.version },
        );
      }
      const pin = event.metadata.policy;
      if (pin) policy = { id: pin.id, version: pin.version, hash: pin.hash };
    }
    // The events read start at version 1, so the stream's own chain can be checked over them.
    const prefix = read.filter((e) => e.version <= last.version);
    const broken = firstBrokenLink(prefix);
    const occurredAt = last.metadata.occurredAt;
    return {
      id,
      streamId,
      version: last.version,
      status: kind.aggregate.status(state),
      state,
      asOf,
      policy: policy ?? pinnedPolicy(state as ProjectState | ProgrammeState),
      lastEvent: { type: last.type, position: last.position, recordedAt: last.recordedAt, ...(typeof occurredAt === 'string' ? { occurredAt } : {}) },
      integrity: broken === undefined ? { chainVerified: true } : { chainVerified: false, firstBrokenVersion: broken },
      ...('asOfEffective' in asOf ? { excludedVersions: excluded } : {}),
    };
  }

  private async notFound<State>(kind: StreamKind<State>, id: string, streamId: string, asOf: AsOf): Promise<DomainError> {
    const first = (await this.store.readStream(streamId, { toVersion: 1 }))[0];
    if (!first) return notFound(kind.label, id, 'id');
    const when = 'at' in asOf ? asOf.at : 'asOfEffective' in asOf ? asOf.asOfEffective : undefined;
    const firstAt = 'asOfEffective' in asOf ? (typeof first.metadata.occurredAt === 'string' ? first.metadata.occurredAt : first.recordedAt) : first.recordedAt;
    return new DomainError(
      'not_found',
      kind.codes.notFoundAt,
      `${capitalise(kind.label)} ${id} did not exist at ${when ?? 'that point'}: its first event was ${'asOfEffective' in asOf ? 'effective' : 'recorded'} at ${firstAt}`,
      { id, ...(when ? { asOf: when } : {}), firstEventAt: firstAt },
    );
  }
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
