import { DatabaseEventStore, quoteIdent, SqlDatabase } from '@app/event-store';
import { Logger } from '@app/observability';
import { physicalTable, Projection, projectionSubscription } from './projection';
import { createGeneration, generationsOf, lockGenerations, pointViews } from './projection-generations';
import { SubscriptionRunner } from './subscription-runner';

/*
 * Blue/green generations: a projection is rebuilt into a new generation fed from the start of the
 * log while the live one keeps answering, and switched in once it has caught up. Every step holds
 * the projection's advisory lock, so several processes may attempt it at once.
 */

/** The runner that feeds a generation (the running one, or a fresh one to lock with). */
export type RunnerFor = (projection: Projection, generation: number) => SubscriptionRunner;

/**
 * Makes sure the projection has a live generation with tables and views, and starts a new
 * generation when its code version changed and none is building yet.
 *
 * @example
 * await prepareGenerations(db, projectListProjection, log);
 */
export async function prepareGenerations(db: SqlDatabase, projection: Projection, log: Logger): Promise<void> {
  await db.transaction(async (tx) => {
    await lockGenerations(tx, projection.name);
    const rows = await generationsOf(tx, projection.name);
    const live = rows.find((r) => r.status === 'live');
    if (!live) {
      await createGeneration(tx, projection, 1, 'live');
      await pointViews(tx, projection, 1);
    } else if (live.version !== projection.version && !rows.some((r) => r.status === 'building')) {
      const next = Math.max(...rows.map((r) => r.generation)) + 1;
      await createGeneration(tx, projection, next, 'building');
      log.info('projection version changed; building a new generation', { projection: projection.name, generation: next });
    }
  });
}

/**
 * Starts a building generation of the projection, or returns the one already building.
 *
 * @example
 * const generation = await startGeneration(db, projectListProjection); // 2
 */
export async function startGeneration(db: SqlDatabase, projection: Projection): Promise<number> {
  return db.transaction(async (tx) => {
    await lockGenerations(tx, projection.name);
    const rows = await generationsOf(tx, projection.name);
    const building = rows.find((r) => r.status === 'building');
    if (building) return building.generation;
    const next = Math.max(0, ...rows.map((r) => r.generation)) + 1;
    await createGeneration(tx, projection, next, 'building');
    return next;
  });
}

/**
 * Switches a building generation in: with both generations' runners locked out, the building
 * one processes what is left of the log, then the views point at its tables and the old
 * generation is retired and dropped, all in one transaction. Returns the retired generation
 * (undefined when there was none or the generation was not building).
 *
 * @example
 * const retired = await switchIn(store, projectListProjection, 2, runnerFor); // 1
 */
export async function switchIn(store: DatabaseEventStore, projection: Projection, generation: number, runnerFor: RunnerFor): Promise<number | undefined> {
  const name = projection.name;
  const building = runnerFor(projection, generation);
  return store.transaction(async (tx) => {
    await lockGenerations(tx, name);
    const rows = await generationsOf(tx, name);
    const target = rows.find((r) => r.generation === generation);
    if (target?.status !== 'building') return undefined;
    const live = rows.find((r) => r.status === 'live');
    await building.lockWithin(tx);
    if (live) await runnerFor(projection, live.generation).lockWithin(tx);
    const limit = building.options.batchSize ?? 500;
    for (;;) {
      const { read } = await building.processWithin(tx);
      if (read < limit) break;
    }
    if (live) await tx.query("UPDATE projection_generations SET status = 'retired' WHERE name = $1 AND generation = $2", [name, live.generation]);
    await tx.query("UPDATE projection_generations SET status = 'live', switched_at = now() WHERE name = $1 AND generation = $2", [name, generation]);
    await pointViews(tx, projection, generation);
    if (live) {
      for (const table of projection.tables) await tx.exec(`DROP TABLE IF EXISTS ${quoteIdent(physicalTable(table, live.generation))}`);
      await tx.query('DELETE FROM subscription_checkpoints WHERE name = $1', [projectionSubscription(name, live.generation)]);
    }
    return live?.generation;
  });
}
