import { Actor, DomainError, DomainEvent } from '@app/domain';
import {
  AppendRequest,
  AppendResult,
  CommandResult,
  EventMetadata,
  EventSchemaRegistry,
  SqlExecutor,
  EventStore,
  IdempotencyKeyInUseError,
  NewEvent,
  StoredIdempotencyRecord,
  WrongExpectedVersionError,
} from '@app/event-store';
import {
  ApplicationError,
  ConcurrencyConflictError,
  IdempotencyKeyInFlightError,
  IdempotencyKeyReusedError,
  PreconditionFailedError,
} from '../errors';
import { activeTraceContext, inSpan, setActiveSpanAttributes, tracingStarted } from '@app/observability';
import { IdGenerator } from '../ports/ids';
import { StateCache } from './state-cache';

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
  /**
   * Global position of the stream's newest event (0 when the stream is new); for a primary
   * stream served from the state cache, the position of the append that wrote that event.
   */
  readonly position: number;
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
  /**
   * Whether any of these events (as stored, or as sealed) holds sealed personal data. The
   * command path keeps no state of a stream that does between commands (see `StateCache`);
   * with a guard lacking this, it keeps none of the streams it opens.
   */
  holdsSealed?(events: readonly { data: unknown }[]): boolean;
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
  /**
   * What a success did to the primary entity: `created` for creations, `updated` (default)
   * otherwise. A creation's primary stream is presumed new: its first attempt decides on the
   * initial state without reading it, and the append's expected version 0 checks the presumption
   * (a stream that exists after all is read and decided on again, as a kept state found behind).
   */
  readonly result?: CommandResult;
  /** The command's type (`SubmitProposal`), for metrics; `unknown` when absent. */
  readonly type?: string;
  /** Loads what it needs and decides; called again from scratch after a version conflict. */
  decide(load: StreamLoader): Promise<CommandPlan>;
}

/** How a command ended, as `grants_command_duration_seconds` labels it. */
export type CommandOutcomeLabel = 'ok' | 'refused' | 'conflict' | 'error';

/**
 * The label of a command's end: `conflict` for a version or idempotency race it lost, `refused`
 * for a business rule or another refusal with a code, `error` for anything else.
 */
export function commandOutcomeOf(error: unknown): CommandOutcomeLabel {
  if (error instanceof ConcurrencyConflictError || error instanceof PreconditionFailedError || error instanceof IdempotencyKeyInFlightError) return 'conflict';
  if (error instanceof DomainError || error instanceof ApplicationError) return 'refused';
  return 'error';
}

/** Observes the command path for metrics; every method is optional. */
export interface CommandObserver {
  conflict?(streamId: string, attempt: number): void;
  /** A command ended after `seconds`, retries and replays included. */
  completed?(command: string, outcome: CommandOutcomeLabel, seconds: number): void;
}

export interface CommandExecutorOptions {
  /** Attempts when the client sent no If-Match and a concurrent writer moved a stream. */
  readonly maxAttempts?: number;
  readonly observer?: CommandObserver;
  readonly guard?: EventDataGuard;
  /**
   * Primary streams whose state is kept between commands (`COMMAND_STATE_CACHE_SIZE`; see
   * `StateCache`); 0 or absent keeps none.
   */
  readonly stateCacheSize?: number;
}

/** The attributes of a command's span: what it is and which entity it is about, never its input. */
function commandAttributes(type: string, id: string, streamId: string): Record<string, string> {
  return {
    'grants.command': type,
    'grants.entity.id': id,
    'grants.stream': streamId,
    ...(streamId.startsWith('project-') ? { 'grants.project.id': id } : {}),
  };
}

/** The attributes of an append's span: the streams and the types of the events written. */
function appendAttributes(requests: readonly AppendRequest[]): Record<string, string | number | string[]> {
  return {
    'grants.streams': requests.map((r) => r.streamId),
    'grants.event.types': [...new Set(requests.flatMap((r) => r.events.map((e) => e.type)))],
    'grants.event.count': requests.reduce((n, r) => n + r.events.length, 0),
  };
}

/** The state of a stream a creation presumes new: nothing read, version 0. */
function presumedNew<State>(aggregate: AggregateType<State, never>): { version: number; position: number; state: State } {
  return { version: 0, position: 0, state: aggregate.initialState };
}

/** A primary stream served from the state cache turned out to be behind; the attempt starts again. */
class StaleCachedStateError extends Error {
  constructor(readonly streamId: string) {
    super(`The kept state of ${streamId} is behind the stream`);
    this.name = 'StaleCachedStateError';
  }
}

/** What one attempt learned about its primary stream, for the retry loop. */
interface AttemptTrace {
  /** The primary stream was served from the state cache. */
  cached: boolean;
}

/**
 * The one write path: load the streams a command needs, fold them, decide, and append the new
 * events with the versions that were loaded as expected versions, atomically across streams.
 * A version conflict re-runs the whole decision (bounded) unless the client pinned a version
 * with If-Match; an Idempotency-Key is stored in the same statement as the append, and looked up
 * only when the command does not append (a repeated key makes the append fail, or the decision
 * refuse or decide nothing).
 *
 * With `stateCacheSize`, the state of a command's primary stream after a success is kept (see
 * `StateCache`), so the next command on it decides without reading the stream.
 *
 * @example
 * const outcome = await executor.execute({ primary: { id, streamId: `project-${id}`, aggregate: projectAggregate }, context, decide: async (load) => ... });
 */
export class CommandExecutor {
  private readonly maxAttempts: number;
  private readonly cache: StateCache | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly ids: IdGenerator,
    private readonly schemas: EventSchemaRegistry = new EventSchemaRegistry(),
    private readonly options: CommandExecutorOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.cache = options.stateCacheSize ? new StateCache(options.stateCacheSize) : undefined;
  }

  /** Reads a stream and folds it (upcasting stored events first). */
  async load<State, Event extends DomainEvent>(
    streamId: string,
    aggregate: AggregateType<State, Event>,
    store: CommandStore = this.store,
    guard: EventDataGuard | undefined = this.options.guard,
  ): Promise<LoadedStream<State>> {
    return (await this.read(streamId, aggregate, store, guard, false)).stream;
  }

  /** {@link load}, telling too whether the stream's state may be kept between commands. */
  private async read<State, Event extends DomainEvent>(
    streamId: string,
    aggregate: AggregateType<State, Event>,
    store: CommandStore,
    guard: EventDataGuard | undefined,
    askKeepable: boolean,
  ): Promise<{ stream: LoadedStream<State>; keepable: boolean }> {
    const stored = await store.readStreamToFold(streamId);
    const events = guard ? await guard.open(stored, transactionOf(store)) : stored;
    let state = aggregate.initialState;
    for (const event of events) state = aggregate.evolve(state, this.schemas.toDomainEvent<Event>(event));
    const last = events[events.length - 1];
    const keepable = askKeepable && (!guard || (guard.holdsSealed !== undefined && !guard.holdsSealed(stored)));
    return { stream: { streamId, version: last?.version ?? 0, state, position: last?.position ?? 0 }, keepable };
  }

  async execute<State, Event extends DomainEvent>(command: ExecuteCommand<State, Event>): Promise<CommandOutcome> {
    if (!tracingStarted()) return this.observed(command);
    const type = command.type ?? 'unknown';
    return inSpan(`command ${type}`, { attributes: commandAttributes(type, command.primary.id, command.primary.streamId) }, () => this.observed(command));
  }

  /** {@link execute}, timed for metrics when an observer asks. */
  private async observed<State, Event extends DomainEvent>(command: ExecuteCommand<State, Event>): Promise<CommandOutcome> {
    const completed = this.options.observer?.completed;
    if (!completed) return this.run(command);
    const started = performance.now();
    let outcome: CommandOutcomeLabel = 'ok';
    try {
      return await this.run(command);
    } catch (error) {
      outcome = commandOutcomeOf(error);
      throw error;
    } finally {
      completed(command.type ?? 'unknown', outcome, (performance.now() - started) / 1000);
    }
  }

  /** {@link execute}, unobserved. */
  private async run<State, Event extends DomainEvent>(command: ExecuteCommand<State, Event>): Promise<CommandOutcome> {
    const store = command.store ?? this.store;
    const idempotency = command.context.idempotency;
    try {
      return await this.attempts(command, store);
    } catch (error) {
      // A repeated key fails the append, or the decision refuses: the first answer, if kept, is the answer.
      if (!idempotency || error instanceof IdempotencyKeyReusedError) throw error;
      let record: StoredIdempotencyRecord | undefined;
      try {
        record = await store.findIdempotencyRecord(idempotency.key);
      } catch {
        throw error;
      }
      if (record) return this.replay(record, idempotency.key, idempotency.fingerprint);
      if (error instanceof IdempotencyKeyInUseError) throw new IdempotencyKeyInFlightError(idempotency.key);
      throw error;
    }
  }

  /** Attempts the command, again after a version conflict (bounded) or a kept state found behind. */
  private async attempts<State, Event extends DomainEvent>(command: ExecuteCommand<State, Event>, store: CommandStore): Promise<CommandOutcome> {
    const { context, primary } = command;
    // A command in a caller's transaction neither reads nor fills the cache: what it sees may never commit.
    const cache = command.store ? undefined : this.cache;
    // After one kept state was found behind, the command's later attempts read their streams.
    let refreshed = false;
    for (let attempt = 1; ; attempt += 1) {
      const trace: AttemptTrace = { cached: false };
      try {
        return await this.attempt(command, store, cache, !refreshed, trace);
      } catch (error) {
        if (error instanceof StaleCachedStateError) {
          // Not a conflict of the command's own: it starts again on the stream as read.
          attempt -= 1;
          refreshed = true;
          continue;
        }
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        this.cache?.forget(error.streamId);
        this.options.observer?.conflict?.(error.streamId, attempt);
        const ownConflict = error.streamId === primary.streamId;
        if (ownConflict && trace.cached && context.ifMatch === undefined) {
          // The kept state was behind the stream: decide on a fresh read, without spending an attempt.
          attempt -= 1;
          refreshed = true;
          continue;
        }
        if (context.ifMatch !== undefined && ownConflict) {
          throw new PreconditionFailedError(context.ifMatch, error.actual);
        }
        if (attempt >= this.maxAttempts) throw new ConcurrencyConflictError(error.streamId, attempt);
      }
    }
  }

  private async attempt<State, Event extends DomainEvent>(
    command: ExecuteCommand<State, Event>,
    store: CommandStore,
    cache: StateCache | undefined,
    serveKept: boolean,
    trace: AttemptTrace,
  ): Promise<CommandOutcome> {
    const { primary, context } = command;
    const loaded = new Map<string, { stream: LoadedStream<unknown>; aggregate: AggregateType<unknown, DomainEvent> }>();
    // One guard per attempt: a key read to open a stream also seals the new events.
    const guard = this.options.guard?.forCommand?.() ?? this.options.guard;
    let keepable = cache !== undefined;
    const load: StreamLoader = async (streamId, aggregate) => {
      const known = loaded.get(streamId);
      if (known) return known.stream as LoadedStream<never>;
      const isPrimary = streamId === primary.streamId;
      // Only the primary stream is served from the cache: its append checks the version it was
      // served at. With If-Match naming another version, the stream is read (the cache may be behind).
      const kept = isPrimary && serveKept ? (cache?.get(streamId, aggregate) ?? (command.result === 'created' ? presumedNew(aggregate) : undefined)) : undefined;
      let stream: LoadedStream<unknown>;
      if (kept && (context.ifMatch === undefined || context.ifMatch === kept.version)) {
        trace.cached = true;
        stream = { streamId, version: kept.version, state: kept.state, position: kept.position };
      } else {
        const read = await this.read(streamId, aggregate, store, guard, isPrimary && keepable);
        stream = read.stream;
        if (isPrimary) keepable = keepable && read.keepable;
      }
      loaded.set(streamId, { stream, aggregate: aggregate as unknown as AggregateType<unknown, DomainEvent> });
      if (isPrimary && context.ifMatch !== undefined && context.ifMatch !== stream.version) {
        throw new PreconditionFailedError(context.ifMatch, stream.version);
      }
      return stream as LoadedStream<never>;
    };
    let primaryStream = await load(primary.streamId, primary.aggregate);
    let plan: CommandPlan;
    try {
      plan = await command.decide(load);
    } catch (error) {
      // A refusal decided on a kept state stands only if the stream is still at that version.
      if (trace.cached) await this.checkKept(primary.streamId, primary.aggregate, primaryStream.version, store, guard);
      throw error;
    }

    const requests: AppendRequest[] = [];
    let primaryEvents: readonly DomainEvent[] = [];
    for (const append of plan.appends) {
      if (append.events.length === 0) continue;
      const source = loaded.get(append.streamId);
      if (!source) throw new Error(`A command appended to ${append.streamId} without loading it`);
      const events = guard ? await guard.seal(append.streamId, append.events, source.stream.state, transactionOf(store)) : append.events;
      if (append.streamId === primary.streamId) {
        primaryEvents = append.events;
        if (guard) keepable = keepable && guard.holdsSealed !== undefined && !guard.holdsSealed(events);
      }
      requests.push({
        streamId: append.streamId,
        expectedVersion: source.stream.version,
        events: events.map((event) => this.toNewEvent(event, context, plan.policy)),
      });
    }
    if (trace.cached && primaryEvents.length === 0) {
      // Nothing checks the kept state's version at the append: read the stream to check it.
      primaryStream = await this.checkKept(primary.streamId, primary.aggregate, primaryStream.version, store, guard);
    }

    let state = primaryStream.state;
    for (const event of primaryEvents) state = primary.aggregate.evolve(state, event as Event);
    const version = primaryStream.version + primaryEvents.length;
    const result = command.result ?? 'updated';
    const partial = { id: primary.id, version, status: primary.aggregate.status(state) };

    if (requests.length === 0) {
      const body = { ...partial, position: primaryStream.position };
      if (context.idempotency) {
        // Saving keeps a key already kept as it is, so a repeated key is looked up first.
        const record = await store.findIdempotencyRecord(context.idempotency.key);
        if (record) return this.replay(record, context.idempotency.key, context.idempotency.fingerprint);
        await store.saveIdempotencyRecord({ ...context.idempotency, result, body });
      }
      return { result, body, replayed: false };
    }
    let appended: AppendResult;
    try {
      const append = async () => {
        const done = await store.appendToStreams(requests, {
          idempotency: context.idempotency && { ...context.idempotency, result, body: partial },
        });
        setActiveSpanAttributes({ 'grants.event.position': done.position });
        return done;
      };
      appended = tracingStarted() ? await inSpan('append', { attributes: appendAttributes(requests) }, append) : await append();
    } finally {
      // Whatever the outcome, the streams this command wrote are no longer as kept (the primary
      // one is kept again below). A command in a caller's transaction forgets them too.
      for (const request of requests) this.cache?.forget(request.streamId);
    }
    const position = primaryEvents.length > 0 ? appended.position : primaryStream.position;
    if (cache && keepable && primaryEvents.length > 0) {
      cache.remember(primary.streamId, { version, position, state, fold: primary.aggregate });
    }
    return { result, body: { ...partial, position }, replayed: false };
  }

  /**
   * Reads the primary stream whose state was served from the cache; when it moved on, drops the
   * entry and starts the attempt again (`StaleCachedStateError`).
   */
  private async checkKept<State, Event extends DomainEvent>(
    streamId: string,
    aggregate: AggregateType<State, Event>,
    keptVersion: number,
    store: CommandStore,
    guard: EventDataGuard | undefined,
  ): Promise<LoadedStream<State>> {
    const { stream } = await this.read(streamId, aggregate, store, guard, false);
    if (stream.version !== keptVersion) {
      this.cache?.forget(streamId);
      throw new StaleCachedStateError(streamId);
    }
    return stream;
  }

  private toNewEvent(event: DomainEvent, context: CommandContext, policy: PolicyRef | undefined): NewEvent {
    const metadata: EventMetadata = {
      actor: { id: context.actor.id, roles: [...context.actor.roles] },
      commandId: context.commandId,
      correlationId: context.correlationId,
      causationId: context.commandId,
      occurredAt: context.occurredAt,
      ...(policy ? { policy: { id: policy.id, version: policy.version, hash: policy.hash } } : {}),
      // With tracing on, the command's trace travels with its events (W3C `traceparent`).
      ...activeTraceContext(),
    };
    return {
      eventId: this.ids.next(),
      type: event.type,
      schemaVersion: this.schemas.currentVersion(event.type),
      data: event.data,
      metadata,
    };
  }

  /** The stored answer of a key, or `IdempotencyKeyReusedError` when it was kept for another request. */
  private replay(record: StoredIdempotencyRecord, key: string, fingerprint: string): CommandOutcome {
    if (record.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError(key);
    const body = record.body as Omit<CommandOutcome['body'], 'position'> & { position?: number };
    return {
      result: record.result,
      body: { ...body, position: record.position ?? body.position ?? 0 },
      replayed: true,
    };
  }
}
