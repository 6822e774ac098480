/**
 * The event store port: the one contract every adapter (PostgreSQL, PGlite, in-memory, and
 * later KurrentDB) implements and the contract suite checks.
 *
 * Versions count events in a stream: a stream that does not exist is at version 0, its first
 * event has version 1. (KurrentDB revisions are `version - 1`.) Positions are the global log's
 * sequence numbers; the log is read in commit order, see {@link LogCursor}.
 */

/** Who and what caused an event, and under which rules. Part of the hashed content. */
export interface EventMetadata {
  readonly actor?: { readonly id: string; readonly roles: readonly string[] };
  readonly commandId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** When the command says the fact happened (may be back-dated by a decision). */
  readonly occurredAt?: string;
  /** The policy set a decision applied, pinned so replays decide the same way. */
  readonly policy?: { readonly id: string; readonly version: number; readonly hash: string };
  readonly [key: string]: unknown;
}

/** An event to append. `eventId` is chosen by the caller (UUID v7) so retries are idempotent. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  readonly eventId: string;
  readonly type: Type;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

/** A stored event with its envelope. */
export interface RecordedEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  /** The id of the transaction that wrote it, as a decimal string (PostgreSQL xid8). */
  readonly transactionId: string;
  /** ISO-8601 UTC instant stamped by the store. */
  readonly recordedAt: string;
  /** Hex SHA-256 of the previous event of the stream, 64 zeros for the first. */
  readonly prevHash: string;
  /** Hex SHA-256(prevHash ‖ canonical JSON of the event), see `hash-chain.ts`. */
  readonly hash: string;
}

/** What folding a stream into a decision's state needs of each stored event. */
export type FoldableEvent = Pick<RecordedEvent, 'type' | 'schemaVersion' | 'data' | 'version' | 'position'>;

/**
 * What the caller believes about a stream before appending:
 * `'no_stream'` (it must not exist), a number (it must be at exactly that version; 0 is the
 * same as `'no_stream'`), or `'any'` (no check).
 */
export type ExpectedVersion = 'no_stream' | 'any' | number;

export interface AppendRequest {
  readonly streamId: string;
  readonly expectedVersion: ExpectedVersion;
  readonly events: readonly NewEvent[];
}

export interface StreamAppendResult {
  readonly streamId: string;
  /** The stream's version after the append. */
  readonly version: number;
  readonly lastHash: string;
}

export interface AppendResult {
  readonly streams: readonly StreamAppendResult[];
  /** Global position of the last appended event. */
  readonly position: number;
  readonly transactionId: string;
}

/**
 * What a command did to the entity it answers for: `created` it, or `updated` it (a command that
 * changed nothing answers `updated` too). The edge turns it into its protocol's answer.
 */
export type CommandResult = 'created' | 'updated';

/**
 * A command's answer stored with its append, so a retried request with the same
 * `Idempotency-Key` gets the first answer and appends nothing.
 */
export interface IdempotencyRecord {
  readonly key: string;
  /** Hash of what identifies the request (method, path, body, caller). */
  readonly fingerprint: string;
  readonly result: CommandResult;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface StoredIdempotencyRecord extends IdempotencyRecord {
  /** Position of the append the answer belongs to (absent when the command appended nothing). */
  readonly position?: number;
  readonly createdAt: string;
}

export interface AppendOptions {
  readonly idempotency?: IdempotencyRecord;
}

export interface ReadStreamOptions {
  readonly fromVersion?: number;
  /** Inclusive upper bound on the version. */
  readonly toVersion?: number;
  /** Inclusive upper bound on `recordedAt` (time travel by recorded time). */
  readonly toRecordedAt?: string;
}

/**
 * A place in the global log. The log is ordered by (transactionId, position): positions are
 * taken when a transaction inserts, but transactions commit in another order, so a reader that
 * followed positions alone would skip an event whose transaction commits late.
 */
export interface LogCursor {
  readonly transactionId: string;
  readonly position: number;
}

/** The cursor before the first event. */
export const LOG_START: LogCursor = Object.freeze({ transactionId: '0', position: 0 });

export interface ReadAllOptions {
  /** Read events strictly after this cursor; the start of the log when omitted. */
  readonly after?: LogCursor;
  /** At most this many events (default 500). */
  readonly limit?: number;
}

export interface ReadAllResult {
  readonly events: readonly RecordedEvent[];
  /** The cursor after the last returned event (equal to `after` when nothing was read). */
  readonly cursor: LogCursor;
}

/**
 * The store inside one transaction ({@link EventStore.transaction}): appends made through it
 * commit or roll back together, and its stream reads see them.
 */
export interface EventStoreTransaction {
  appendToStreams(requests: readonly AppendRequest[], options?: AppendOptions): Promise<AppendResult>;
  /** Reads a stream, including what this transaction appended to it. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readStreamToFold(streamId: string): Promise<FoldableEvent[]>;
  /**
   * Reads the global log as {@link EventStore.readAll} does; call it before appending (a
   * transaction that appended holds back what the log shows, its own appends included).
   */
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;
  findIdempotencyRecord(key: string): Promise<StoredIdempotencyRecord | undefined>;
  saveIdempotencyRecord(record: IdempotencyRecord): Promise<void>;
}

export interface EventStore {
  /**
   * Appends to one or several streams atomically, each checked against its expected version.
   * Throws {@link WrongExpectedVersionError} and writes nothing when any stream disagrees.
   * Retrying an append whose event ids are all stored already, at the same versions, returns the
   * first result and writes nothing.
   *
   * @example
   * await store.appendToStreams([{ streamId: 'project-1', expectedVersion: 3, events: [submitted] }]);
   */
  appendToStreams(requests: readonly AppendRequest[], options?: AppendOptions): Promise<AppendResult>;

  /** Reads a stream forward; an empty array when it does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * Reads a whole stream with only what a decision folds (type, schema version, data, version,
   * position): the command path's read, without the metadata, hashes and timestamps it does not
   * use. The same events as `readStream`, in the same order.
   */
  readStreamToFold(streamId: string): Promise<FoldableEvent[]>;

  /**
   * Reads the global log in commit order, after a cursor, in a batch. Never returns an event
   * while an older transaction that could still add events before it is open.
   */
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;

  /** The cursor of the newest event a reader can see now. */
  headCursor(): Promise<LogCursor>;

  /** Finds the cursor of the event at a global position (for read-your-writes waits). */
  cursorOfPosition(position: number): Promise<LogCursor | undefined>;

  findIdempotencyRecord(key: string): Promise<StoredIdempotencyRecord | undefined>;

  /** Stores the answer of a command that appended nothing; a no-op when the key exists. */
  saveIdempotencyRecord(record: IdempotencyRecord): Promise<void>;

  /** Deletes idempotency records created before the instant; returns how many. */
  purgeIdempotencyRecords(createdBefore: string): Promise<number>;

  /**
   * Runs `work` in one transaction: its appends commit when `work` resolves and roll back when
   * it throws. The one way to append together with other writes, see `DatabaseEventStore`.
   *
   * @example
   * await store.transaction(async (tx) => { await tx.appendToStreams([a]); await tx.appendToStreams([b]); });
   */
  transaction<T>(work: (tx: EventStoreTransaction) => Promise<T>): Promise<T>;

  close(): Promise<void>;
}

/** Compares two cursors in log order. */
export function compareCursors(a: LogCursor, b: LogCursor): number {
  const ta = BigInt(a.transactionId);
  const tb = BigInt(b.transactionId);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.position - b.position;
}

/** Normalises an expected version: 0 means the stream must not exist. */
export function expectedAsNumber(expected: ExpectedVersion): number | 'any' {
  if (expected === 'no_stream') return 0;
  return expected;
}
