import { planStream, validateAppend } from './append-plan';
import { IdempotencyKeyInUseError, WrongExpectedVersionError } from './errors';
import {
  AppendOptions,
  AppendRequest,
  AppendResult,
  compareCursors,
  EventStore,
  EventStoreTransaction,
  FoldableEvent,
  IdempotencyRecord,
  LOG_START,
  LogCursor,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  RecordedEvent,
  StoredIdempotencyRecord,
} from './event-store.port';

interface Pending {
  readonly txid: bigint;
  readonly events: RecordedEvent[];
  readonly keys: StoredIdempotencyRecord[];
}

/**
 * The event store in memory, for fast tests. It keeps PostgreSQL's visibility rules: events of
 * an open transaction are invisible, and the global log shows nothing at or after the oldest
 * open transaction, so the contract suite's delayed-commit race means the same thing here.
 *
 * @example
 * const store = new InMemoryEventStore();
 */
export class InMemoryEventStore implements EventStore {
  private committed: RecordedEvent[] = [];
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly open = new Map<bigint, Pending>();
  private readonly keys = new Map<string, StoredIdempotencyRecord>();
  private nextTxid = 1n;
  private nextPosition = 1;

  constructor(private readonly now: () => Date = () => new Date()) {}

  async appendToStreams(requests: readonly AppendRequest[], options: AppendOptions = {}): Promise<AppendResult> {
    const pending = this.begin();
    try {
      const result = this.appendIn(pending, requests, options);
      this.commit(pending);
      return result;
    } catch (error) {
      this.rollback(pending);
      throw error;
    }
  }

  async transaction<T>(work: (tx: EventStoreTransaction) => Promise<T>): Promise<T> {
    const pending = this.begin();
    try {
      const value = await work({
        appendToStreams: async (requests, options = {}) => this.appendIn(pending, requests, options),
        readStream: async (streamId, options) => this.readStreamOf([...this.committed, ...pending.events], streamId, options),
        readStreamToFold: async (streamId) => toFoldable(this.readStreamOf([...this.committed, ...pending.events], streamId)),
        readAll: async (options) => this.readAllBelow(this.xmin(pending), options),
        findIdempotencyRecord: async (key) => {
          const record = pending.keys.find((k) => k.key === key) ?? this.keys.get(key);
          return record ? structuredClone(record) : undefined;
        },
        saveIdempotencyRecord: async (record) => {
          if (this.keys.has(record.key) || pending.keys.some((k) => k.key === record.key)) return;
          pending.keys.push({ ...structuredClone(record), createdAt: this.now().toISOString() });
        },
      });
      this.commit(pending);
      return value;
    } catch (error) {
      this.rollback(pending);
      throw error;
    }
  }

  private begin(): Pending {
    const pending: Pending = { txid: this.nextTxid, events: [], keys: [] };
    this.nextTxid += 1n;
    this.open.set(pending.txid, pending);
    return pending;
  }

  private commit(pending: Pending): void {
    this.open.delete(pending.txid);
    this.committed.push(...pending.events);
    this.committed.sort((a, b) => compareCursors(a, b));
    for (const key of pending.keys) this.keys.set(key.key, key);
  }

  private rollback(pending: Pending): void {
    this.open.delete(pending.txid);
    for (const event of pending.events) this.byId.delete(event.eventId);
  }

  /** Events of a stream including those written (and not yet committed) by open transactions. */
  private streamEvents(streamId: string): RecordedEvent[] {
    const all = [...this.committed, ...[...this.open.values()].flatMap((p) => p.events)];
    return all.filter((e) => e.streamId === streamId).sort((a, b) => a.version - b.version);
  }

  private appendIn(pending: Pending, requests: readonly AppendRequest[], options: AppendOptions): AppendResult {
    validateAppend(requests);
    const retry = this.asRetry(requests);
    if (retry) return retry;
    const key = options.idempotency;
    if (key && (this.keys.has(key.key) || [...this.open.values()].some((p) => p.keys.some((k) => k.key === key.key)))) {
      throw new IdempotencyKeyInUseError(key.key);
    }
    const recordedAt = this.now().toISOString();
    const planned = requests.map((request) => {
      const events = this.streamEvents(request.streamId);
      const last = events[events.length - 1];
      const actual = last?.version ?? 0;
      const expected = request.expectedVersion === 'no_stream' ? 0 : request.expectedVersion;
      if (expected !== 'any' && expected !== actual) {
        throw new WrongExpectedVersionError(request.streamId, request.expectedVersion === 'no_stream' ? 'no_stream' : expected, actual);
      }
      return planStream(request, last ? { version: last.version, hash: last.hash } : undefined, recordedAt);
    });
    const txid = pending.txid.toString();
    const recorded = planned.flat().map((event) => {
      const stored: RecordedEvent = { ...event, metadata: event.metadata as RecordedEvent['metadata'], position: this.nextPosition, transactionId: txid };
      this.nextPosition += 1;
      return structuredClone(stored);
    });
    for (const event of recorded) this.byId.set(event.eventId, event);
    pending.events.push(...recorded);
    const lastEvent = recorded[recorded.length - 1];
    if (!lastEvent) throw new Error('unreachable: empty append');
    if (key) {
      pending.keys.push({ ...structuredClone(key), position: lastEvent.position, createdAt: recordedAt });
    }
    return {
      streams: planned.map((events) => {
        const last = events[events.length - 1];
        if (!last) throw new Error('unreachable: empty stream append');
        return { streamId: last.streamId, version: last.version, lastHash: last.hash };
      }),
      position: lastEvent.position,
      transactionId: txid,
    };
  }

  /** An append whose events are all stored already, where it would put them, is a retry. */
  private asRetry(requests: readonly AppendRequest[]): AppendResult | undefined {
    const found = requests.flatMap((r) => r.events.map((e) => ({ request: r, stored: this.byId.get(e.eventId.toLowerCase()) })));
    if (!found.some((f) => f.stored)) return undefined;
    if (!found.every((f) => f.stored && f.stored.streamId === f.request.streamId)) {
      const first = found.find((f) => f.stored)?.request ?? requests[0];
      if (!first) throw new Error('unreachable: empty append');
      const events = this.streamEvents(first.streamId);
      throw new WrongExpectedVersionError(first.streamId, first.expectedVersion === 'no_stream' ? 'no_stream' : first.expectedVersion, events.length);
    }
    const stored = found.map((f) => f.stored as RecordedEvent);
    const last = stored.reduce((a, b) => (a.position > b.position ? a : b));
    return {
      streams: requests.map((r) => {
        const own = stored.filter((e) => e.streamId === r.streamId).sort((a, b) => b.version - a.version)[0];
        if (!own) throw new Error('unreachable');
        return { streamId: r.streamId, version: own.version, lastHash: own.hash };
      }),
      position: last.position,
      transactionId: last.transactionId,
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.readStreamOf(this.committed, streamId, options);
  }

  private readStreamOf(events: readonly RecordedEvent[], streamId: string, options: ReadStreamOptions = {}): RecordedEvent[] {
    const to = options.toRecordedAt ? Date.parse(options.toRecordedAt) : undefined;
    return events
      .filter(
        (e) =>
          e.streamId === streamId &&
          e.version >= (options.fromVersion ?? 1) &&
          (options.toVersion === undefined || e.version <= options.toVersion) &&
          (to === undefined || Date.parse(e.recordedAt) <= to),
      )
      .sort((a, b) => a.version - b.version)
      .map((e) => structuredClone(e));
  }

  async readStreamToFold(streamId: string): Promise<FoldableEvent[]> {
    return toFoldable(await this.readStream(streamId));
  }

  /**
   * The oldest transaction id that may still add events: everything visible is below it. A
   * reader's own transaction holds nothing back until it appended (as on PostgreSQL, where a
   * transaction takes its id at its first write).
   */
  private xmin(reader?: Pending): bigint {
    let min = this.nextTxid;
    for (const [txid, pending] of this.open) {
      if (pending === reader && pending.events.length === 0) continue;
      if (txid < min) min = txid;
    }
    return min;
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    return this.readAllBelow(this.xmin(), options);
  }

  private readAllBelow(xmin: bigint, options: ReadAllOptions = {}): ReadAllResult {
    const after = options.after ?? LOG_START;
    const events = this.committed
      .filter((e) => BigInt(e.transactionId) < xmin && compareCursors(e, after) > 0)
      .slice(0, options.limit ?? 500)
      .map((e) => structuredClone(e));
    const last = events[events.length - 1];
    return { events, cursor: last ? { transactionId: last.transactionId, position: last.position } : after };
  }

  async headCursor(): Promise<LogCursor> {
    const xmin = this.xmin();
    const visible = this.committed.filter((e) => BigInt(e.transactionId) < xmin);
    const last = visible[visible.length - 1];
    return last ? { transactionId: last.transactionId, position: last.position } : LOG_START;
  }

  async cursorOfPosition(position: number): Promise<LogCursor | undefined> {
    const event = this.committed.find((e) => e.position === position);
    return event ? { transactionId: event.transactionId, position } : undefined;
  }

  async findIdempotencyRecord(key: string): Promise<StoredIdempotencyRecord | undefined> {
    const record = this.keys.get(key);
    return record ? structuredClone(record) : undefined;
  }

  async saveIdempotencyRecord(record: IdempotencyRecord): Promise<void> {
    if (!this.keys.has(record.key)) this.keys.set(record.key, { ...structuredClone(record), createdAt: this.now().toISOString() });
  }

  async purgeIdempotencyRecords(createdBefore: string): Promise<number> {
    const limit = Date.parse(createdBefore);
    let removed = 0;
    for (const [key, record] of this.keys) {
      if (Date.parse(record.createdAt) < limit) {
        this.keys.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    // Nothing to release.
  }
}

function toFoldable(events: readonly RecordedEvent[]): FoldableEvent[] {
  return events.map(({ type, schemaVersion, data, version, position }) => ({ type, schemaVersion, data, version, position }));
}
