import type { Job } from 'bullmq';
import { Clock } from '@app/application';
import { EventStore } from '@app/event-store';
import { ProjectionManager } from '@app/projections';
import { JobDefinition, JobHandler } from '@app/queue';

export const MAINTENANCE_QUEUE = 'maintenance';

export const REBUILD_PROJECTION_JOB: JobDefinition = { queue: MAINTENANCE_QUEUE, name: 'projection.rebuild' };
export const PURGE_IDEMPOTENCY_JOB: JobDefinition = { queue: MAINTENANCE_QUEUE, name: 'idempotency.purge' };

/** Idempotency keys are kept at least 24 hours (API.md); purging at 48 h leaves a margin. */
export const IDEMPOTENCY_RETENTION_MS = 48 * 3600 * 1000;

/** Starts a blue/green rebuild; a repeated job finds the building generation and does nothing more. */
export function rebuildProjectionHandler(projections: ProjectionManager): JobHandler<{ name: string }> {
  return {
    ...REBUILD_PROJECTION_JOB,
    handle: async (job: Job<{ name: string }>) => ({ generation: await projections.rebuild(job.data.name) }),
  };
}

export function purgeIdempotencyHandler(store: EventStore, clock: Clock): JobHandler {
  return {
    ...PURGE_IDEMPOTENCY_JOB,
    handle: async () => ({
      purged: await store.purgeIdempotencyRecords(new Date(clock.now().getTime() - IDEMPOTENCY_RETENTION_MS).toISOString()),
    }),
  };
}
