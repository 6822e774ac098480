import { compareCursors, DatabaseEventStore, LogCursor, RecordedEvent, SqlDatabase, SqlExecutor, SqlStoreTransaction } from '@app/event-store';
import { EngineMetrics, Logger, silentLogger } from '@app/observability';
import { Projection, projectionSubscription } from './projection';
import type { ReadRouting } from './read-routing';
import { GenerationRow, generationsIn, generationStatus, physicalName } from './projection-generations';
import { prepareGenerations, startGeneration, switchIn } from './projection-switch';
import { SubscriptionRemovedError, SubscriptionRunner } from './subscription-runner';

/** Events per batch of a generation being built from the start of the log. */
export const DEFAULT_REBUILD_BATCH_SIZE = 5000;

export interface ProjectionManagerOptions {
  readonly batchSize?: number;
  /**
   * Events per batch of a generation being built from the start of the log (default 5000):
   * larger batches fold many events into each row before writing it once.
   */
  readonly rebuildBatchSize?: number;
  readonly idleMs?: number;
  /** How often a running manager looks for generations started elsewhere (ms, default 5000). */
  readonly syncMs?: number;
  readonly logger?: Logger;
  readonly metrics?: EngineMetrics;
  /** Prepares events before projections see them (opens sealed personal data), in the batch's transaction. */
  readonly prepare?: (events: readonly RecordedEvent[], tx: SqlExecutor) => Promise<readonly RecordedEvent[]>;
  /** Where reads go when there is a read replica (see `routeRead`). */
  readonly readRouting?: ReadRouting;
}

export interface GenerationStatus {
  readonly name: string;
  readonly generation: number;
  readonly version: number;
  readonly status: 'building' | 'live' | 'retired';
  readonly position: number;
  readonly lag: number;
  readonly lastError?: string;
}

/** A generation that was retired while a runner still had it: the runner stops. */
class GenerationRetiredError extends Error {}

/**
 * Runs the engine's projections: creates their tables and views, feeds each live (and each
 * building) generation from the log through a {@link SubscriptionRunner}, rebuilds a projection
 * blue/green (a new generation from position 0, switched in when it has caught up), and lets
 * readers wait until a position is projected.
 *
 * @example
 * const manager = new ProjectionManager(store, db, [projectListProjection]);
 * await manager.setUp();
 * manager.start();
 */
export class ProjectionManager {
  private readonly byName: Map<string, Projection>;
  private readonly runners = new Map<string, SubscriptionRunner>();
  private readonly log: Logger;
  private syncTimer: NodeJS.Timeout | undefined;
  private started = false;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly store: DatabaseEventStore,
    private readonly db: SqlDatabase,
    readonly projections: readonly Projection[],
    private readonly options: ProjectionManagerOptions = {},
  ) {
    this.byName = new Map(projections.map((p) => [p.name, p]));
    if (this.byName.size !== projections.length) throw new Error('Two projections share a name');
    this.log = (options.logger ?? silentLogger).child('projections');
  }

  /**
   * Makes sure every projection has a live generation with tables and views, and starts a new
   * generation for a projection whose code version changed. Safe to run from several processes.
   */
  async setUp(): Promise<void> {
    for (const projection of this.projections) await prepareGenerations(this.db, projection, this.log);
    await this.syncRunners();
  }

  /** Starts feeding every live and building generation, and keeps in step with other processes. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const runner of this.runners.values()) runner.start();
    this.syncTimer = setInterval(() => {
      this.syncRunners().catch((error) => this.log.error('could not sync projection runners', { error }));
      this.updateLag().catch(() => undefined);
    }, this.options.syncMs ?? 5000);
    this.syncTimer.unref();
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.syncTimer) clearInterval(this.syncTimer);
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
  }

  /** Wakes the runners (called after appends made in this process). */
  notify(): void {
    for (const runner of this.runners.values()) runner.notify();
  }

  /**
   * Starts a blue/green rebuild of a projection: a new generation fed from the start of the log,
   * switched in when it has caught up. Returns the new generation number.
   */
  async rebuild(name: string): Promise<number> {
    const generation = await startGeneration(this.db, this.projection(name));
    this.log.info('rebuild started', { projection: name, generation });
    await this.syncRunners();
    return generation;
  }

  /**
   * Processes everything visible in the log for every generation, and switches in building
   * generations that have caught up. Used by tests, the CLI and the benchmark.
   */
  async catchUp(): Promise<void> {
    for (;;) {
      await this.syncRunners();
      for (const runner of [...this.runners.values()]) await this.runUntilIdle(runner);
      const building = await generationsIn(this.db, ['building']);
      const ours = building.filter((r) => this.byName.has(r.name));
      if (ours.length === 0) return;
      for (const row of ours) await this.trySwitch(row.name, row.generation);
    }
  }

  private async runUntilIdle(runner: SubscriptionRunner): Promise<void> {
    const limit = runner.options.batchSize ?? 500;
    for (;;) {
      let result;
      try {
        result = await runner.runBatch();
      } catch (error) {
        // A switch retired this generation (and dropped its checkpoint) since the list of runners
        // was taken: there is nothing left for it to do.
        if (error instanceof GenerationRetiredError || error instanceof SubscriptionRemovedError) return;
        throw error;
      }
      if (result.locked || result.read < limit) return;
    }
  }

  /**
   * Waits until every live generation of the named projections (all when omitted) has
   * processed the event at `position`. Resolves false when `timeoutMs` passes first.
   */
  async waitForPosition(position: number, timeoutMs = 5000, names?: readonly string[]): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const wanted = names ?? this.projections.map((p) => p.name);
    let target: LogCursor | undefined;
    for (;;) {
      target ??= await this.store.cursorOfPosition(position);
      if (target) {
        if (await this.checkpointsReach(this.db, target, wanted)) return true;
      }
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, 50));
        this.waiters.add(done);
      });
    }
  }

  /**
   * Whether every live generation of `wanted` in `db` has processed `target`: the checkpoints
   * are read from `db`, so on a replica they say what the replica has replayed.
   */
  private async checkpointsReach(db: SqlDatabase, target: LogCursor, wanted: readonly string[]): Promise<boolean> {
    const res = await db.query<{ transaction_id: string; position: string | number }>(
      `SELECT c.transaction_id::text AS transaction_id, c.position
       FROM projection_generations g JOIN subscription_checkpoints c ON c.name = 'projection:' || g.name || ':g' || g.generation
       WHERE g.status = 'live' AND g.name = ANY($1::text[])`,
      [wanted],
    );
    return res.rows.length === wanted.length && res.rows.every((r) => compareCursors({ transactionId: r.transaction_id, position: Number(r.position) }, target) >= 0);
  }

  /**
   * Whether the read models of `names` (all when omitted) in `db` — a read replica — have
   * processed the event at `position` already; false when the replica cannot be asked.
   */
  async reachedOn(db: SqlDatabase, position: number, names?: readonly string[]): Promise<boolean> {
    const target = await this.store.cursorOfPosition(position);
    if (!target) return false;
    return this.checkpointsReach(db, target, names ?? this.projections.map((p) => p.name)).catch(() => false);
  }

  /**
   * For a read that asked for `position` (and found it projected on the primary): the rest of
   * the read goes to the primary when the read replica has not replayed it yet. Nothing to do
   * without a replica.
   */
  async routeRead(position: number, names?: readonly string[]): Promise<void> {
    const routing = this.options.readRouting;
    if (!routing?.replica) return;
    if (!(await this.reachedOn(routing.replica, position, names))) routing.usePrimary();
  }

  /**
   * Applies one stream again, from its first event, to every live read model that derives rows
   * from it (an erased subject's rows then show `[erased]`). Runs under each subscription's lock,
   * up to the subscription's checkpoint, so it never races the runner. Every read and write goes
   * through `tx` when given (the caller's transaction, e.g. an erasure's, which commits the
   * re-fold with its other writes), else through one transaction of its own: the embedded
   * database has a single connection, so a read outside the transaction would wait for it forever.
   *
   * @example
   * await store.transaction(async (tx) => { await keys.destroy(tx, subject); await manager.replayStream('project-p1', tx); });
   */
  async replayStream(streamId: string, tx?: SqlStoreTransaction): Promise<void> {
    if (!tx) return this.store.transaction((own) => this.replayStream(streamId, own));
    for (const row of await generationsIn(tx, ['live'])) {
      const projection = this.byName.get(row.name);
      if (!projection?.forget) continue;
      const runner = this.runners.get(projectionSubscription(row.name, row.generation)) ?? this.makeRunner(projection, row.generation);
      await runner.lockWithin(tx);
      const checkpoint = await tx.query<{ transaction_id: string; position: string | number }>(
        'SELECT transaction_id::text AS transaction_id, position FROM subscription_checkpoints WHERE name = $1',
        [projectionSubscription(row.name, row.generation)],
      );
      const at = checkpoint.rows[0];
      if (!at) continue;
      const cursor = { transactionId: at.transaction_id, position: Number(at.position) };
      const context = { sql: tx, table: (table: string) => physicalName(projection, table, row.generation) };
      await projection.forget(streamId, context);
      const events = (await tx.readStream(streamId)).filter((e) => compareCursors(e, cursor) <= 0);
      const prepared = this.options.prepare ? await this.options.prepare(events, tx) : events;
      await projection.apply(prepared, context);
    }
  }

  /** Status of every generation with its checkpoint and lag. */
  async status(): Promise<GenerationStatus[]> {
    const head = await this.store.headCursor();
    const res = await this.db.query<GenerationRow & { position: string | number | null; last_error: string | null }>(
      `SELECT g.name, g.generation, g.version, g.status, c.position, c.last_error
       FROM projection_generations g LEFT JOIN subscription_checkpoints c ON c.name = 'projection:' || g.name || ':g' || g.generation
       WHERE g.status <> 'retired' ORDER BY g.name, g.generation`,
    );
    return res.rows.map((r) => {
      const position = Number(r.position ?? 0);
      return {
        name: r.name,
        generation: r.generation,
        version: r.version,
        status: r.status,
        position,
        lag: Math.max(0, head.position - position),
        ...(r.last_error ? { lastError: r.last_error } : {}),
      };
    });
  }

  /**
   * Sets each generation's lag gauges: in events (`grants_subscription_lag_events`) and in
   * seconds (`grants_subscription_lag_seconds`, the age of the oldest event it has not
   * processed; 0 when caught up). Runs with the runner sync; without metrics it does nothing.
   */
  async updateLag(): Promise<void> {
    const metrics = this.options.metrics;
    if (!metrics) return;
    for (const s of await this.status()) {
      const subscription = projectionSubscription(s.name, s.generation);
      metrics.subscriptionLag.set({ subscription }, s.lag);
      metrics.subscriptionLagSeconds.set({ subscription }, s.lag > 0 ? await this.ageOfEventAfter(s.position) : 0);
    }
  }

  /** Seconds since the first event after `position` was recorded (0 if there is none). */
  private async ageOfEventAfter(position: number): Promise<number> {
    const res = await this.db.query<{ age: string | number | null }>(
      `SELECT extract(epoch FROM now() - recorded_at) AS age FROM events WHERE position > $1 ORDER BY position LIMIT 1`,
      [position],
    );
    return Math.max(0, Number(res.rows[0]?.age ?? 0));
  }

  private projection(name: string): Projection {
    const projection = this.byName.get(name);
    if (!projection) throw new Error(`Unknown projection ${name}`);
    return projection;
  }

  /** Starts runners for generations that need one and stops those of retired generations. */
  private async syncRunners(): Promise<void> {
    const wanted = new Set<string>();
    for (const row of await generationsIn(this.db, ['live', 'building'])) {
      const projection = this.byName.get(row.name);
      if (!projection) continue;
      const subscription = projectionSubscription(row.name, row.generation);
      wanted.add(subscription);
      if (this.runners.has(subscription)) continue;
      const runner = this.makeRunner(projection, row.generation, row.status === 'building' ? (this.options.rebuildBatchSize ?? DEFAULT_REBUILD_BATCH_SIZE) : undefined);
      this.runners.set(subscription, runner);
      if (this.started) runner.start();
    }
    for (const [subscription, runner] of this.runners) {
      if (!wanted.has(subscription)) {
        this.runners.delete(subscription);
        await runner.stop();
      }
    }
  }

  private makeRunner(projection: Projection, generation: number, batchSize = this.options.batchSize ?? 500): SubscriptionRunner {
    const name = projectionSubscription(projection.name, generation);
    // The status the batch's handler read (none when the batch handled no events): the pass
    // after it need not read it again.
    let handledStatus: string | undefined;
    const runner = new SubscriptionRunner(this.store, this.db, {
      name,
      batchSize,
      idleMs: this.options.idleMs,
      logger: this.options.logger,
      metrics: this.options.metrics,
      handle: async (events, tx) => {
        const status = await generationStatus(tx, projection.name, generation);
        handledStatus = status;
        if (status !== 'live' && status !== 'building') throw new GenerationRetiredError(name);
        const prepared = this.options.prepare ? await this.options.prepare(events, tx) : events;
        await projection.apply(prepared, { sql: tx, table: (table) => physicalName(projection, table, generation) });
      },
    });
    const batch = runner.runBatch.bind(runner);
    // A live generation never becomes a building one again: once seen live, its passes stop
    // asking (one statement less per pass).
    let seenLive = false;
    // Wake read-your-writes waiters after each batch, and switch a building generation in as
    // soon as it has caught up.
    runner.runBatch = async () => {
      handledStatus = undefined;
      const result = await batch();
      for (const waiter of [...this.waiters]) waiter();
      if (!result.locked && result.read < batchSize && !seenLive) {
        const status = handledStatus ?? (await generationStatus(this.db, projection.name, generation));
        seenLive = status === 'live';
        if (status === 'building') await this.trySwitch(projection.name, generation);
      }
      return result;
    };
    return runner;
  }

  /** Switches a building generation in (see {@link switchIn}) and follows with the runners. */
  private async trySwitch(name: string, generation: number): Promise<void> {
    const runnerFor = (projection: Projection, g: number) => this.runners.get(projectionSubscription(name, g)) ?? this.makeRunner(projection, g);
    const switched = await switchIn(this.store, this.projection(name), generation, runnerFor);
    if (switched !== undefined || this.runners.has(projectionSubscription(name, generation))) {
      this.log.info('projection generation switched in', { projection: name, generation, retired: switched });
      await this.syncRunners();
    }
  }
}
