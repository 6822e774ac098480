import { DatabaseEventStore, LogCursor, RecordedEvent, SqlDatabase, SqlExecutor, SqlStoreTransaction, StoreUnavailableError } from '@app/event-store';
import {
  bindToActiveContext,
  EngineMetrics,
  Logger,
  markFailed,
  silentLogger,
  SpanKind,
  startSpan,
  traceContextOf,
  tracingStarted,
  withActiveSpan,
} from '@app/observability';

/** Longest pause before a batch that failed because the database was unavailable is tried again (ms). */
const UNAVAILABLE_RETRY_MS = 5000;

/**
 * Handles one batch of events inside the transaction that will also move the checkpoint. It may
 * return an action to run once that transaction has committed (adding queue jobs for rows the
 * batch wrote): the runner runs it before it starts its next batch. Such an action is not part of
 * the transaction; what it does must be recoverable from the committed rows if the process dies
 * before or during it.
 */
export type BatchHandler = (events: readonly RecordedEvent[], tx: SqlStoreTransaction) => Promise<void | AfterCommit>;

/** Work to do after a batch committed. */
export type AfterCommit = () => Promise<void>;

export interface SubscriptionOptions {
  /** Unique name; the checkpoint and the single-runner lock are keyed by it. */
  readonly name: string;
  readonly handle: BatchHandler;
  /** Events per batch (default 500). */
  readonly batchSize?: number;
  /** Pause when caught up, unless woken earlier (default 250 ms). */
  readonly idleMs?: number;
  /**
   * Wait after a wake-up before reading (default 0): appends that arrive meanwhile are read in
   * the same batch. Worth it for work that is not read back at once (workflows, triggers), so a
   * burst of commands costs one transaction instead of one per command.
   */
  readonly wakeDelayMs?: number;
  /** Longest pause after repeated failures (default 30 s). */
  readonly maxBackoffMs?: number;
  readonly logger?: Logger;
  readonly metrics?: EngineMetrics;
}

export interface BatchResult {
  /** Events read from the log (0 when caught up, or when another runner holds the lock). */
  readonly read: number;
  readonly cursor: LogCursor;
  readonly locked: boolean;
}

/**
 * The subscription's checkpoint row is gone: it was never created (`init()` not called) or the
 * subscription was removed (a retired projection generation, a deleted webhook endpoint) while a
 * batch of it was still to run.
 */
export class SubscriptionRemovedError extends Error {
  constructor(readonly subscription: string) {
    super(`Subscription ${subscription} has no checkpoint; call init() first`);
    this.name = 'SubscriptionRemovedError';
  }
}

/**
 * Lets at most `limit` passes of the subscriptions on one database run at once (each holds a
 * connection of its pool for its transaction), so a wake-up of every runner never takes the
 * whole pool from the API of the same process. Passes wait their turn in arrival order.
 *
 * @example
 * limitConcurrentPasses(db, 2); // runners on `db` created before or after share the limit
 */
export function limitConcurrentPasses(db: SqlDatabase, limit: number): void {
  passGates.set(db, new PassGate(Math.max(1, limit)));
}

/** A counting semaphore for subscription passes (see {@link limitConcurrentPasses}). */
class PassGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` counts it still.
      if (next) next();
      else this.active -= 1;
    }
  }
}

const passGates = new WeakMap<SqlDatabase, PassGate>();

/** Events of one batch that get a span each (a rebuild's batches of old traced events get no more). */
const EVENT_SPANS_PER_BATCH = 100;

/** The spans of a batch's traced events: one per event, child of the trace its metadata carries. */
type EventSpans = NonNullable<ReturnType<typeof startSpan>>[];

/**
 * With tracing on, starts a span per traced event of the batch (`project TrancheApproved handle`),
 * parented to the trace the event's metadata carries: the trace of the command that appended it.
 */
function startEventSpans(subscription: string, events: readonly RecordedEvent[]): EventSpans {
  const spans: EventSpans = [];
  if (!tracingStarted()) return spans;
  for (const event of events) {
    if (spans.length >= EVENT_SPANS_PER_BATCH) break;
    const parent = traceContextOf(event.metadata);
    if (!parent) continue;
    const category = event.streamId.split('-', 1)[0] ?? event.streamId;
    const span = startSpan(`${category} ${event.type} handle`, {
      parent,
      kind: SpanKind.CONSUMER,
      attributes: {
        'grants.subscription': subscription,
        'grants.event.type': event.type,
        'grants.event.position': event.position,
        'grants.event.id': event.eventId,
        'grants.stream': event.streamId,
        ...(category === 'project' ? { 'grants.project.id': event.streamId.slice('project-'.length) } : {}),
      },
    });
    if (span) spans.push(span);
  }
  return spans;
}

/** Lock namespace of subscriptions, so their advisory locks never collide with others. */
const LOCK_CLASS = 7406;

/**
 * A checkpointed, gap-safe consumer of the global log. Each batch runs in one transaction:
 * take the subscription's advisory lock (one active runner per name, across processes), read
 * the checkpoint, read the next events in commit order, hand them to the handler, move the
 * checkpoint. A crash anywhere rolls the batch back whole; the next run repeats it, so the
 * handler's effects happen exactly once. A failing batch is retried with backoff and never
 * skipped: the lag metric shows the stall.
 *
 * @example
 * const runner = new SubscriptionRunner(store, db, { name: 'projection:projects:g1', handle });
 * runner.start();
 */
export class SubscriptionRunner {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** A wake-up came while a batch ran: the loop looks again right after it instead of idling. */
  private wokenWhileBusy = false;
  private readonly log: Logger;
  private failures = 0;
  private wakeTimer: NodeJS.Timeout | undefined;
  private cursorSeen: LogCursor | undefined;
  private previousBatch: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: DatabaseEventStore,
    private readonly db: SqlDatabase,
    readonly options: SubscriptionOptions,
  ) {
    this.log = (options.logger ?? silentLogger).child(`subscription:${options.name}`);
  }

  get name(): string {
    return this.options.name;
  }

  /** The last checkpoint this runner wrote or read. */
  get cursor(): LogCursor | undefined {
    return this.cursorSeen;
  }

  /** Makes sure the checkpoint row exists (at the start of the log). */
  async init(tx: SqlExecutor = this.db): Promise<void> {
    await tx.query('INSERT INTO subscription_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [this.options.name]);
  }

  /**
   * Processes one batch; see the class description. Calls on one runner (its loop, `catchUp`,
   * a caller) take turns: a batch and its after-commit action finish before the next one starts.
   */
  runBatch(): Promise<BatchResult> {
    const batch = this.previousBatch.then(() => this.runOneBatch());
    this.previousBatch = batch.catch(() => undefined);
    return batch;
  }

  private async runOneBatch(): Promise<BatchResult> {
    const { name } = this.options;
    const pass = () =>
      this.store.transaction(async (tx) => {
        const lock = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked', [LOCK_CLASS, name]);
        if (!lock.rows[0]?.locked) return { read: 0, cursor: this.cursorSeen ?? { transactionId: '0', position: 0 }, locked: true };
        return { ...(await this.processWithin(tx)), locked: false };
      });
    const gate = passGates.get(this.db);
    const result = await (gate ? gate.run(pass) : pass());
    if (!result.locked) this.cursorSeen = result.cursor;
    if (result.read > 0) this.options.metrics?.subscriptionEvents.inc({ subscription: name }, result.read);
    if ('afterCommit' in result && result.afterCommit) await result.afterCommit();
    return { read: result.read, cursor: result.cursor, locked: result.locked };
  }

  /** Waits for the subscription's lock inside `tx` (to act while no runner can advance). */
  async lockWithin(tx: SqlExecutor): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, this.options.name]);
  }

  /**
   * Reads the checkpoint, the next events and hands them to the handler inside `tx`, then moves
   * the checkpoint. The caller holds the lock (see {@link lockWithin}) and runs the handler's
   * after-commit action, if any, once `tx` has committed.
   */
  async processWithin(tx: SqlStoreTransaction): Promise<{ read: number; cursor: LogCursor; afterCommit?: AfterCommit }> {
    const { name, handle } = this.options;
    const checkpoint = await tx.query<{ transaction_id: string; position: string | number }>(
      'SELECT transaction_id::text AS transaction_id, position FROM subscription_checkpoints WHERE name = $1',
      [name],
    );
    const row = checkpoint.rows[0];
    if (!row) throw new SubscriptionRemovedError(name);
    const after = { transactionId: row.transaction_id, position: Number(row.position) };
    const page = await tx.readAll({ after, limit: this.options.batchSize ?? 500 });
    let afterCommit: AfterCommit | undefined;
    if (page.events.length > 0) {
      // The handler (and its after-commit action: the jobs it adds) runs in the trace of the
      // batch's last traced event; every traced event has its span.
      const spans = startEventSpans(name, page.events);
      const current = spans[spans.length - 1];
      try {
        afterCommit = await withActiveSpan(current, async () => {
          const then = (await handle(page.events, tx)) ?? undefined;
          return then && bindToActiveContext(then);
        });
        await tx.query(
          `UPDATE subscription_checkpoints SET transaction_id = $2::xid8, position = $3, updated_at = now(), last_error = NULL, failed_at = NULL
           WHERE name = $1`,
          [name, page.cursor.transactionId, page.cursor.position],
        );
      } catch (error) {
        for (const span of spans) markFailed(span, error);
        throw error;
      } finally {
        for (const span of spans) span.end();
      }
    }
    return { read: page.events.length, cursor: page.cursor, ...(afterCommit ? { afterCommit } : {}) };
  }

  /** Runs batches until the log has nothing more for this subscription (tests, CLI). */
  async catchUp(): Promise<LogCursor | undefined> {
    const limit = this.options.batchSize ?? 500;
    for (;;) {
      const { read } = await this.runBatch();
      if (read < limit) return this.cursorSeen;
    }
  }

  /** Starts the background loop. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Asks a sleeping loop to look for new events now (an append happened). */
  notify(): void {
    const delay = this.options.wakeDelayMs ?? 0;
    if (delay <= 0) {
      this.wakeNow();
      return;
    }
    if (this.wakeTimer) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.wakeNow();
    }, delay);
    this.wakeTimer.unref();
  }

  private wakeNow(): void {
    if (this.wake) this.wake();
    else this.wokenWhileBusy = true;
  }

  /** Stops after the batch in progress, if any. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const limit = this.options.batchSize ?? 500;
    while (this.running) {
      let pause = 0;
      this.wokenWhileBusy = false;
      try {
        const { read } = await this.runBatch();
        this.failures = 0;
        // Events appended while the batch ran may not be in it: look again at once when told so.
        if (read < limit && !this.wokenWhileBusy) pause = this.options.idleMs ?? 250;
      } catch (error) {
        this.failures += 1;
        pause = Math.min(this.options.maxBackoffMs ?? 30_000, 500 * 2 ** Math.min(this.failures - 1, 10));
        // A database that went away is tried again every few seconds: the subscription resumes
        // soon after it is back, not after a long backoff built up during the outage.
        if (error instanceof StoreUnavailableError) pause = Math.min(pause, UNAVAILABLE_RETRY_MS);
        this.options.metrics?.subscriptionFailures.inc({ subscription: this.options.name });
        this.log.error('batch failed; retrying', { error, attempt: this.failures, retryInMs: pause });
        await this.recordFailure(error).catch(() => undefined);
      }
      if (pause > 0 && this.running) await this.sleep(pause);
    }
  }

  private async recordFailure(error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await this.db.query('UPDATE subscription_checkpoints SET last_error = $2, failed_at = now() WHERE name = $1', [
      this.options.name,
      message.slice(0, 2000),
    ]);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}
