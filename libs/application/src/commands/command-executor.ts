import { Actor, DomainEvent } from '@app/domain';
import {
  AppendRequest,
  CommandResult,
  EventMetadata,
  EventSchemaRegistry,
  SqlExecutor,
  EventStore,
  IdempotencyKeyInUseError,
  NewEvent,
  FoldableEvent,
  WrongExpectedVersionError,
} from '@app/event-store';
import {
  ConcurrencyConflictError,
  IdempotencyKeyInFlightError,
  IdempotencyKeyReusedError,
  PreconditionFailedError,
} from '../errors';
import { IdGenerator } from '../ports/ids';

/** How the command path folds one kind of stream. */
export interface AggregateType<State, Event extends DomainEvent = DomainEvent> {
  /** Lower-case name used in messages (`project`). */
  readonly name: string;
  readonly initialState: State;
  evolve(state: State, event: Event): State;
  /** The status a command answers with (`draft`, `submitted`, …). */
  status(state: State): string;
}

/** A stream as loaded for one command attempt. */
export interface LoadedStream<State> {
  readonly streamId: string;
  readonly version: number;
  readonly state: State;
  /** Global position of the stream's newest event (0 when the stream is new). */
  readonly position: number;
  readonly events: readonly FoldableEvent[];
}

export type StreamLoader = <State, Event extends DomainEvent>(
  streamId: string,
  aggregate: AggregateType<State, Event>,
) => Promise<LoadedStream<State>>;

/** The policy set a decision applied; stamped on every event the decision produced. */
export interface PolicyRef {
  readonly id: string;
  readonly version: number;
  readonly hash: string;
}

/** What a command decided: new events per stream (streams with none are left alone). */
export interface CommandPlan {
  readonly appends: readonly { readonly streamId: string; readonly events: readonly DomainEvent[] }[];
  readonly policy?: PolicyRef;
}

/** Who sent the command and how, taken from the request. */
export interface CommandContext {
  readonly actor: Actor;
  readonly commandId: string;
  readonly correlationId: string;
  /** When the fact happened as the command states it (defaults to the time received). */
  readonly occurredAt: string;
  /** `If-Match`: the version the client last saw of the primary stream. */
  readonly ifMatch?: number;
  /** `Idempotency-Key` with the request's fingerprint. */
  readonly idempotency?: { readonly key: string; readonly fingerprint: string };
}

export type { CommandResult } from '@app/event-store';

/** The answer of a command, as API.md describes it. */
export interface CommandOutcome {
  /** What the command did to its primary entity (the edge answers `created` with 201). */
  readonly result: CommandResult;
  readonly body: { readonly id: string; readonly version: number; readonly position: number; readonly status: string };
  /** True when this is the stored answer of an earlier request with the same key. */
  readonly replayed: boolean;
}

/**
 * What the command path needs of a store: the store itself or one of its transactions. A
 * transaction of a database store is also the executor the command's other reads must use.
 */
export type CommandStore = Pick<EventStore, 'readStream' | 'readStreamToFold' | 'appendToStreams' | 'findIdempotencyRecord' | 'saveIdempotencyRecord'> &
  Partial<SqlExecutor>;

/** The database transaction a command runs in, when its store is one (see {@link CommandStore}). */
function transactionOf(store: CommandStore): SqlExecutor | undefined {
  return isDatabaseTransaction(store) ? store : undefined;
}

function isDatabaseTransaction(store: CommandStore): store is CommandStore & SqlExecutor {
  return typeof store.query === 'function' && typeof store.exec === 'function';
}

/**
 * Keeps personal data out of the log in clear: `seal` replaces it in new events before they are
 * appended, `open` restores it (or `[erased]`) in events read back. See `libs/privacy`.
 */
export interface EventDataGuard {
  seal<E extends DomainEvent>(streamId: string, events: readonly E[], state: unknown, sql?: SqlExecutor): Promise<E[]>;
  open<E extends { data: unknown }>(events: readonly E[], sql?: SqlExecutor): Promise<E[]>;
  /**
   * A guard for one command attempt, which may keep what it read (keys) until the attempt ends,
   * so opening the loaded streams and sealing the new events read it once.
   */
  forCommand?(): EventDataGuard;
}

export interface ExecuteCommand<State, Event extends DomainEvent> {
  /**
   * Runs the command against this store instead of the executor's own, e.g. a transaction of
   * the store that also records an inbound webhook's id, so both commit or neither does.
   */
  readonly store?: CommandStore;
  /** The entity the command is about and answers for. */
  readonly primary: { readonly id: string; readonly streamId: string; readonly aggregate: AggregateType<State, Event> };
  readonly context: CommandContext;
  /** What a success did to the primary entity: `created` for creations, `updated` (default) otherwise. */
  readonly result?: CommandResult;
  /** Loads what it needs and decides; called again from scratch after a version conflict. */
  decide(load: StreamLoader): Promise<CommandPlan>;
}

/** Observes the command path for metrics; every method is optional. */
export interface CommandObserver {
  conflict?(streamId: string, attempt: number): void;
}

export interface CommandExecutorOptions {
  /** Attempts when the client sent no If-Match and a concurrent writer moved a stream. */
  readonly maxAttempts?: number;
  readonly observer?: CommandObserver;
  readonly guard?: EventDataGuard;
}

/**
 * The one write path: load the streams a command needs, fold them, decide, and append the new
 * events with the versions that were loaded as expected versions, atomically across streams.
 * A version conflict re-runs the whole decision (bounded) unless the client pinned a version
 * with If-Match; an Idempotency-Key is stored in the same statement as the append.
 *
 * @example
 * const outcome = await executor.execute({ primary: { id, streamId: `project-${id}`, aggregate: projectAggregate }, context, decide: async (load) => ... });
 */
export class CommandExecutor {
  private readonly maxAttempts: number;

  constructor(
    private readonly store: EventStore,
    private readonly ids: IdGenerator,
    private readonly schemas: EventSchemaRegistry = new EventSchemaRegistry(),
    private readonly options: CommandExecutorOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  /** Reads a stream and folds it (upcasting stored events first). */
  async load<State, Event extends DomainEvent>(
    streamId: string,
    aggregate: AggregateType<State, Event>,
    store: CommandStore = this.store,
    guard: EventDataGuard | undefined = this.options.guard,
  ): Promise<LoadedStream<State>> {
    const stored = await store.readStreamToFold(streamId);
    const events = guard ? await guard.open(stored, transactionOf(store)) : stored;
    let state = aggregate.initialState;
    for (const event of events) state = aggregate.evolve(state, this.schemas.toDomainEvent<Event>(event));
    const last = events[events.length - 1];
    return { streamId, version: last?.version ?? 0, state, position: last?.position ?? 0, events };
  }

  async execute<State, Event extends DomainEvent>(command: ExecuteCommand<State, Event>): Promise<CommandOutcome> {
    const { context } = command;
    const store = command.store ?? this.store;
    const idempotency = context.idempotency;
    if (idempotency) {
      const replay = await this.replay(store, idempotency.key, idempotency.fingerprint);
      if (replay) return replay;
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.attempt(command, store);
      } catch (error) {
        if (error instanceof IdempotencyKeyInUseError && idempotency) {
          const replay = await this.replay(store, idempotency.key, idempotency.fingerprint);
          if (replay) return replay;
          throw new IdempotencyKeyInFlightError(idempotency.key);
        }
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        this.options.observer?.conflict?.(error.streamId, attempt);
        if (context.ifMatch !== undefined && error.streamId === command.primary.streamId) {
          throw new PreconditionFailedError(context.ifMatch, error.actual);
        }
        if (attempt >= this.maxAttempts) throw new ConcurrencyConflictError(error.streamId, attempt);
      }
    }
  }

  private async attempt<State, Event extends DomainEvent>(command: ExecuteCommand<State, Event>, store: CommandStore): Promise<CommandOutcome> {
    const { primary, context } = command;
    const loaded = new Map<string, { stream: LoadedStream<unknown>; aggregate: AggregateType<unknown, DomainEvent> }>();
    // One guard per attempt: a key read to open a stream also seals the new events.
    const guard = this.options.guard?.forCommand?.() ?? this.options.guard;
    const load: StreamLoader = async (streamId, aggregate) => {
      const known = loaded.get(streamId);
      if (known) return known.stream as LoadedStream<never>;
      const stream = await this.load(streamId, aggregate, store, guard);
      loaded.set(streamId, { stream, aggregate: aggregate as unknown as AggregateType<unknown, DomainEvent> });
      if (streamId === primary.streamId && context.ifMatch !== undefined && context.ifMatch !== stream.version) {
        throw new PreconditionFailedError(context.ifMatch, stream.version);
      }
      return stream;
    };
    const primaryStream = await load(primary.streamId, primary.aggregate);
    const plan = await command.decide(load);

    const requests: AppendRequest[] = [];
    let primaryEvents: readonly DomainEvent[] = [];
    for (const append of plan.appends) {
      if (append.events.length === 0) continue;
      const source = loaded.get(append.streamId);
      if (!source) throw new Error(`A command appended to ${append.streamId} without loading it`);
      if (append.streamId === primary.streamId) primaryEvents = append.events;
      const events = guard ? await guard.seal(append.streamId, append.events, source.stream.state, transactionOf(store)) : append.events;
      requests.push({
        streamId: append.streamId,
        expectedVersion: source.stream.version,
        events: events.map((event) => this.toNewEvent(event, context, plan.policy)),
      });
    }

    let state = primaryStream.state;
    for (const event of primaryEvents) state = primary.aggregate.evolve(state, event as Event);
    const version = primaryStream.version + primaryEvents.length;
    const result = command.result ?? 'updated';
    const partial = { id: primary.id, version, status: primary.aggregate.status(state) };

    if (requests.length === 0) {
      const body = { ...partial, position: primaryStream.position };
      if (context.idempotency) {
        await store.saveIdempotencyRecord({ ...context.idempotency, result, body });
      }
      return { result, body, replayed: false };
    }
    const appended = await store.appendToStreams(requests, {
      idempotency: context.idempotency && { ...context.idempotency, result, body: partial },
    });
    const position = primaryEvents.length > 0 ? appended.position : primaryStream.position;
    return { result, body: { ...partial, position }, replayed: false };
  }

  private toNewEvent(event: DomainEvent, context: CommandContext, policy: PolicyRef | undefined): NewEvent {
    const metadata: EventMetadata = {
      actor: { id: context.actor.id, roles: [...context.actor.roles] },
      commandId: context.commandId,
      correlationId: context.correlationId,
      causationId: context.commandId,
      occurredAt: context.occurredAt,
      ...(policy ? { policy: { id: policy.id, version: policy.version, hash: policy.hash } } : {}),
    };
    return {
      eventId: this.ids.next(),
      type: event.type,
      schemaVersion: this.schemas.currentVersion(event.type),
      data: event.data,
      metadata,
    };
  }

  /** The stored answer for a key, or undefined when the key is new. */
  private async replay(store: CommandStore, key: string, fingerprint: string): Promise<CommandOutcome | undefined> {
    const record = await store.findIdempotencyRecord(key);
    if (!record) return undefined;
    if (record.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError(key);
    const body = record.body as Omit<CommandOutcome['body'], 'position'> & { position?: number };
    return {
      result: record.result,
      body: { ...body, position: record.position ?? body.position ?? 0 },
      replayed: true,
    };
  }
}
